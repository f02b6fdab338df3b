package com.bulkcancel.outcomes;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counts per outcome of one job instance's lines, kept in memory: read from the outcome table once when
 * counting starts (earlier runs of the instance: a resumed run, a retry pass), then moved on by every commit of
 * the {@link OutcomeStore}. The progress line reads these instead of counting the table every interval, a cost
 * that grew with the table.
 */
public final class OutcomeTally {

    private final long jobInstanceId;
    private final AtomicLongArray counts = new AtomicLongArray(Outcome.values().length);

    OutcomeTally(long jobInstanceId, Map<Outcome, Long> recorded) {
        this.jobInstanceId = jobInstanceId;
        recorded.forEach((outcome, n) -> counts.addAndGet(outcome.ordinal(), n));
    }

    /**
     * After a commit: inserted lines are new; an updated line was FAILED before (only a FAILED line is sent
     * again, {@link RowOutcome#retriedBy}) and has its new outcome now.
     */
    void committed(long instance, List<RowOutcome> inserts, List<RowOutcome> updates) {
        if (instance != jobInstanceId) {
            return;
        }
        for (RowOutcome o : inserts) {
            counts.incrementAndGet(o.outcome().ordinal());
        }
        for (RowOutcome o : updates) {
            counts.decrementAndGet(Outcome.FAILED.ordinal());
            counts.incrementAndGet(o.outcome().ordinal());
        }
    }

    /** The lines recorded so far per outcome (outcomes with none left out). */
    public Map<Outcome, Long> counts() {
        Map<Outcome, Long> now = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            long n = counts.get(outcome.ordinal());
            if (n != 0) {
                now.put(outcome, n);
            }
        }
        return now;
    }
}
