package com.bulkcancel.input;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The whole-file checks made before any run exists, in one pass over the file that also takes its SHA-256 (the
 * file's identity) and counts its records: a header, a data row, a note source, and at least one row that can
 * be sent. A file whose every row is refused was almost always read with the wrong settings (encoding,
 * delimiter, default note): refusing it before a run exists lets the corrected command simply run.
 *
 * @param sha256   of the file's bytes, in hex
 * @param records  non-blank data records
 * @param sendable records that pass validation (duplicates included)
 * @param duplicates the sendable lines whose reservation UUID an earlier sendable line has
 */
public record InputSurvey(String sha256, long records, long sendable, DuplicateLines duplicates) {

    /**
     * The pass over the file before a live run.
     *
     * @throws UnusableInputException with one line naming the file, the problem and the likely fix
     */
    public static InputSurvey check(Path file, InputSettings settings) {
        return survey(file, settings, true);
    }

    /**
     * The pass over the file before a dry run, which reports every row's problem itself, so a file with no
     * sendable row is not refused.
     */
    public static InputSurvey survey(Path file, InputSettings settings) {
        return survey(file, settings, false);
    }

    private static InputSurvey survey(Path file, InputSettings settings, boolean requireSendable) {
        return survey(
                file,
                settings,
                requireSendable,
                DuplicateFinder.RUN_SIZE,
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    static InputSurvey survey(
            Path file, InputSettings settings, boolean requireSendable, int runSize, Path tempParent) {
        MessageDigest digest = Sha256.digest();
        RowValidator validator = settings.validator();
        Map<Refusal, Long> refused = new EnumMap<>(Refusal.class);
        Map<Refusal, String> firstOfEach = new EnumMap<>(Refusal.class);
        long records = 0;
        long sendable = 0;
        DuplicateLines duplicates;
        try (DuplicateFinder finder = new DuplicateFinder(runSize, tempParent);
                ReservationFile reservations = ReservationFile.open(file, settings.format(), digest)) {
            boolean defaultNote =
                    settings.defaultNote() != null && !settings.defaultNote().isBlank();
            if (!reservations.hasNoteColumn() && !defaultNote) {
                throw new UnusableInputException(
                        "input " + file + " has no note column: add one, or give " + "--cancel.default-note");
            }
            InputRecord record;
            while ((record = reservations.next()) != null) {
                records++;
                CheckedRow row = validator.validate(record);
                if (row instanceof CheckedRow.Refused invalid) {
                    Refusal refusal = Refusal.of(invalid.reason());
                    refused.merge(refusal, 1L, Long::sum);
                    firstOfEach.putIfAbsent(refusal, "line " + row.line() + ": " + invalid.reason());
                } else {
                    sendable++;
                    finder.add(row.reservationUuid(), row.line());
                }
            }
            duplicates = finder.finish();
        }
        if (records == 0) {
            throw new UnusableInputException("input " + file + " has a header but no data rows");
        }
        if (requireSendable && sendable == 0) {
            Refusal most = mostCommon(refused);
            throw new UnusableInputException("input " + file + ": none of its " + records + " rows can be sent; "
                    + "the most common problem (" + refused.get(most) + " rows), e.g. " + firstOfEach.get(most)
                    + ". " + most.fix);
        }
        return new InputSurvey(HexFormat.of().formatHex(digest.digest()), records, sendable, duplicates);
    }

    private static Refusal mostCommon(Map<Refusal, Long> refused) {
        return refused.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(Refusal.OTHER);
    }

    /** Kinds of refused rows, each with the setting that most likely fixes a whole file of them. */
    private enum Refusal {
        ENCODING("Read it with the right --cancel.csv.encoding (Excel's Norwegian CSV export is windows-1252)"),
        NOT_A_UUID("Check that --cancel.csv.delimiter and --cancel.csv.encoding match the file, and that its "
                + "reservation_uuid column holds reservation UUIDs"),
        FIELD_COUNT("Check --cancel.csv.delimiter: the rows do not split into the header's columns"),
        BLANK_NOTE("Fill in the notes, or give --cancel.default-note"),
        LONG_NOTE("Shorten the notes, or raise --cancel.max-note-length"),
        OTHER("Fix the file (the results of a --cancel.dry-run list every row's problem)");

        private final String fix;

        Refusal(String fix) {
            this.fix = fix;
        }

        static Refusal of(String reason) {
            if (reason.startsWith("bytes not valid in")) {
                return ENCODING;
            }
            if (reason.contains("is not a canonical UUID")) {
                return NOT_A_UUID;
            }
            if (reason.startsWith("has ") && reason.contains("header has")) {
                return FIELD_COUNT;
            }
            if (reason.equals("note is blank")) {
                return BLANK_NOTE;
            }
            if (reason.contains("cancel.max-note-length")) {
                return LONG_NOTE;
            }
            return OTHER;
        }
    }
}
