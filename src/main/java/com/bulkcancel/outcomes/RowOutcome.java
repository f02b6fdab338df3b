package com.bulkcancel.outcomes;

import java.time.Instant;

/**
 * One line's recorded outcome. {@code unclear} says an attempt got no clear answer (timeout, reset, 5xx, or a
 * call in flight when a run was killed), so the provider may have acted on it. {@code retryable}: a FAILED line
 * that failed for a transient reason, which a rerun sends again (never one from an undocumented answer).
 * {@code failedRuns}: in how many runs (and retry passes) the line has ended FAILED.
 */
public record RowOutcome(
        long line,
        String reservationUuid,
        Outcome outcome,
        Integer httpStatus,
        String apiMessage,
        int attempts,
        boolean unclear,
        Instant finishedAt,
        String detail,
        boolean retryable,
        int failedRuns) {

    /** An outcome that is not a transient failure, never ended FAILED before. */
    public RowOutcome(
            long line,
            String reservationUuid,
            Outcome outcome,
            Integer httpStatus,
            String apiMessage,
            int attempts,
            boolean unclear,
            Instant finishedAt,
            String detail) {
        this(
                line,
                reservationUuid,
                outcome,
                httpStatus,
                apiMessage,
                attempts,
                unclear,
                finishedAt,
                detail,
                false,
                outcome == Outcome.FAILED ? 1 : 0);
    }

    public static RowOutcome decidedFromInput(
            long line, String reservationUuid, Outcome outcome, String detail, Instant at) {
        return new RowOutcome(line, reservationUuid, outcome, null, null, 0, false, at, detail);
    }

    /** Whether a rerun sends this line again: FAILED for a transient reason, in fewer than {@code maxRuns} runs. */
    public boolean retriedBy(int maxRunsPerRow) {
        return outcome == Outcome.FAILED && retryable && failedRuns < maxRunsPerRow;
    }
}
