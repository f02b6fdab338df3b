package com.bulkcancel.input;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a record may be sent. The reservation UUID goes into a URL path, so only the canonical
 * 8-4-4-4-12 hex form passes (UUID.fromString would accept "1-2-3-4-5"). Values are trimmed with String.strip
 * (Unicode whitespace); notes are otherwise passed through unchanged, and their length is counted in code points
 * (an emoji is one character, not two UTF-16 chars).
 */
public final class RowValidator {

    /** The canonical 8-4-4-4-12 hex form (the record assembler looks for it at the start of a line too). */
    static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final int MAX_SHOWN = 80;

    private final String defaultNote;
    private final int maxNoteLength;

    /** defaultNote may be null: then a blank note makes the row invalid. */
    public RowValidator(String defaultNote, int maxNoteLength) {
        this.defaultNote = defaultNote == null || defaultNote.isBlank() ? null : defaultNote.strip();
        this.maxNoteLength = maxNoteLength;
    }

    public CheckedRow validate(InputRecord record) {
        if (record.problem() != null) {
            return invalid(record, record.problem());
        }
        String uuid =
                record.reservationUuid() == null ? "" : record.reservationUuid().strip();
        if (!CANONICAL_UUID.matcher(uuid).matches()) {
            return invalid(
                    record, "reservation_uuid '" + shown(record.reservationUuid()) + "' is not a canonical UUID");
        }
        String note = record.note() == null ? "" : record.note().strip();
        if (note.isEmpty()) {
            if (defaultNote == null) {
                return invalid(record, "note is blank");
            }
            note = defaultNote;
        }
        int length = note.codePointCount(0, note.length());
        if (length > maxNoteLength) {
            return invalid(
                    record, "note is " + length + " characters, more than cancel.max-note-length=" + maxNoteLength);
        }
        return new CheckedRow.Sendable(record.line(), uuid.toLowerCase(Locale.ROOT), note);
    }

    private static CheckedRow invalid(InputRecord record, String reason) {
        return CheckedRow.Refused.invalid(record.line(), record.reservationUuid(), record.note(), reason);
    }

    // The raw value is quoted back to the operator: one short line, control characters escaped.
    private static String shown(String raw) {
        return EscapedText.of(raw, MAX_SHOWN);
    }
}
