package com.bulkcancel.input;

import static com.bulkcancel.input.TestFiles.UUID_1;
import static com.bulkcancel.input.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "reservation_uuid",
                " UUID ",
                "reservationUuid",
                "Reservation_ID",
                "reservation uuid",
                "reservation-uuid",
                "\"reservation_uuid\""
            })
    void uuidColumnAliases(String name) {
        try (ReservationFile file = open("x," + name + "\n1," + UUID_1 + "\n", null)) {
            assertThat(file.next().reservationUuid()).isEqualTo(UUID_1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"note", "NOTES", "cancellation_note", "Reason", "Cancellation Note"})
    void noteColumnAliases(String name) {
        try (ReservationFile file = open("uuid," + name + "\n" + UUID_1 + ",why\n", null)) {
            assertThat(file.hasNoteColumn()).isTrue();
            assertThat(file.next().note()).isEqualTo("why");
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "uuid,note|comma",
                "uuid;note|semicolon",
                "uuid\tnote|tab",
                "uuid;\"a,b,c\";note|semicolon",
                "uuid|comma",
                "uuid;x,y;note|semicolon",
                "uuid,x;y\tz|comma"
            })
    void detectsTheDelimiterThatSplitsTheHeaderMost(String header, String expected) {
        try (ReservationFile file = open(header + "\n", null)) {
            char delimiter = switch (expected) {
                case "semicolon" -> ';';
                case "tab" -> '\t';
                default -> ',';
            };
            assertThat(file.delimiter()).isEqualTo(delimiter);
        }
    }

    @Test
    void givenDelimiterOverridesDetection() {
        try (ReservationFile file = open("uuid|note\n" + UUID_1 + "|a,b\n", '|')) {
            assertThat(file.delimiter()).isEqualTo('|');
            assertThat(file.next().note()).isEqualTo("a,b");
        }
    }

    @Test
    void exposesEncodingAndHeaderBytes() {
        try (ReservationFile file = open("uuid;note\r\n" + UUID_1 + ";x\r\n", null)) {
            assertThat(file.encoding()).isEqualTo(StandardCharsets.UTF_8);
            assertThat(new String(file.headerBytes(), StandardCharsets.UTF_8)).isEqualTo("uuid;note\r\n");
        }
    }

    private ReservationFile open(String csv, Character delimiter) {
        return ReservationFile.open(write(dir, csv), new CsvFormat(delimiter, StandardCharsets.UTF_8, 50));
    }
}
