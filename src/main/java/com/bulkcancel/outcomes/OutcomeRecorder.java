package com.bulkcancel.outcomes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for one run: callers hand in outcomes and wait on the returned future, which completes once the
 * outcome is committed. One thread puts whatever several workers handed in meanwhile into a single commit, so
 * outcomes are durable before a worker starts its next call without paying one commit per row.
 */
public final class OutcomeRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final int MAX_BATCH = 1000;

    private record Write(RowOutcome outcome, boolean known, CompletableFuture<Void> done) {
    }

    private static final Write STOP = new Write(null, false, null);

    private final OutcomeStore store;
    private final long jobInstanceId;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    public OutcomeRecorder(OutcomeStore store, long jobInstanceId) {
        this.store = store;
        this.jobInstanceId = jobInstanceId;
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

    /**
     * Commits whatever is queued, then whatever arrived during that commit, and so on: while one commit runs,
     * the workers answered meanwhile queue up for the next, so a busy run gets large commits and a quiet one
     * (a few calls a second) commits each answer at once, without waiting to gather.
     */
    private void run() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            commit(batch);
            batch.clear();
            if (stop) {
                return;
            }
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
