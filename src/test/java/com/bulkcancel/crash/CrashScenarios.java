package com.bulkcancel.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * The real jar, killed and stopped mid-run against a slow simulated provider, then run again with the same
 * command. Run on each job database the product supports (subclasses).
 */
abstract class CrashScenarios {

    static final int ROWS = 160;
    static final int MAX_IN_FLIGHT = 8;
    static final long SEED = Long.getLong("bulkcancel.seed", 20_260_601L);
    /**
     * The most the provider holds one answer of a run that must stay mid-run while other commands start (the test
     * releases the hold once they have exited). Later calls are held again, so the run stays mid-run for up to
     * about ROWS / MAX_IN_FLIGHT x HOLD (on a loaded 2-core machine the other JVMs took 16-24 s to get to their
     * check), and without a release nothing hangs. Well under the client's 15 s response timeout, so a held call is
     * never given up and sent again.
     */
    static final Duration HOLD = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    JobDatabase database;
    SimulatedFrontpayment provider;
    JarRun jar;

    abstract JobDatabase openDatabase(Path dir);

    @BeforeEach
    void start() {
        database = openDatabase(dir);
        provider = new SimulatedFrontpayment();
        jar = new JarRun(dir, provider, database.url());
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        if (database != null) {
            database.drop();
        }
    }

    /** Right after a kill -9: what the job database needs before the killed run can be recovered. */
    void afterKill(Path input) {}

    Path results() {
        return dir.resolve("reservations.results.csv");
    }

    @Test
    void killNineAtSeededPointsThenTheSameCommandResumesAndNothingIsCancelledTwice() throws Exception {
        provider.server().setGlobalFixedDelay(40);
        Random random = new Random(SEED);
        CancelJournal journal = new CancelJournal(provider, SEED, ROWS);
        Path input = journal.writeInput(dir.resolve("reservations.csv"));
        int first = 15 + random.nextInt(45);
        int second = first + 30 + random.nextInt(60);

        for (int killPoint : new int[] {first, second}) {
            JarRun.Child child = jar.start("--cancel.input=" + input);
            child.awaitUntil(() -> journal.requestCount() >= killPoint, Duration.ofSeconds(60));
            child.killNine();
            afterKill(input);
        }
        assertThat(database.executionStatuses()).as("seed %d", SEED).last().isEqualTo("STARTED");

        JarRun.Child rerun = jar.start("--cancel.input=" + input);

        assertThat(rerun.exitCode(Duration.ofSeconds(90)))
                .as("seed %d; log:%n%s", SEED, rerun.output())
                .isZero();
        assertThat(rerun.output()).contains("ended without finishing (killed?); recovering it");
        assertThat(database.executionStatuses()).last().isEqualTo("COMPLETED");
        journal.assertCompleteAndNeverCancelledTwice(results(), 2, MAX_IN_FLIGHT);
    }

    @Test
    void sigtermFinishesTheCallsInFlightStopsWithExit1AndTheRerunSendsOnlyTheRest() throws Exception {
        provider.server().setGlobalFixedDelay(150);
        CancelJournal journal = new CancelJournal(provider, SEED + 1, ROWS);
        Path input = journal.writeInput(dir.resolve("reservations.csv"));
        JarRun.Child child = jar.start("--cancel.input=" + input);
        child.awaitUntil(() -> journal.requestCount() >= 40, Duration.ofSeconds(60));

        child.terminate();

        assertThat(child.exitCode(Duration.ofSeconds(30)))
                .as("log:%n%s", child.output())
                .isEqualTo(1);
        assertThat(child.output()).contains("Stop requested").contains("Run STOPPED");
        assertThat(database.executionStatuses()).containsExactly("STOPPED");
        assertThat(database.dispatchedChunks()).isZero(); // every call in flight was answered and recorded
        int sentBeforeStop = journal.requestCount();
        assertThat(sentBeforeStop).isLessThan(ROWS);

        JarRun.Child rerun = jar.start("--cancel.input=" + input);

        assertThat(rerun.exitCode(Duration.ofSeconds(90)))
                .as("log:%n%s", rerun.output())
                .isZero();
        // Nothing was lost with the stop: exactly one call per line over both runs.
        assertThat(journal.requestCount()).isEqualTo(ROWS);
        journal.assertCompleteAndNeverCancelledTwice(results(), 0, MAX_IN_FLIGHT);
    }
}
