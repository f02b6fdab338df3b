package com.bulkcancel.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crontab line prints only when the run exits non-zero, so cron's mail to MAILTO is exactly the failures.
 * Checked by running the line's command through /bin/sh with a stand-in {@code java} that exits as told.
 */
class CronRecipeTest {

    private static final String DIRECTORY = "/srv/bulk-cancel";

    @Test
    void mailsOnlyFailuresAndKeepsTheTokenOutOfTheCommandLine() {
        List<String> lines = Recipes.logicalLines(Recipes.CRONTAB);
        assertThat(lines).anyMatch(l -> l.startsWith("MAILTO="));
        String command = command();
        assertThat(command)
                .contains("--frontpayment.token-file=")
                .doesNotContain("--frontpayment.token=")
                .as("cron ends the command at an unescaped percent sign")
                .doesNotContain("%");
    }

    @Test
    void printsNothingWhenTheRunExitsZero(@TempDir Path dir) throws Exception {
        Recipes.Result run = runLine(dir, 0);

        assertThat(run.output()).as("a clean run mails nothing").isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(Files.readString(dir.resolve("log/bulk-cancel.log"))).contains("summary of the run", "exit 0");
    }

    @Test
    void printsTheRunsOutputAndExitCodeWhenItIsNotZero(@TempDir Path dir) throws Exception {
        for (int exit = 1; exit <= 5; exit++) {
            Recipes.Result run = runLine(dir, exit);

            assertThat(run.output())
                    .as("exit %d is mailed with the run's output", exit)
                    .contains("summary of the run", "exited with " + exit);
        }
        assertThat(Files.readString(dir.resolve("log/bulk-cancel.log"))).contains("exit 3", "exit 5");
    }

    /** The job line's command: the line after its five schedule fields. */
    private static String command() {
        List<String> jobs = Recipes.logicalLines(Recipes.CRONTAB).stream()
                .filter(l -> l.matches("^[0-9*].*"))
                .toList();
        assertThat(jobs).hasSize(1);
        return jobs.get(0).split("\\s+", 6)[5];
    }

    private static Recipes.Result runLine(Path dir, int exit) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh: the crontab line was not run");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'summary of the run'\necho 'a warning' >&2\nexit " + exit + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(dir.resolve("log"));
        String command = command().replace(DIRECTORY, dir.toString());

        ProcessBuilder sh = new ProcessBuilder("/bin/sh", "-c", command).directory(dir.toFile());
        sh.environment().put("PATH", bin + ":/usr/bin:/bin");
        return Recipes.run(sh);
    }
}
