package com.bulkcancel.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

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
                    .mapToObj(line -> recorder.record(outcome(line), false)).toList();

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
            assertThat(recorder.record(outcome(1), false)).failsWithin(10, TimeUnit.SECONDS);
        }
    }

    private static RowOutcome outcome(long line) {
        return new RowOutcome(line, "0b6a8d6e-8c1f-4a52-9a6f-3f1d2c7e5b10", Outcome.CANCELLED, 202, "ok", 1, false,
                Instant.EPOCH, null);
    }
}
