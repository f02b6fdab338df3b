package com.bulkcancel.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** Group commit: what arrives during a commit goes into the next one, and no future completes before its commit. */
class OutcomeRecorderTest {

    /** Records each commit's lines; the first commit waits until the test lets it finish. */
    private static final class SlowFirstCommit extends OutcomeStore {
        final List<List<Long>> commits = new CopyOnWriteArrayList<>();
        final CountDownLatch firstCommitStarted = new CountDownLatch(1);
        final CountDownLatch finishFirstCommit = new CountDownLatch(1);

        SlowFirstCommit() {
            super(null, null);
        }

        @Override
        public void record(long jobInstanceId, List<RowOutcome> inserts, List<RowOutcome> updates) {
            if (commits.isEmpty()) {
                firstCommitStarted.countDown();
                try {
                    finishFirstCommit.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            commits.add(inserts.stream().map(RowOutcome::line).toList());
        }
    }

    @Test
    void answersThatArriveDuringACommitShareTheNextOneAndWaitForIt() throws Exception {
        SlowFirstCommit store = new SlowFirstCommit();
        try (OutcomeRecorder recorder = new OutcomeRecorder(store, 1)) {
            CompletableFuture<Void> first = recorder.record(outcome(1), false);
            assertThat(store.firstCommitStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> meanwhile = IntStream.rangeClosed(2, 9)
                    .mapToObj(line -> recorder.record(outcome(line), false))
                    .toList();

            assertThat(first).as("durable only once its commit returns").isNotDone();
            assertThat(meanwhile).noneMatch(CompletableFuture::isDone);
            store.finishFirstCommit.countDown();

            CompletableFuture.allOf(meanwhile.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(first).isDone();
            assertThat(store.commits).containsExactly(List.of(1L), List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));
        }
    }

    @Test
    void aFailedCommitFailsEveryOutcomeInIt() {
        OutcomeStore broken = new OutcomeStore(null, null) {
            @Override
            public void record(long jobInstanceId, List<RowOutcome> inserts, List<RowOutcome> updates) {
                throw new IllegalStateException("disk full");
            }
        };
        try (OutcomeRecorder recorder = new OutcomeRecorder(broken, 1)) {
            assertThat(recorder.record(outcome(1), false))
                    .failsWithin(10, TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class);
        }
    }

    @Test
    void anErrorInACommitFailsEveryPendingAndEveryLaterOutcome() {
        OutcomeStore dying = new OutcomeStore(null, null) {
            @Override
            public void record(long jobInstanceId, List<RowOutcome> inserts, List<RowOutcome> updates) {
                throw new OutOfMemoryError("simulated: Java heap space");
            }
        };
        try (OutcomeRecorder recorder = new OutcomeRecorder(dying, 1)) {
            CompletableFuture<Void> pending = recorder.record(outcome(1), false);

            // failsWithin also passes on a future that never completes: the failure must be an ExecutionException
            assertThat(pending).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class);
            assertThat(recorder.record(outcome(2), true))
                    .as("handed in after the thread died")
                    .failsWithin(10, TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class);
        }
    }

    @Test
    void aCommitThatNeverReturnsFailsItsOutcomesInBoundedTime() {
        CountDownLatch never = new CountDownLatch(1);
        OutcomeStore hanging = new OutcomeStore(null, null) {
            @Override
            public void record(long jobInstanceId, List<RowOutcome> inserts, List<RowOutcome> updates) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        OutcomeRecorder recorder = new OutcomeRecorder(hanging, 1, Duration.ofSeconds(1));
        CompletableFuture<Void> first = recorder.record(outcome(1), false);
        CompletableFuture<Void> queued = recorder.record(outcome(2), false);

        assertThat(first).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class);
        assertThat(queued).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(recorder::close);
        assertThat(closed).as("close gives up on a thread that never returns").succeedsWithin(10, TimeUnit.SECONDS);
    }

    /**
     * One row the database refuses (here a CHECK constraint stands for a text PostgreSQL cannot take) fails its
     * group's commit: the group is committed row by row, and the refused row keeps its outcome with its texts
     * replaced, so it is never left unanswered (a rerun would send it again).
     */
    @Test
    void aGroupTheDatabaseRefusesIsCommittedRowByRowAndTheRefusedRowKeepsItsOutcome(@TempDir Path dir) {
        DriverManagerDataSource dataSource =
                new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("jobs"), "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("db/schema-h2.sql")).execute(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("ALTER TABLE BULK_CANCEL_OUTCOME ADD CONSTRAINT NO_POISON"
                + " CHECK (API_MESSAGE NOT LIKE '%poison%')");
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch finishFirstCommit = new CountDownLatch(1);
        List<Integer> commits = new CopyOnWriteArrayList<>();
        OutcomeStore store = new OutcomeStore(jdbc, new DataSourceTransactionManager(dataSource)) {
            @Override
            public void record(long jobInstanceId, List<RowOutcome> inserts, List<RowOutcome> updates) {
                if (commits.isEmpty()) {
                    firstCommitStarted.countDown();
                    try {
                        finishFirstCommit.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                commits.add(inserts.size() + updates.size());
                super.record(jobInstanceId, inserts, updates);
            }
        };
        RowOutcome poisoned = new RowOutcome(
                3,
                "0b6a8d6e-8c1f-4a52-9a6f-3f1d2c7e5b13",
                Outcome.NOT_FOUND,
                404,
                "poison",
                2,
                true,
                Instant.EPOCH,
                "poison in the detail");
        try (OutcomeRecorder recorder = new OutcomeRecorder(store, 7)) {
            CompletableFuture<Void> first = recorder.record(outcome(1), false);
            assertThat(firstCommitStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> group = List.of(
                    recorder.record(outcome(2), false),
                    recorder.record(poisoned, false),
                    recorder.record(outcome(4), false));
            finishFirstCommit.countDown();

            assertThat(first).succeedsWithin(10, TimeUnit.SECONDS);
            assertThat(group).allSatisfy(f -> assertThat(f).succeedsWithin(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(commits).as("the group of three was tried as one first").startsWith(1, 3);
        Map<Long, RowOutcome> stored = store.findLines(7, 1, 4);
        assertThat(stored).containsOnlyKeys(1L, 2L, 3L, 4L);
        assertThat(stored.get(2L).apiMessage()).isEqualTo("ok");
        String placeholder = "(provider text could not be stored)";
        assertThat(stored.get(3L))
                .isEqualTo(new RowOutcome(
                        3,
                        poisoned.reservationUuid(),
                        Outcome.NOT_FOUND,
                        404,
                        placeholder,
                        2,
                        true,
                        stored.get(3L).finishedAt(),
                        placeholder));
    }

    private static RowOutcome outcome(long line) {
        return new RowOutcome(
                line,
                "0b6a8d6e-8c1f-4a52-9a6f-3f1d2c7e5b10",
                Outcome.CANCELLED,
                202,
                "ok",
                1,
                false,
                Instant.EPOCH,
                null);
    }
}
