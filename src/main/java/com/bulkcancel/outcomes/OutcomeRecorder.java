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
 * outcome is committed. One thread puts whatever several workers handed in meanwhile into a single commit, so
 * outcomes are durable before a worker starts its next call without paying one commit per row.
 *
 * <p>Every future completes, and in bounded time: committed; failed when the commit fails; failed when the thread
 * dies (any Throwable, an OutOfMemoryError too), together with everything handed in then or later; failed when no
 * commit returned within the deadline. A worker waiting on it can never wait for ever.
 */
public final class OutcomeRecorder implements AutoCloseable {

    /** What a line's texts become when the database refuses them even alone: its outcome is kept all the same. */
    public static final String UNSTORABLE_TEXT = "(provider text could not be stored)";

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final int MAX_BATCH = 1000;

    private record Write(RowOutcome outcome, boolean known, CompletableFuture<Void> done) {}

    private static final Write STOP = new Write(null, false, null);

    private final OutcomeStore store;
    private final long jobInstanceId;
    private final Duration deadline;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    /** Why no outcome is taken any more (closed, or the thread died); guarded by {@link #lock}. */
    private Throwable ended;

    private final Thread thread;

    /**
     * A write waits for the commit under way, then its own, each bounded by the store's timeout: three times
     * that is the deadline.
     */
    public OutcomeRecorder(OutcomeStore store, long jobInstanceId) {
        this(store, jobInstanceId, store.timeout().multipliedBy(3));
    }

    /** @param deadline how long after it is handed in an outcome must be committed, or its future fails */
    public OutcomeRecorder(OutcomeStore store, long jobInstanceId, Duration deadline) {
        this.store = store;
        this.jobInstanceId = jobInstanceId;
        this.deadline = deadline;
        this.thread = new Thread(this::run, "outcome-recorder");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Records a line's final outcome; the future completes once it is committed, or fails (at the latest after the
     * deadline).
     *
     * @param known whether the line already has a row (an earlier run's FAILED outcome): updated, else inserted
     */
    public CompletableFuture<Void> record(RowOutcome outcome, boolean known) {
        Write write = new Write(outcome, known, new CompletableFuture<>());
        synchronized (lock) {
            if (ended != null) {
                write.done().completeExceptionally(ended);
                return write.done();
            }
            queue.add(write);
        }
        return write.done().orTimeout(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Commits whatever is queued, then whatever arrived during that commit, and so on: while one commit runs,
     * the workers answered meanwhile queue up for the next, so a busy run gets large commits and a quiet one
     * (a few calls a second) commits each answer at once, without waiting to gather.
     */
    private void run() {
        List<Write> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.remove(STOP);
                commit(batch);
                batch.clear();
                if (stop) {
                    end(batch, new IllegalStateException("outcome recorder is closed"));
                    return;
                }
            }
        } catch (InterruptedException e) {
            end(batch, new IllegalStateException("outcome recorder was interrupted"));
        } catch (OutOfMemoryError dying) {
            log.error(
                    "The outcome recorder ran out of memory (Java heap {} MiB): no further outcome can be recorded "
                            + "in this run",
                    Runtime.getRuntime().maxMemory() >> 20); // the run's end says how to raise it
            end(batch, dying);
        } catch (Throwable dying) {
            log.error("The outcome recorder failed: no further outcome can be recorded in this run", dying);
            end(batch, dying);
        }
    }

    /** No outcome is taken any more: the ones in hand and all still queued fail. */
    private void end(List<Write> inHand, Throwable why) {
        List<Write> left = new ArrayList<>(inHand);
        synchronized (lock) {
            ended = why;
            queue.drainTo(left);
        }
        for (Write w : left) {
            if (w != STOP) {
                w.done().completeExceptionally(why);
            }
        }
    }

    private void commit(List<Write> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            store(batch);
            batch.forEach(w -> w.done().complete(null));
        } catch (RuntimeException refused) {
            commitOneByOne(batch, refused);
        }
    }

    /**
     * The group's commit was refused, and rolled back whole: each line is committed alone, so a line the database
     * cannot take does not cost the others their record. A line refused even alone is committed with its texts
     * replaced: its outcome, status and attempts are what matter, and a line left without its answer would be sent
     * again by a rerun. If even that is refused, the database itself is failing: that line and the rest fail.
     */
    private void commitOneByOne(List<Write> batch, RuntimeException groupRefused) {
        if (batch.size() > 1) {
            log.warn(
                    "Could not record {} outcomes in one commit ({}); recording them one by one",
                    batch.size(),
                    groupRefused.getMessage());
        }
        for (int i = 0; i < batch.size(); i++) {
            Write write = batch.get(i);
            RuntimeException refused = groupRefused;
            if (batch.size() > 1) {
                try {
                    store(List.of(write));
                    write.done().complete(null);
                    continue;
                } catch (RuntimeException alone) {
                    refused = alone;
                }
            }
            try {
                store(List.of(new Write(withoutTexts(write.outcome()), write.known(), write.done())));
                log.error(
                        "Line {}: the job database refused the provider's text ({}); its outcome {} is recorded "
                                + "with the text \"{}\"",
                        write.outcome().line(),
                        refused.getMessage(),
                        write.outcome().outcome(),
                        UNSTORABLE_TEXT);
                write.done().complete(null);
            } catch (RuntimeException failing) {
                log.error(
                        "Could not record {} outcomes in the job database: {}", batch.size() - i, failing.getMessage());
                batch.subList(i, batch.size()).forEach(w -> w.done().completeExceptionally(failing));
                return;
            }
        }
    }

    private void store(List<Write> writes) {
        List<RowOutcome> inserts = new ArrayList<>();
        List<RowOutcome> updates = new ArrayList<>();
        for (Write w : writes) {
            (w.known() ? updates : inserts).add(w.outcome());
        }
        store.record(jobInstanceId, inserts, updates);
    }

    private static RowOutcome withoutTexts(RowOutcome o) {
        return new RowOutcome(
                o.line(),
                o.reservationUuid(),
                o.outcome(),
                o.httpStatus(),
                o.apiMessage() == null ? null : UNSTORABLE_TEXT,
                o.attempts(),
                o.unclear(),
                o.finishedAt(),
                o.detail() == null ? null : UNSTORABLE_TEXT,
                o.retryable(),
                o.failedRuns());
    }

    /**
     * Commits everything handed in so far, then stops the thread. Waits at most the deadline: a commit that never
     * returns has failed its outcomes by then, and the thread (a daemon) is interrupted and left behind.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (ended == null) {
                queue.add(STOP);
            }
        }
        try {
            thread.join(deadline.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn(
                    "The outcome recorder did not finish its last commit within {} s; leaving it behind",
                    deadline.toSeconds());
            thread.interrupt();
        }
    }
}
