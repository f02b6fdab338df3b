package com.bulkcancel.input;

import static com.bulkcancel.input.TestFiles.UUID_1;
import static com.bulkcancel.input.TestFiles.UUID_2;
import static com.bulkcancel.input.TestFiles.UUID_3;
import static com.bulkcancel.input.TestFiles.readAll;
import static com.bulkcancel.input.TestFiles.utf8;
import static com.bulkcancel.input.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReservationFileTest {

    @TempDir
    Path dir;

    @Test
    void readsUuidAndNoteWithLineNumbersAndRawBytes() {
        List<InputRecord> records = readAll(dir, "reservation_uuid,note\n" + UUID_1 + ",first\n" + UUID_2 + ",second");

        assertThat(records)
                .extracting(InputRecord::line, InputRecord::reservationUuid, InputRecord::note)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, UUID_1, "first"),
                        org.assertj.core.groups.Tuple.tuple(2L, UUID_2, "second"));
        assertThat(utf8(records.get(0).raw())).isEqualTo(UUID_1 + ",first\n");
        assertThat(utf8(records.get(1).raw())).isEqualTo(UUID_2 + ",second");
        assertThat(records).allSatisfy(r -> assertThat(r.problem()).isNull());
    }

    @Test
    void keepsFieldValuesUntrimmed() {
        InputRecord record = readAll(dir, "reservation_uuid,note\n " + UUID_1 + " ,  spaced  \n")
                .get(0);

        assertThat(record.reservationUuid()).isEqualTo(" " + UUID_1 + " ");
        assertThat(record.note()).isEqualTo("  spaced  ");
    }

    @Test
    void backslashIsAnOrdinaryCharacter() {
        InputRecord record = readAll(dir, "reservation_uuid,note\n" + UUID_1 + ",\"C:\\temp\\n, \\x\\\"\n")
                .get(0);

        assertThat(record.problem()).isNull();
        assertThat(record.note()).isEqualTo("C:\\temp\\n, \\x\\");
    }

    @Test
    void quotedNoteKeepsDelimiterDoubledQuotesAndLineBreaksExactly() {
        String csv =
                "reservation_uuid,note\r\n" + UUID_1 + ",\"a, \"\"b\"\"\r\nnext\nlast\"\r\n" + UUID_2 + ",plain\r\n";
        List<InputRecord> records = readAll(dir, csv);

        assertThat(records.get(0).note()).isEqualTo("a, \"b\"\r\nnext\nlast");
        assertThat(utf8(records.get(0).raw())).isEqualTo(UUID_1 + ",\"a, \"\"b\"\"\r\nnext\nlast\"\r\n");
        assertThat(records.get(1).line()).isEqualTo(2);
        assertThat(records.get(1).note()).isEqualTo("plain");
        assertThat(utf8(records.get(1).raw())).isEqualTo(UUID_2 + ",plain\r\n");
    }

    @Test
    void blankRecordsAreSkippedButKeepTheirLineNumbers() {
        String csv = "reservation_uuid;note\n\n" + UUID_1 + ";a\n;;\n   \n\r\n\"\";\"\"\n" + UUID_2 + ";b\n\n";
        List<InputRecord> records = readAll(dir, csv);

        assertThat(records).extracting(InputRecord::line).containsExactly(2L, 7L);
    }

    @Test
    void headerOnlyFileHasNoRecords() {
        assertThat(readAll(dir, "reservation_uuid,note\n")).isEmpty();
    }

    @Test
    void utf8BomIsStrippedFromTheHeaderButKeptInHeaderBytes() {
        byte[] csv = ("\uFEFFreservation_uuid,note\r\n" + UUID_1 + ",x\r\n").getBytes(StandardCharsets.UTF_8);
        try (ReservationFile file = ReservationFile.open(write(dir, csv), CsvFormat.defaults())) {
            assertThat(file.headerBytes()).startsWith(0xEF, 0xBB, 0xBF);
            assertThat(utf8(file.headerBytes())).isEqualTo("\uFEFFreservation_uuid,note\r\n");
            assertThat(file.next().reservationUuid()).isEqualTo(UUID_1);
        }
    }

    @Test
    void invalidUtf8MakesOnlyThatRecordInvalid() {
        byte[] bad = {'x', (byte) 0xE6, 'y'};
        byte[] csv = concat(
                ("reservation_uuid,note\n" + UUID_1 + ",").getBytes(StandardCharsets.UTF_8),
                bad,
                ("\n" + UUID_2 + ",fine æøå\n").getBytes(StandardCharsets.UTF_8));
        List<InputRecord> records = readAll(write(dir, csv), CsvFormat.defaults());

        assertThat(records.get(0).problem())
                .isEqualTo("bytes not valid in UTF-8 (set --cancel.csv.encoding, e.g. windows-1252)");
        assertThat(records.get(0).reservationUuid()).isEqualTo(UUID_1); // what can be shown is shown
        assertThat(records.get(0).raw()).endsWith(bad[0], bad[1], bad[2], (byte) '\n');
        assertThat(records.get(1).note()).isEqualTo("fine æøå");
        assertThat(records.get(1).line()).isEqualTo(2);
    }

    @Test
    void readsWindows1252WhenAsked() {
        Charset cp1252 = Charset.forName("windows-1252");
        byte[] csv = ("reservation_uuid;note\n" + UUID_1 + ";Kunde ønsker å avbestille\n").getBytes(cp1252);
        List<InputRecord> records = readAll(write(dir, csv), new CsvFormat(null, cp1252, 50));

        assertThat(records.get(0).note()).isEqualTo("Kunde ønsker å avbestille");
    }

    @Test
    void moreNonEmptyFieldsThanTheHeaderIsMalformed() {
        InputRecord record = readAll(dir, "reservation_uuid,note\n" + UUID_1 + ",Hello, world\n")
                .get(0);

        assertThat(record.problem()).isEqualTo("has 3 fields, header has 2 (quote a note that contains the delimiter)");
        assertThat(record.note()).isNull();
    }

    @Test
    void trailingEmptyFieldsBeyondTheHeaderAreFine() {
        InputRecord record =
                readAll(dir, "reservation_uuid,note\n" + UUID_1 + ",hello,,\n").get(0);

        assertThat(record.problem()).isNull();
        assertThat(record.note()).isEqualTo("hello");
    }

    @Test
    void fewerFieldsThanNeededForUuidAndNoteIsMalformed() {
        InputRecord record =
                readAll(dir, "reservation_uuid,note\n" + UUID_1 + "\n").get(0);

        assertThat(record.problem()).isEqualTo("has 1 field, header has 2");
    }

    @Test
    void missingIgnoredTrailingColumnsAreFine() {
        InputRecord record = readAll(dir, "reservation_uuid,note,customer,amount\n" + UUID_1 + ",n\n")
                .get(0);

        assertThat(record.problem()).isNull();
        assertThat(record.note()).isEqualTo("n");
    }

    @Test
    void withoutNoteColumnTheNoteIsNull() {
        try (ReservationFile file =
                ReservationFile.open(write(dir, "id,uuid\n7," + UUID_3 + "\n"), CsvFormat.defaults())) {
            assertThat(file.hasNoteColumn()).isFalse();
            InputRecord record = file.next();
            assertThat(record.reservationUuid()).isEqualTo(UUID_3);
            assertThat(record.note()).isNull();
        }
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
