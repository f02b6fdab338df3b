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

    public CsvFormat format() {
        return new CsvFormat(csv.delimiter(), csv.encoding(), csv.maxRecordLines());
    }

    public RowValidator validator() {
        return new RowValidator(defaultNote, maxNoteLength);
    }
}
