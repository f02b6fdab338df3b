package com.bulkcancel;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import com.bulkcancel.launch.InvalidInvocationException;
import com.bulkcancel.provider.TokenSource;

/**
 * Refuses, before anything starts, a command that is not exactly what the operator meant: an argument that is
 * not an option ({@code dry-run}, {@code -Dx=y} after {@code -jar}), a {@code cancel.*} or {@code frontpayment.*}
 * option this build does not know ({@code --dry-run}, {@code --cancel.rate-per-secnd}), a duration without a
 * unit (Boot would read {@code 15} as 15 ms), and a command-line-only switch set anywhere but on the command line.
 * Each refusal is one line naming the mistake and the fix.
 */
final class CommandLineCheck {

    /** Prefixes passed to Spring Boot unchecked: its own settings, logging, management. */
    private static final String[] PASSED_THROUGH = {"spring.", "logging.", "management."};

    private static final Pattern BARE_NUMBER = Pattern.compile("\\s*[+-]?\\d+\\s*");

    private final KnownOptions options;

    CommandLineCheck(KnownOptions options) {
        this.options = options;
    }

    /** @throws InvalidInvocationException naming the first argument that is not a known option */
    void checkArguments(String[] args) {
        for (String arg : args) {
            checkArgument(arg);
        }
    }

    /**
     * @throws InvalidInvocationException when a command-line-only switch is set in the process environment, or a
     *                                    {@code CANCEL_*} or {@code FRONTPAYMENT_*} variable names no option (Boot
     *                                    would ignore it: it checks unknown names in files and arguments only)
     */
    void checkEnvironment(Map<String, String> variables) {
        for (String variable : variables.keySet()) {
            refuseSwitch(variable, "the environment variable " + variable);
            refuseUnknownVariable(variable);
        }
    }

    /** CANCEL_RATE_PER_SECOND and CANCEL_RATEPERSECOND both set cancel.rate-per-second (relaxed binding). */
    private void refuseUnknownVariable(String variable) {
        String name = variable.toLowerCase(Locale.ROOT);
        if (!(name.startsWith("cancel_") || name.startsWith("frontpayment_"))
                || variable.equals(TokenSource.VARIABLE)) {
            return;
        }
        String given = name.replace("_", "");
        boolean known = options.all().stream()
                .anyMatch(option ->
                        KnownOptions.canonical(option.name()).replace(".", "").equals(given));
        if (!known) {
            KnownOptions.Option closest = options.closest(name.replaceFirst("_", "."));
            throw new InvalidInvocationException("unknown setting in the environment variable " + variable
                    + (closest == null ? "" : " (did you mean " + variable(closest) + " for " + closest.name() + "?)")
                    + ": remove it or correct its name; --help lists every option");
        }
    }

    private static String variable(KnownOptions.Option option) {
        return option.name().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * @throws InvalidInvocationException when a command-line-only switch comes from any other source Spring reads
     *                                    (application.yml, application.properties, a JVM system property, the
     *                                    environment)
     */
    void checkPropertySources(ConfigurableEnvironment environment) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable && !isCommandLine(source)) {
                for (String name : enumerable.getPropertyNames()) {
                    refuseSwitch(name, name + " in " + source.getName());
                    if (isSystemProperties(source)) {
                        refuseUnknownSystemProperty(name);
                    }
                }
            }
        }
        refuseDurationsWithoutUnit(environment);
    }

    /**
     * A duration setting from any source (the environment, application.yml, where YAML makes {@code 30} a number)
     * must have a unit, as on the command line: Boot would read a bare number as milliseconds.
     */
    private void refuseDurationsWithoutUnit(ConfigurableEnvironment environment) {
        Binder binder = Binder.get(environment);
        for (KnownOptions.Option option : options.all()) {
            if (option.isDuration()) {
                binder.bind(option.name(), String.class).ifBound(value -> {
                    if (BARE_NUMBER.matcher(value).matches()) {
                        throw new InvalidInvocationException(option.name() + "=" + value.strip() + " has no unit "
                                + "(it would mean milliseconds): give a unit, e.g. 500ms or 15s");
                    }
                });
            }
        }
    }

    private void checkArgument(String arg) {
        if (arg.equals("--help") || arg.equals("-h") || arg.equals("--version")) {
            return;
        }
        if (arg.startsWith("-D")) {
            throw new InvalidInvocationException("'" + arg + "' comes after -jar, where Java does not read system "
                    + "properties: give it as --" + arg.substring(2) + " instead (or put -D... before -jar)");
        }
        if (!arg.startsWith("--") || arg.length() == 2) {
            throw new InvalidInvocationException("'" + arg + "' is not an option: options look like --name=value"
                    + suggestion(arg.replaceFirst("^-+", "")));
        }
        int eq = arg.indexOf('=');
        String name = arg.substring(2, eq < 0 ? arg.length() : eq);
        String value = eq < 0 ? null : arg.substring(eq + 1);
        String lower = name.toLowerCase(Locale.ROOT);
        for (String prefix : PASSED_THROUGH) {
            if (lower.startsWith(prefix)) {
                return;
            }
        }
        if (!KnownOptions.isOurs(name)) {
            throw new InvalidInvocationException(
                    "unknown option --" + name + suggestion(name) + "; --help lists every option");
        }
        KnownOptions.Option option = options.find(name)
                .orElseThrow(() -> new InvalidInvocationException(
                        "unknown option --" + name + suggestion(name) + "; --help lists every option"));
        if (option.isDuration() && value != null && BARE_NUMBER.matcher(value).matches()) {
            throw new InvalidInvocationException("--" + option.name() + "=" + value.strip() + " has no unit (it "
                    + "would mean milliseconds): give a unit, e.g. 500ms or 15s");
        }
    }

    private String suggestion(String name) {
        KnownOptions.Option closest = options.closest(name);
        return closest == null ? "" : " (did you mean --" + closest.name() + "?)";
    }

    private static void refuseSwitch(String name, String where) {
        String canonical = KnownOptions.canonical(name).replace(".", "");
        for (String option : KnownOptions.SWITCHES) {
            if (KnownOptions.canonical(option).replace(".", "").equals(canonical)) {
                throw new InvalidInvocationException(option + " is a command-line-only switch, but " + where
                        + " sets it: remove it there and give --" + option + " on the command line");
            }
        }
    }

    /** Boot checks unknown names in files and arguments only, not in -D system properties (given before -jar). */
    private void refuseUnknownSystemProperty(String name) {
        if (KnownOptions.isOurs(name) && options.find(name).isEmpty()) {
            throw new InvalidInvocationException("unknown setting in the system property -D" + name + suggestion(name)
                    + "; --help lists every option");
        }
    }

    private static boolean isSystemProperties(PropertySource<?> source) {
        return source.getName().equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    }

    private static boolean isCommandLine(PropertySource<?> source) {
        return source.getName().equals("commandLineArgs");
    }
}
