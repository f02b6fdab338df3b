package com.bulkcancel.input;

import java.util.Arrays;
import java.util.Objects;

/**
 * One data record. line = 1-based number of the data record after the header, blank records included in the count
 * (so spreadsheet row = line + 1). reservationUuid/note = the raw field values exactly as parsed (not trimmed), null
 * when the record is malformed or the column does not exist. problem = null for a well-formed record, else a short
 * human reason. raw = the record's exact bytes in the file including its line terminator(s), so a retry file can be
 * written verbatim in the input's own format.
 */
public record InputRecord(long line, String reservationUuid, String note, String problem, byte[] raw) {

    // A record with an array component compares by identity unless told otherwise.
    @Override
    public boolean equals(Object o) {
        return o instanceof InputRecord other
                && line == other.line
                && Objects.equals(reservationUuid, other.reservationUuid)
                && Objects.equals(note, other.note)
                && Objects.equals(problem, other.problem)
                && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(line, reservationUuid, note, problem, Arrays.hashCode(raw));
    }

    @Override
    public String toString() {
        return "InputRecord[line=" + line + ", reservationUuid=" + reservationUuid + ", note=" + note + ", problem="
                + problem + ", raw=" + (raw == null ? 0 : raw.length) + " bytes]";
    }
}
