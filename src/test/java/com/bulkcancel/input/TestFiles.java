package com.bulkcancel.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes test inputs and reads them back through {@link ReservationFile}. */
final class TestFiles {

    static final String UUID_1 = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b";
    static final String UUID_2 = "9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0";
    static final String UUID_3 = "0a1b2c3d-4e5f-4061-8273-8495a6b7c8d9";

    private TestFiles() {}

    static Path write(Path dir, String content) {
        return write(dir, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path dir, byte[] content) {
        try {
            return Files.write(Files.createTempFile(dir, "reservations", ".csv"), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<InputRecord> readAll(Path file, CsvFormat format) {
        try (ReservationFile reservations = ReservationFile.open(file, format)) {
            List<InputRecord> records = new ArrayList<>();
            for (InputRecord r = reservations.next(); r != null; r = reservations.next()) {
                records.add(r);
            }
            return records;
        }
    }

    static List<InputRecord> readAll(Path dir, String content) {
        return readAll(write(dir, content), CsvFormat.defaults());
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
