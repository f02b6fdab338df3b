package com.bulkcancel.input;

import static com.bulkcancel.input.TestFiles.UUID_1;
import static com.bulkcancel.input.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnusableInputTest {

    @TempDir
    Path dir;

    @Test
    void emptyFile() throws IOException {
        Path file = Files.createFile(dir.resolve("reservations.csv"));
        assertUnusable(file, "input " + file + " is empty");
    }

    @Test
    void onlyBlankLinesIsEmpty() throws IOException {
        Path file = Files.writeString(dir.resolve("reservations.csv"), "\n  \r\n\n");
        assertUnusable(file, "input " + file + " is empty");
    }

    @Test
    void directory() {
        assertUnusable(dir, "input " + dir + " is a directory");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.csv");
        assertUnusable(file, "input " + file + " does not exist");
    }

    @Test
    void unreadableFile() throws IOException {
        Path file = Files.writeString(dir.resolve("reservations.csv"), "reservation_uuid\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as root: permissions are not enforced");
        assertUnusable(file, "cannot read input " + file + ": Permission denied");
    }

    @Test
    void noUuidColumnNamesTheHeader() {
        Path file = write(dir, "id;name\n1;x\n");
        assertUnusable(file, "input " + file + " has no reservation_uuid column (header: id;name)");
    }

    @Test
    void twoColumnsForTheSameFieldAreNamed() {
        Path file = write(dir, "uuid,Reservation_ID,note\n");
        assertUnusable(file, "input " + file + " has two reservation UUID columns: 'uuid' and 'Reservation_ID'");
        Path notes = write(dir, "reservation_uuid,note,Reason\n");
        assertUnusable(notes, "input " + notes + " has two note columns: 'note' and 'Reason'");
    }

    @Test
    void blankFirstLineIsNotSkipped() {
        Path file = write(dir, "\nreservation_uuid\n" + UUID_1 + "\n");
        assertUnusable(
                file,
                "input " + file
                        + " starts with a blank line; the first line must be the header with a reservation_uuid column");
    }

    @Test
    void unreadableHeaderBytes() {
        Path file = write(dir, new byte[] {'u', 'u', 'i', 'd', (byte) 0xFF, '\n'});
        assertUnusable(
                file,
                "input " + file
                        + " has an unreadable header: bytes not valid in UTF-8 (set --cancel.csv.encoding, e.g. windows-1252)");
    }

    @Test
    void utf16IsRefusedAsAFormat() {
        assertThatThrownBy(() -> new CsvFormat(null, StandardCharsets.UTF_16, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UTF-16 is not supported");
    }

    private static void assertUnusable(Path file, String message) {
        assertThatThrownBy(() -> ReservationFile.open(file, CsvFormat.defaults()))
                .isInstanceOf(UnusableInputException.class)
                .hasMessage(message);
        assertThat(message).doesNotContain("\n");
    }
}
