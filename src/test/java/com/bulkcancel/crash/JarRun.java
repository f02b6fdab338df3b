package com.bulkcancel.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * The real jar ({@code target/bulk-cancel.jar}, built by {@code package} before failsafe runs) started as a child
 * process, as a scheduler would: its own JVM, so kill -9 and SIGTERM are real. Output goes to a log file per run.
 */
final class JarRun {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path workDir;
    private final List<String> baseArgs = new ArrayList<>();

    JarRun(Path workDir, SimulatedFrontpayment provider, String databaseUrl) {
        this.workDir = workDir;
        baseArgs.add("--frontpayment.base-url=" + provider.baseUrl());
        baseArgs.add("--spring.datasource.url=" + databaseUrl);
        if (databaseUrl.startsWith("jdbc:postgresql:")) {
            baseArgs.add("--spring.datasource.username=" + JobDatabase.USER);
        }
        baseArgs.add("--cancel.backoff.initial=10ms");
        baseArgs.add("--cancel.backoff.max=50ms");
        baseArgs.add("--cancel.rate-per-second=500");
        baseArgs.add("--cancel.max-in-flight=8");
        baseArgs.add("--cancel.chunk-size=25");
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("bulkcancel.jar", "target/bulk-cancel.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -B verify (package builds it)");
        }
        return jar;
    }

    Child start(String... args) {
        List<String> command = new ArrayList<>(List.of(
                "java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-jar", jar().toString()));
        command.addAll(baseArgs);
        command.addAll(List.of(args));
        Path log = workDir.resolve("run-" + RUNS.incrementAndGet() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("FRONTPAYMENT_TOKEN", SimulatedFrontpayment.TOKEN);
        try {
            return new Child(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to the end and returns the exit code. */
    int run(String... args) {
        return start(args).exitCode(Duration.ofSeconds(90));
    }

    record Child(Process process, Path log) {

        int exitCode(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the run did not end within " + timeout + "; its log:\n" + output());
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** kill -9: no hook, no clean-up, exactly like the OOM killer or a lost node. */
        void killNine() {
            process.destroyForcibly();
            exitCode(Duration.ofSeconds(20));
        }

        /** SIGTERM, as a scheduler or Ctrl-C sends it. */
        void terminate() {
            process.destroy();
        }

        void awaitUntil(BooleanSupplier condition, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (!process.isAlive()) {
                    throw new AssertionError("the run ended early; its log:\n" + output());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("condition not met within " + timeout + "; log:\n" + output());
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }
}
