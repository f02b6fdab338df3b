package com.bulkcancel.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bulkcancel.input.GeneratedCsv.Expected;
import com.bulkcancel.input.GeneratedCsv.Kind;

/**
 * Random files from fixed seeds (deterministic): the reader never throws, never loses or merges a record, numbers
 * lines like a spreadsheet and returns well-formed values exactly as generated. Seeded loops in plain JUnit rather
 * than jqwik properties, so a failure names its seed and reruns identically.
 */
class GeneratedInputTest {

    private static final int CASES = 400;

    @TempDir
    Path dir;

    @Test
    void randomFilesReadBackAsGenerated() {
        for (long seed = 1; seed <= CASES; seed++) {
            GeneratedCsv csv = new GeneratedCsv(seed);
            CsvFormat format = new CsvFormat(
                    csv.delimiterDetectable && seed % 3 != 0 ? null : csv.delimiter, StandardCharsets.UTF_8, 50);
            List<InputRecord> actual = TestFiles.readAll(TestFiles.write(dir, csv.bytes()), format);
            List<Expected> expected =
                    csv.expected.stream().filter(e -> e.kind() != Kind.BLANK).toList();

            assertThat(actual).as("seed %d", seed).hasSameSizeAs(expected);
            for (int i = 0; i < actual.size(); i++) {
                check(seed, csv, expected.get(i), actual.get(i));
            }
        }
    }

    @Test
    void emptyAndBlankFilesAreUnusableNotCrashes() {
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            StringBuilder blank = new StringBuilder();
            for (int line = random.nextInt(4); line > 0; line--) {
                blank.append(" \t".repeat(random.nextInt(3))).append(random.nextBoolean() ? "\n" : "\r\n");
            }
            Path file = TestFiles.write(dir, blank.toString());
            assertThatThrownBy(() -> ReservationFile.open(file, CsvFormat.defaults()))
                    .isInstanceOf(UnusableInputException.class)
                    .hasMessageEndingWith(" is empty");
        }
    }

    private static void check(long seed, GeneratedCsv csv, Expected expected, InputRecord actual) {
        String where = "seed " + seed + ", line " + expected.line();
        assertThat(actual.line()).as(where).isEqualTo(expected.line());
        assertThat(actual.raw()).as(where).isEqualTo(expected.raw());
        switch (expected.kind()) {
            case WELL_FORMED -> {
                assertThat(actual.problem()).as(where).isNull();
                assertThat(actual.reservationUuid()).as(where).isEqualTo(expected.uuid());
                assertThat(actual.note()).as(where).isEqualTo(csv.hasNote ? expected.note() : null);
            }
            case INVALID_BYTES -> assertThat(actual.problem()).as(where).startsWith("bytes not valid in UTF-8");
            case UNBALANCED_QUOTE -> assertThat(actual.problem()).as(where).startsWith("unbalanced quote");
            case TOO_MANY_FIELDS -> assertThat(actual.problem()).as(where).contains("fields, header has");
            case GARBAGE, BLANK -> {} // any outcome, as long as it is one record on its own line
        }
        new RowValidator(null, 1000).validate(actual); // must not throw either
    }
}
