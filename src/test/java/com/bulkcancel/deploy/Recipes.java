package com.bulkcancel.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The deployment recipes as files in the repository (the tests run from its root), and a way to run a tool. */
final class Recipes {

    static final Path DOCKERFILE = Path.of("Dockerfile");
    static final Path DOCKERIGNORE = Path.of(".dockerignore");
    static final Path KUBERNETES = Path.of("samples/kubernetes/bulk-cancel-cronjob.yaml");
    static final Path SYSTEMD_SERVICE = Path.of("samples/systemd/bulk-cancel.service");
    static final Path SYSTEMD_TIMER = Path.of("samples/systemd/bulk-cancel.timer");
    static final Path SYSTEMD_FAILURE = Path.of("samples/systemd/bulk-cancel-failure@.service");
    static final Path CRONTAB = Path.of("samples/cron/bulk-cancel.crontab");
    static final Path DEPLOYING = Path.of("docs/deploying.md");

    static final List<Path> ALL = List.of(DOCKERFILE, KUBERNETES, SYSTEMD_SERVICE, SYSTEMD_FAILURE, CRONTAB);

    private Recipes() {}

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's lines without comments and blank lines, continuation lines ({@code \} at the end) joined. */
    static List<String> logicalLines(Path file) {
        List<String> lines = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : read(file).split("\n", -1)) {
            String trimmed = line.strip();
            if (pending.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            lines.add(pending.toString().strip());
            pending.setLength(0);
        }
        return lines;
    }

    record Result(int exit, String output) {}

    /** Runs a command to its end (bounded generously: these tools answer in about a second). */
    static Result run(List<String> command, Path directory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        return run(builder);
    }

    static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(builder.command() + " did not end within 120 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Whether a program is on the PATH (systemd-analyze is not on every build machine). */
    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
