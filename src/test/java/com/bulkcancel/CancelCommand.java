package com.bulkcancel;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * Runs the real command in this JVM, as an operator would: against a simulated provider, with the job
 * database in an H2 file under a test's temporary directory. Fast (no forked JVM) yet end to end.
 */
public final class CancelCommand {

    private final Path workDir;
    private final Map<String, String> environment = new HashMap<>();
    private final List<String> baseArgs = new ArrayList<>();

    public CancelCommand(Path workDir, SimulatedFrontpayment provider) {
        this.workDir = workDir;
        environment.put("FRONTPAYMENT_TOKEN", SimulatedFrontpayment.TOKEN);
        baseArgs.add("--spring.datasource.url=jdbc:h2:file:" + workDir.resolve("jobs"));
        if (provider != null) {
            baseArgs.add("--frontpayment.base-url=" + provider.baseUrl());
        }
        // Fast retries in tests; the behaviour is the same.
        baseArgs.add("--cancel.backoff.initial=10ms");
        baseArgs.add("--cancel.backoff.max=50ms");
    }

    public CancelCommand withEnv(String name, String value) {
        if (value == null) {
            environment.remove(name);
        } else {
            environment.put(name, value);
        }
        return this;
    }

    public CancelCommand withArgs(String... args) {
        baseArgs.addAll(List.of(args));
        return this;
    }

    public Path workDir() {
        return workDir;
    }

    /** Runs the command; an argument given here replaces a base argument of the same name. */
    public Result run(String... args) {
        return run(null, args);
    }

    /** Runs the command under this shutdown hook (a test's, with its own halt) instead of a JVM hook. */
    Result run(GracefulShutdown shutdown, String... args) {
        List<String> all = new ArrayList<>();
        for (String base : baseArgs) {
            if (List.of(args).stream().noneMatch(a -> name(a).equals(name(base)))) {
                all.add(base);
            }
        }
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        String[] command = all.toArray(String[]::new);
        int exit = shutdown == null
                ? BulkCancelApplication.run(command, environment, outStream, errStream)
                : BulkCancelApplication.run(command, environment, outStream, errStream, shutdown);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String name(String arg) {
        int eq = arg.indexOf('=');
        return eq < 0 ? arg : arg.substring(0, eq);
    }

    /** Exit code and what the command itself printed (logs go to the console, see OutputCaptureExtension). */
    public record Result(int exitCode, String out, String err) {}
}
