package com.bulkcancel.outcomes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for one run: callers hand in outcomes and wait on the returned future, which completes once the
 * outcome is committed. One thread gathers whatever several workers handed in meanwhile into a single commit,
 * so outcomes are durable before a worker starts its next call without paying one commit per row.
 */
public final class OutcomeRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final int MAX_BATCH = 1000;
    private static final Duration GATHER = Duration.ofMillis(2);

    private record Write(RowOutcome outcome, boolean known, CompletableFuture<Void> done) {
    }

    private static final Write STOP = new Write(null, false, null);

    private final OutcomeStore store;
    private final long jobInstanceId;
    private final int writers;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    /** @param writers how many threads record outcomes at most at once (the calls in flight) */
    public OutcomeRecorder(OutcomeStore store, long jobInstanceId, int writers) {
        this.store = store;
        this.jobInstanceId = jobInstanceId;
        this.writers = Math.min(writers, MAX_BATCH);
        this.thread = new Thread(this::run, "outcome-recorder");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Records a line's final outcome; the future completes once it is committed.
     *
     * @param known whether the line already has a row (an earlier run's FAILED outcome): updated, else inserted
     */
    public CompletableFuture<Void> record(RowOutcome outcome, boolean known) {
        return submit(new Write(outcome, known, new CompletableFuture<>()));
    }

    private CompletableFuture<Void> submit(Write write) {
        if (!thread.isAlive()) {
            write.done().completeExceptionally(new IllegalStateException("outcome recorder is closed"));
        } else {
            queue.add(write);
        }
        return write.done();
    }

    private void run() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
                gather(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            boolean stop = batch.remove(STOP);
            commit(batch);
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    /**
     * A commit costs far more than a row (H2 writes a chunk of its file per commit), so after the first outcome
     * the recorder briefly waits for the other writers' outcomes, up to one per writer: at most {@link #GATHER}.
     */
    private void gather(List<Write> batch) throws InterruptedException {
        long deadline = System.nanoTime() + GATHER.toNanos();
        while (batch.size() < writers && batch.get(batch.size() - 1) != STOP) {
            queue.drainTo(batch, MAX_BATCH - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= writers || left <= 0) {
                return;
            }
            Write next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    private void commit(List<Write> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<RowOutcome> inserts = new ArrayList<>();
        List<RowOutcome> updates = new ArrayList<>();
        for (Write w : batch) {
            (w.known() ? updates : inserts).add(w.outcome());
        }
        try {
            store.record(jobInstanceId, inserts, updates);
            batch.forEach(w -> w.done().complete(null));
        } catch (RuntimeException e) {
            log.error("Could not record {} outcomes in the job database: {}", inserts.size() + updates.size(),
                    e.getMessage());
            batch.forEach(w -> w.done().completeExceptionally(e));
        }
    }

    /** Commits everything handed in so far, then stops the thread. */
    @Override
    public void close() {
        queue.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
