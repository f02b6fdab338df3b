package com.bulkcancel.input;

import java.nio.charset.Charset;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How to read and validate the input file. Bound and checked as part of the {@code cancel} settings. */
public record InputSettings(String defaultNote, int maxNoteLength, Csv csv) {

    /**
     * {@code cancel.csv.*}: how the file's bytes become records.
     *
     * @param delimiter      a comma, a semicolon or a tab (default: detected from the header)
     * @param encoding       UTF-8 or a single-byte encoding such as windows-1252
     * @param maxRecordLines the most physical lines one quoted record may span
     */
    public record Csv(
            Character delimiter,
            @DefaultValue("UTF-8") Charset encoding,
            @DefaultValue("50") @Min(1) int maxRecordLines) {
        public Csv {
            if (delimiter != null && delimiter != ',' && delimiter != ';' && delimiter != '\t') {
                throw new IllegalArgumentException("cancel.csv.delimiter must be a comma, a semicolon or a tab");
            }
            CsvFormat.requireReadable(encoding); // fails at start-up on an unusable encoding
        }
    }

    /**
     * How these settings read a file, as one line: a run resumes only with the same (they decide which lines are
     * invalid or duplicate). The default note is named by a digest, not spelled out.
     */
    public String reading() {
        return "delimiter=" + (csv.delimiter() == null ? "detected" : csv.delimiter() == '\t' ? "tab" : csv.delimiter())
                + " encoding=" + csv.encoding().name() + " max-record-lines=" + csv.maxRecordLines()
                + " max-note-length=" + maxNoteLength + " default-note="
                + (defaultNote == null
                        ? "none"
                        : "sha256:" + sha256(defaultNote).substring(0, 12));
    }

    private static String sha256(String text) {
        return java.util.HexFormat.of().formatHex(Sha256.of(text));
    }

    public CsvFormat format() {
        return new CsvFormat(csv.delimiter(), csv.encoding(), csv.maxRecordLines());
    }

    public RowValidator validator() {
        return new RowValidator(defaultNote, maxNoteLength);
    }
}
