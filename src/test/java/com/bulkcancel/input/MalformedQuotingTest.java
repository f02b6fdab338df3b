package com.bulkcancel.input;

import static com.bulkcancel.input.TestFiles.UUID_1;
import static com.bulkcancel.input.TestFiles.UUID_2;
import static com.bulkcancel.input.TestFiles.UUID_3;
import static com.bulkcancel.input.TestFiles.readAll;
import static com.bulkcancel.input.TestFiles.utf8;
import static com.bulkcancel.input.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MalformedQuotingTest {

    private static final String HEADER = "reservation_uuid,note\n";

    @TempDir
    Path dir;

    @Test
    void quotedNoteMaySpanUpToMaxRecordLines() {
        List<InputRecord> records = readAll(
                write(dir, HEADER + UUID_1 + ",\"a\nb\nc\"\n" + UUID_2 + ",d\n"),
                new CsvFormat(null, StandardCharsets.UTF_8, 3));

        assertThat(records)
                .extracting(InputRecord::line, InputRecord::note, InputRecord::problem)
                .containsExactly(tuple(1L, "a\nb\nc", null), tuple(2L, "d", null));
    }

    @Test
    void recordRunningPastMaxRecordLinesIsReportedAndReadingResumesOnItsNextLine() {
        String csv = HEADER + UUID_1 + ",\"open\nwords\nmore words\nlast\"\n" + UUID_2 + ",d\n";
        List<InputRecord> records = readAll(write(dir, csv), new CsvFormat(null, StandardCharsets.UTF_8, 3));

        assertThat(records.get(0).problem())
                .isEqualTo("unbalanced quote: record starting at line 1 runs past 3 physical lines");
        assertThat(utf8(records.get(0).raw())).isEqualTo(UUID_1 + ",\"open\n");
        // The lines after the bad one are records again, numbered as a spreadsheet would number them.
        assertThat(records).extracting(InputRecord::line).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(records.get(4).reservationUuid()).isEqualTo(UUID_2);
        assertThat(records.get(4).problem()).isNull();
    }

    @Test
    void lineStartingWithUuidEndsAnOpenQuoteInsteadOfBeingSwallowedIntoTheNote() {
        String csv = HEADER + UUID_1 + ",\"forgot to close\n" + UUID_2 + ",fine\n" + UUID_3 + ",\"real\nnote\"\n";
        List<InputRecord> records = readAll(dir, csv);

        assertThat(records)
                .extracting(InputRecord::line, InputRecord::reservationUuid, InputRecord::note)
                .containsExactly(tuple(1L, null, null), tuple(2L, UUID_2, "fine"), tuple(3L, UUID_3, "real\nnote"));
        assertThat(records.get(0).problem())
                .isEqualTo(
                        "unbalanced quote: record starting at line 1 is still open where a later line starts a new record");
    }

    @Test
    void quoteStillOpenAtEndOfFileIsMalformed() {
        List<InputRecord> records = readAll(dir, HEADER + UUID_1 + ",\"never closed\nsecond line\n");

        assertThat(records.get(0).problem())
                .isEqualTo("unbalanced quote: record starting at line 1 is not closed at end of file");
        assertThat(records).extracting(InputRecord::line).containsExactly(1L, 2L);
    }

    @Test
    void textAfterClosingQuoteIsMalformed() {
        InputRecord record =
                readAll(dir, HEADER + UUID_1 + ",\"quoted\" tail\n").get(0);

        assertThat(record.problem()).isEqualTo("text after the closing quote in field 2");
        assertThat(record.note()).isNull();
    }

    @Test
    void quoteInsideUnquotedFieldIsMalformed() {
        InputRecord record = readAll(dir, HEADER + UUID_1 + ",a 5\" screen\n").get(0);

        assertThat(record.problem())
                .isEqualTo("quote inside unquoted field 2 (quote the whole field and double the quotes inside it)");
    }
}
