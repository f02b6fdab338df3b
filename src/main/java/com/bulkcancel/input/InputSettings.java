package com.bulkcancel.input;

import java.nio.charset.Charset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How to read and validate the input file. */
@ConfigurationProperties("cancel")
public record InputSettings(String defaultNote, @DefaultValue("1000") int maxNoteLength, @DefaultValue Csv csv) {

    public record Csv(Character delimiter, @DefaultValue("UTF-8") Charset encoding,
                      @DefaultValue("50") int maxRecordLines) {
        public Csv {
            if (delimiter != null && delimiter != ',' && delimiter != ';' && delimiter != '\t') {
                throw new IllegalArgumentException("cancel.csv.delimiter must be a comma, a semicolon or a tab");
            }
            new CsvFormat(delimiter, encoding, maxRecordLines); // fails at start-up on an unusable encoding
        }
    }

    public InputSettings {
        if (maxNoteLength < 1) {
            throw new IllegalArgumentException("cancel.max-note-length must be at least 1, was " + maxNoteLength);
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
                + (defaultNote == null ? "none" : "sha256:" + sha256(defaultNote).substring(0, 12));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public CsvFormat format() {
        return new CsvFormat(csv.delimiter(), csv.encoding(), csv.maxRecordLines());
    }

    public RowValidator validator() {
        return new RowValidator(defaultNote, maxNoteLength);
    }
}
