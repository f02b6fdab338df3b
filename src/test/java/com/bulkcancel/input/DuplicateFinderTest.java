package com.bulkcancel.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded generated files (many, few and no duplicates, upper-case copies, blank lines): the external sort with a
 * run size of 7 (so many runs are merged) finds exactly the duplicates a plain HashMap of the lower-cased UUIDs
 * finds, and leaves no temporary file behind.
 */
class DuplicateFinderTest {

    private static final InputSettings SETTINGS =
            new InputSettings("note", 500, new InputSettings.Csv(',', StandardCharsets.UTF_8, 50));

    @TempDir
    Path dir;

    @TempDir
    Path temp;

    @Test
    void findsExactlyTheDuplicatesAHashMapFinds() throws IOException {
        for (long seed = 1; seed <= 60; seed++) {
            Random random = new Random(seed);
            int distinct = 1 + random.nextInt(40);
            double repeat = switch ((int) (seed % 3)) {
                case 0 -> 0.0; // no duplicates
                case 1 -> 0.05; // few
                default -> 0.7; // many
            };
            List<String> pool = new ArrayList<>();
            for (int i = 0; i < distinct; i++) {
                pool.add(new UUID(random.nextLong(), random.nextLong()).toString());
            }
            StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
            Map<String, Long> firstLine = new HashMap<>();
            Map<Long, Long> expected = new HashMap<>();
            long line = 0; // the reader numbers the first line after the header 1
            int rows = random.nextInt(120);
            int next = 0;
            for (int r = 0; r < rows; r++) {
                line++;
                if (random.nextInt(8) == 0) {
                    csv.append(random.nextBoolean() ? "\n" : "  \n"); // blank line: no record
                    continue;
                }
                String uuid = !firstLine.isEmpty() && random.nextDouble() < repeat
                        ? pool.get(random.nextInt(Math.min(next, pool.size())))
                        : pool.get(next < pool.size() ? next++ : random.nextInt(pool.size()));
                if (repeat == 0.0 && firstLine.containsKey(uuid)) {
                    uuid = new UUID(random.nextLong(), random.nextLong()).toString();
                }
                String written = random.nextBoolean() ? uuid.toUpperCase(Locale.ROOT) : uuid;
                csv.append(written).append(",n").append(r).append('\n');
                Long first = firstLine.putIfAbsent(uuid, line);
                if (first != null) {
                    expected.put(line, first);
                }
            }
            if (firstLine.isEmpty()) {
                continue;
            }
            Path file = Files.writeString(dir.resolve("seed-" + seed + ".csv"), csv);
            InputSurvey usable = InputSurvey.survey(file, SETTINGS, true, 7, temp);

            for (long l = 1; l <= line + 1; l++) {
                assertThat(usable.duplicates().firstOf(l))
                        .as("seed %d, line %d", seed, l)
                        .isEqualTo(expected.getOrDefault(l, 0L));
            }
            assertThat(usable.duplicates().size()).as("seed %d", seed).isEqualTo(expected.size());
            if (seed % 3 == 0) {
                assertThat(expected).as("seed %d", seed).isEmpty();
            }
            assertThat(leftIn(temp)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void temporaryFilesAreGoneAfterAFailure() throws IOException {
        assertThatThrownBy(() -> {
                    try (DuplicateFinder finder = new DuplicateFinder(3, temp)) {
                        for (int i = 1; i <= 20; i++) {
                            finder.add(new UUID(i % 5, i).toString(), i);
                        }
                        assertThat(leftIn(temp)).isNotEmpty(); // the runs were written
                        throw new IllegalStateException("failed mid-file");
                    }
                })
                .hasMessage("failed mid-file");
        assertThat(leftIn(temp)).isEmpty();
    }

    @Test
    void anUnusableTemporaryDirectoryIsOneLineAndExitTwo() throws IOException {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (int i = 1; i <= 20; i++) {
            csv.append(new UUID(0x4000L, 0x8000000000000000L | i)).append(",n\n");
        }
        Path file = Files.writeString(dir.resolve("many.csv"), csv);
        // As root, permissions do not stop a write; a temporary "directory" that is a file does.
        Path notADirectory = Files.writeString(temp.resolve("tmp-is-a-file"), "x");

        assertThatThrownBy(() -> InputSurvey.survey(file, SETTINGS, true, 7, notADirectory))
                .isInstanceOfSatisfying(TemporaryFilesException.class, e -> {
                    assertThat(e.getMessage())
                            .doesNotContain("\n")
                            .startsWith("cannot use the temporary directory " + notADirectory
                                    + " for the duplicate check (")
                            .contains("24 bytes per row")
                            .contains("JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=")
                            .endsWith("nothing was sent");
                    assertThat(com.bulkcancel.job.ExitCode.of(e)).isEqualTo(com.bulkcancel.job.ExitCode.INVALID);
                });
    }

    private static List<Path> leftIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
