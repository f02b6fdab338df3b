package com.bulkcancel.input;

/**
 * A validated row: what the job sends, or why it must not.
 * invalidReason == null: sendable; reservationUuid is the canonical lower-cased UUID, note the trimmed note (or the
 * default note). invalidReason != null: INVALID_INPUT; reservationUuid and note are the raw values as read (may be null).
 */
public record ReservationRow(long line, String reservationUuid, String note, String invalidReason) {

    public boolean sendable() {
        return invalidReason == null;
    }
}
