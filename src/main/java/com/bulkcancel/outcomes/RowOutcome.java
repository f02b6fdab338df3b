package com.bulkcancel.outcomes;

import java.time.Instant;

/**
 * One line's recorded outcome. {@code unclear} says an attempt got no clear answer (timeout, reset, 5xx, or a
 * call in flight when a run was killed), so the provider may have acted on it.
 */
public record RowOutcome(long line, String reservationUuid, Outcome outcome, Integer httpStatus, String apiMessage,
                         int attempts, boolean unclear, Instant finishedAt, String detail) {

    public static RowOutcome decidedFromInput(long line, String reservationUuid, Outcome outcome, String detail,
                                              Instant at) {
        return new RowOutcome(line, reservationUuid, outcome, null, null, 0, false, at, detail);
    }
}
