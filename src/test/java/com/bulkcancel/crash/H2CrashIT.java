package com.bulkcancel.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Crash scenarios on the default job database, an embedded H2 file (one process at a time). */
class H2CrashIT extends CrashScenarios {

    @Override
    JobDatabase openDatabase(Path dir) {
        return JobDatabase.h2(dir);
    }

    @Test
    void aSecondStartWhileTheDatabaseIsHeldExits5WithoutDisturbingTheRunningOne() throws Exception {
        provider.server().setGlobalFixedDelay(600);
        CancelJournal journal = new CancelJournal(provider, SEED + 2, ROWS);
        Path input = journal.writeInput(dir.resolve("reservations.csv"));
        // The run must still hold the database when the other starts check it, however slowly they start: its
        // answers are held until they have exited.
        journal.holdAnswersAfter(10, HOLD);
        JarRun.Child running = jar.start("--cancel.input=" + input);
        running.awaitUntil(() -> journal.requestCount() >= 10, Duration.ofSeconds(60));

        JarRun.Child second = jar.start("--cancel.input=" + input);
        JarRun.Child history = jar.start("--cancel.input=" + input, "--cancel.history");
        JarRun.Child report = jar.start("--cancel.input=" + input, "--cancel.report");

        try {
            assertThat(second.exitCode(Duration.ofSeconds(60)))
                    .as("log:%n%s", second.output())
                    .isEqualTo(5);
            assertThat(history.exitCode(Duration.ofSeconds(60)))
                    .as("log:%n%s", history.output())
                    .isEqualTo(5);
            assertThat(running.process().isAlive())
                    .as("the first run was still running meanwhile")
                    .isTrue();
            assertThat(second.output().strip().lines())
                    .hasSize(1)
                    .first()
                    .asString()
                    .contains("is in use by another run")
                    .contains("jobs.mv.db")
                    .contains("(exit 5)");
            assertThat(history.output()).contains("is in use by another run");
            assertThat(report.exitCode(Duration.ofSeconds(60)))
                    .as("log:%n%s", report.output())
                    .isEqualTo(5);
            assertThat(report.output()).contains("is in use by another run");
        } finally {
            provider.releaseAnswers();
        }

        assertThat(running.exitCode(Duration.ofSeconds(90)))
                .as("log:%n%s", running.output())
                .isZero();
        assertThat(journal.requestCount()).isEqualTo(ROWS);
        journal.assertCompleteAndNeverCancelledTwice(results(), 0, MAX_IN_FLIGHT);
    }
}
