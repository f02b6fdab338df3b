package com.bulkcancel.input;

import com.bulkcancel.outcomes.Outcome;

/**
 * A data record after validation and the duplicate check: a row to send, or one refused before any call. The
 * stage between the record read from the file ({@link InputRecord}) and the cancel call.
 */
public sealed interface CheckedRow permits CheckedRow.Sendable, CheckedRow.Refused {

    long line();

    String reservationUuid();

    String note();

    default boolean sendable() {
        return this instanceof Sendable;
    }

    /** A row to send: the canonical lower-cased reservation UUID and the trimmed note (or the default note). */
    record Sendable(long line, String reservationUuid, String note) implements CheckedRow {}

    /**
     * A row never sent: INVALID_INPUT (the values raw as read, null where the record has none) or DUPLICATE (the
     * values as validated), with the reason.
     */
    record Refused(long line, String reservationUuid, String note, Outcome outcome, String reason)
            implements CheckedRow {

        static Refused invalid(long line, String reservationUuid, String note, String reason) {
            return new Refused(line, reservationUuid, note, Outcome.INVALID_INPUT, reason);
        }
    }
}
