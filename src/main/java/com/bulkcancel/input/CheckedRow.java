package com.bulkcancel.input;

import com.bulkcancel.outcomes.Outcome;

/**
 * A line after validation and the duplicate check. {@code verdict} is null for a line to send, else
 * INVALID_INPUT or DUPLICATE with the reason; the values are as sent (trimmed, lower-cased UUID), or raw for
 * an invalid line.
 */
public record CheckedRow(long line, String reservationUuid, String note, Outcome verdict, String reason) {

    public boolean sendable() {
        return verdict == null;
    }
}
