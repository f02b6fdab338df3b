package com.bulkcancel.job;

import java.util.Arrays;
import java.util.Locale;

import com.bulkcancel.launch.InvalidInvocationException;

/**
 * Switches honoured only on the command line, never from the environment or application.yml, so a stray
 * setting cannot resend a whole file every night. A bare flag ({@code --cancel.dry-run}) means true.
 */
public record CommandLineFlags(
        boolean dryRun, boolean newRun, boolean abandonUnfinished, boolean history, boolean report) {

    static final String DRY_RUN = "--cancel.dry-run";
    static final String NEW_RUN = "--cancel.new-run";
    static final String ABANDON_UNFINISHED = "--cancel.abandon-unfinished";
    static final String HISTORY = "--cancel.history";
    static final String REPORT = "--cancel.report";

    public static CommandLineFlags parse(String[] args) {
        return new CommandLineFlags(
                flag(args, DRY_RUN),
                flag(args, NEW_RUN),
                flag(args, ABANDON_UNFINISHED),
                flag(args, HISTORY),
                flag(args, REPORT));
    }

    /** The arguments without these flags: Spring must not bind them (a bare flag would fail a boolean). */
    public static String[] withoutFlags(String[] args) {
        return Arrays.stream(args).filter(a -> name(a) == null).toArray(String[]::new);
    }

    private static boolean flag(String[] args, String flag) {
        boolean value = false;
        for (String arg : args) {
            if (flag.equals(name(arg))) {
                int eq = arg.indexOf('=');
                String text = eq < 0 ? "" : arg.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
                value = switch (text) {
                    case "", "true", "yes", "on", "1" -> true;
                    case "false", "no", "off", "0" -> false;
                    default -> throw new InvalidInvocationException(flag + " takes true or false, not '" + text + "'");
                };
            }
        }
        return value;
    }

    /** The flag an argument sets, in Spring's relaxed forms (--cancel.dryRun, --cancel.dry_run), else null. */
    private static String name(String arg) {
        int eq = arg.indexOf('=');
        String key =
                (eq < 0 ? arg : arg.substring(0, eq)).toLowerCase(Locale.ROOT).replace("_", "-");
        String canonical = key.replace("-", "");
        for (String flag : new String[] {DRY_RUN, NEW_RUN, ABANDON_UNFINISHED, HISTORY, REPORT}) {
            if (flag.replace("-", "").equals(canonical)) {
                return flag;
            }
        }
        return null;
    }
}
