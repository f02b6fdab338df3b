package com.bulkcancel.input;

import java.util.Locale;
import java.util.Set;

/**
 * Where the reservation UUID and note are in a record, from the header. Names are matched case-insensitively,
 * ignoring spaces, '_' and '-'; other columns are ignored.
 * <p>Field-count rule: a record must reach the reservation UUID and note columns (fewer fields than the header
 * is fine only if the missing ones are columns we ignore); fields beyond the header count must be empty (spreadsheets
 * add such trailing delimiters), because a non-empty extra field usually means an unquoted delimiter inside a note,
 * and reading only the first fields would silently cut that note.
 */
record HeaderColumns(int size, int uuidIndex, int noteIndex) {

    private static final Set<String> UUID_NAMES = Set.of("reservationuuid", "uuid", "reservationid");
    private static final Set<String> NOTE_NAMES = Set.of("note", "notes", "cancellationnote", "reason");

    static HeaderColumns of(String[] header, String fileName, String headerText) {
        int uuid = -1;
        int note = -1;
        for (int i = 0; i < header.length; i++) {
            String name = normalise(header[i]);
            if (UUID_NAMES.contains(name)) {
                checkSingle(uuid, i, header, fileName, "reservation UUID");
                uuid = i;
            } else if (NOTE_NAMES.contains(name)) {
                checkSingle(note, i, header, fileName, "note");
                note = i;
            }
        }
        if (uuid < 0) {
            throw new UnusableInputException(
                    "input " + fileName + " has no reservation_uuid column (header: " + shorten(headerText) + ")");
        }
        return new HeaderColumns(header.length, uuid, note);
    }

    boolean hasNote() {
        return noteIndex >= 0;
    }

    /** Why a record with these fields does not fit the header, or null if it does. */
    String fieldCountProblem(String[] fields) {
        int needed = Math.max(uuidIndex, noteIndex) + 1;
        if (fields.length < needed) {
            return "has " + fields(fields.length) + ", header has " + size;
        }
        for (int i = size; i < fields.length; i++) {
            if (!fields[i].isEmpty()) {
                return "has " + fields(fields.length) + ", header has " + size
                        + " (quote a note that contains the delimiter)";
            }
        }
        return null;
    }

    private static String fields(int count) {
        return count == 1 ? "1 field" : count + " fields";
    }

    private static void checkSingle(int earlier, int index, String[] header, String fileName, String what) {
        if (earlier >= 0) {
            throw new UnusableInputException("input " + fileName + " has two " + what + " columns: '"
                    + header[earlier].strip() + "' and '" + header[index].strip() + "'");
        }
    }

    private static String normalise(String name) {
        return name.strip()
                .toLowerCase(Locale.ROOT)
                .replace("_", "")
                .replace("-", "")
                .replace(" ", "");
    }

    // The message must stay one line even for a file with old Mac (CR-only) line endings, or a binary file.
    private static String shorten(String text) {
        return EscapedText.of(text, 200);
    }
}
