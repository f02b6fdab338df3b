package com.bulkcancel.input;

import java.nio.file.Path;

/** The whole-file checks made before anything is sent or written: a header, a data row, a note source. */
public final class UsableInput {

    private UsableInput() {
    }

    /** @throws UnusableInputException with one line naming the file and the problem */
    public static void check(Path file, InputSettings settings) {
        try (ReservationFile reservations = ReservationFile.open(file, settings.format())) {
            if (reservations.next() == null) {
                throw new UnusableInputException("input " + file + " has a header but no data rows");
            }
            boolean defaultNote = settings.defaultNote() != null && !settings.defaultNote().isBlank();
            if (!reservations.hasNoteColumn() && !defaultNote) {
                throw new UnusableInputException("input " + file + " has no note column: add one, or give "
                        + "--cancel.default-note");
            }
        }
    }
}
