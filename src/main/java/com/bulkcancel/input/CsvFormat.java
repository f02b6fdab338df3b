package com.bulkcancel.input;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How to read the file; from settings cancel.csv.delimiter (null = detect), cancel.csv.encoding (default UTF-8),
 * cancel.csv.max-record-lines (default 50).
 */
public record CsvFormat(Character delimiter, Charset encoding, int maxRecordLines) {

    public CsvFormat {
        requireReadable(encoding);
        if (delimiter != null && (delimiter == '"' || delimiter == '\n' || delimiter == '\r')) {
            throw new IllegalArgumentException("cancel.csv.delimiter cannot be a quote or a line break");
        }
        if (maxRecordLines < 1) {
            throw new IllegalArgumentException("cancel.csv.max-record-lines must be at least 1, was " + maxRecordLines);
        }
    }

    /**
     * The reader splits bytes on LF and scans for ASCII quotes and delimiters, so the encoding must write ASCII as
     * single bytes: UTF-8 and single-byte encodings qualify, UTF-16/UTF-32 do not.
     */
    static void requireReadable(Charset encoding) {
        if (encoding == null) {
            throw new IllegalArgumentException("cancel.csv.encoding must be set");
        }
        if (!Arrays.equals("\n\"abc,;\t".getBytes(encoding), "\n\"abc,;\t".getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("cancel.csv.encoding " + encoding.name()
                    + " is not supported: use UTF-8 or a single-byte encoding such as windows-1252");
        }
    }

    public static CsvFormat defaults() {
        return new CsvFormat(null, StandardCharsets.UTF_8, 50);
    }
}
