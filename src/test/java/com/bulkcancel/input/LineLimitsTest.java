package com.bulkcancel.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines the reader must not hold whole (binary junk, one huge line) and classic Mac (CR-only) files. */
class LineLimitsTest {

    @TempDir
    Path dir;

    @Test
    void aLineLongerThanTheLimitIsOneInvalidRecordAndReadingContinues() {
        String huge = "x".repeat(PhysicalLineReader.MAX_LINE_BYTES * 2);
        List<InputRecord> records = TestFiles.readAll(
                dir, "reservation_uuid,note\n" + TestFiles.UUID_1 + ",a\n" + huge + "\n" + TestFiles.UUID_2 + ",b\n");

        assertThat(records).extracting(InputRecord::line).containsExactly(1L, 2L, 3L);
        assertThat(records.get(1).problem()).startsWith("line is longer than 1024 KiB");
        assertThat(records.get(1).raw().length).isLessThanOrEqualTo(PhysicalLineReader.MAX_LINE_BYTES + 1);
        assertThat(records.get(2).reservationUuid()).isEqualTo(TestFiles.UUID_2);
    }

    @Test
    void aQuoteStillOpenAtAnOverlongLineEndsThereAndTheLongLineIsItsOwnRecord() {
        String huge = "y".repeat(PhysicalLineReader.MAX_LINE_BYTES + 10);
        List<InputRecord> records = TestFiles.readAll(
                dir,
                "reservation_uuid,note\n" + TestFiles.UUID_1 + ",\"open\n" + huge + "\n" + TestFiles.UUID_2 + ",b\n");

        assertThat(records).extracting(InputRecord::line).containsExactly(1L, 2L, 3L);
        assertThat(records.get(0).problem()).startsWith("unbalanced quote").contains("too long");
        assertThat(records.get(1).problem()).startsWith("line is longer than");
        assertThat(records.get(2).problem()).isNull();
    }

    @Test
    void anOverlongHeaderMakesTheFileUnusable() {
        Path file = TestFiles.write(dir, "reservation_uuid," + "z".repeat(PhysicalLineReader.MAX_LINE_BYTES) + "\n");

        assertThatThrownBy(() -> ReservationFile.open(file, CsvFormat.defaults()))
                .isInstanceOf(UnusableInputException.class)
                .hasMessageContaining("unreadable header")
                .hasMessageContaining("longer than");
    }

    @Test
    void classicMacLineEndingsAreNamedNotMisreadAsOneHeader() {
        Path file = TestFiles.write(dir, "reservation_uuid,note\r" + TestFiles.UUID_1 + ",a\r");

        assertThatThrownBy(() -> ReservationFile.open(file, CsvFormat.defaults()))
                .isInstanceOf(UnusableInputException.class)
                .hasMessageContaining("CR only")
                .hasMessageNotContaining("\r");
    }

    @Test
    void aStrayCrAtTheEndOfTheHeaderIsNotClassicMac() {
        List<InputRecord> records = TestFiles.readAll(dir, "reservation_uuid,note\r\r\n" + TestFiles.UUID_1 + ",a\n");

        assertThat(records).singleElement().satisfies(r -> assertThat(r.note()).isEqualTo("a"));
    }
}
