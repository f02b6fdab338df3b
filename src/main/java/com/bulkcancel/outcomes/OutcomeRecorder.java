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
 * outcome is committed. One thread gathers whatever several workers handed in meanwhile into a single commit,
 * so outcomes are durable before a worker starts its next call without paying one commit per row.
 */
public final class OutcomeRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final int MAX_BATCH = 1000;

    private record Write(List<RowOutcome> inserts, List<RowOutcome> updates, List<Long> deletions,
                         CompletableFuture<Void> done) {
    }

    private static final Write STOP = new Write(List.of(), List.of(), List.of(), null);

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

    public CompletableFuture<Void> insert(List<RowOutcome> outcomes) {
        return submit(new Write(outcomes, List.of(), List.of(), new CompletableFuture<>()));
    }

    public CompletableFuture<Void> update(RowOutcome outcome) {
        return submit(new Write(List.of(), List.of(outcome), List.of(), new CompletableFuture<>()));
    }

    public CompletableFuture<Void> update(List<RowOutcome> outcomes) {
        return submit(new Write(List.of(), outcomes, List.of(), new CompletableFuture<>()));
    }

    /** Forgets lines whose call was never sent, so a rerun does not think it may have been. */
    public CompletableFuture<Void> delete(List<Long> lines) {
        return submit(new Write(List.of(), List.of(), lines, new CompletableFuture<>()));
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
        List<Long> deletions = new ArrayList<>();
        for (Write w : batch) {
            inserts.addAll(w.inserts());
            updates.addAll(w.updates());
            deletions.addAll(w.deletions());
        }
        try {
            store.write(jobInstanceId, inserts, updates, deletions);
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
