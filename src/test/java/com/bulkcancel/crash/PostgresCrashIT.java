package com.bulkcancel.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.bulkcancel.ResultsCsv;

/**
 * The same crash scenarios with the job repository on PostgreSQL (127.0.0.1:5432, database test), each test in
 * a schema of its own. Liveness is the input's advisory lock and the run's heartbeat: runs of different files
 * overlap, the same file not.
 */
class PostgresCrashIT extends CrashScenarios {

    @Override
    JobDatabase openDatabase(Path dir) {
        return JobDatabase.postgres();
    }

    /**
     * A killed run's heartbeat stays fresh for 3 x 2 s + call-timeout (20 s): until then a start cannot tell it from
     * a live run that lost its lock, so it exits 5 (a child JVM starts well within those 26 s); once the beat has
     * aged, the next start recovers the run.
     */
    @Override
    void afterKill(Path input) {
        JarRun.Child tooSoon = jar.start("--cancel.input=" + input);
        assertThat(tooSoon.exitCode(Duration.ofSeconds(60)))
                .as("log:%n%s", tooSoon.output())
                .isEqualTo(5);
        assertThat(tooSoon.output()).contains("heartbeat");
        await().atMost(Duration.ofSeconds(60)).until(() -> database.heartbeatsYoungerThan(Duration.ofSeconds(27)) == 0);
    }

    @Test
    void aSecondStartOfTheSameInputExits5WhileAnotherFileRunsAlongside() throws Exception {
        provider.server().setGlobalFixedDelay(600);
        CancelJournal journal = new CancelJournal(provider, SEED + 3, ROWS);
        Path input = journal.writeInput(dir.resolve("reservations.csv"));
        CancelJournal otherJournal = new CancelJournal(provider, SEED + 4, 8);
        Path other = otherJournal.writeInput(dir.resolve("other.csv"));
        // The run must still hold its input when the second start of it checks, however slowly that starts: its
        // answers are held until then (the other file's are not).
        journal.holdAnswersAfter(10, HOLD);
        JarRun.Child running = jar.start("--cancel.input=" + input);
        running.awaitUntil(() -> journal.requestCount() >= 10, Duration.ofSeconds(60));

        JarRun.Child sameInput = jar.start("--cancel.input=" + input);
        JarRun.Child otherInput = jar.start("--cancel.input=" + other);

        try {
            assertThat(sameInput.exitCode(Duration.ofSeconds(60)))
                    .as("log:%n%s", sameInput.output())
                    .isEqualTo(5);
            assertThat(sameInput.output()).contains("another run of " + input.toRealPath() + " is in progress");
            assertThat(otherInput.exitCode(Duration.ofSeconds(60)))
                    .as("log:%n%s", otherInput.output())
                    .isZero();
            assertThat(running.process().isAlive())
                    .as("the first run was still running meanwhile")
                    .isTrue();
        } finally {
            provider.releaseAnswers();
        }
        assertThat(ResultsCsv.read(dir.resolve("other.results.csv")))
                .hasSize(8)
                .extracting(r -> r.get("outcome"))
                .containsOnly("CANCELLED");

        assertThat(running.exitCode(Duration.ofSeconds(90)))
                .as("log:%n%s", running.output())
                .isZero();
        journal.assertCompleteAndNeverCancelledTwice(results(), 0, MAX_IN_FLIGHT);
        assertThat(Files.exists(dir.resolve("reservations.results.csv"))).isTrue();
    }
}
