package com.bulkcancel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap a run needs does not grow with the file: a dry run of 1,000,000 rows completes in a child JVM at
 * -Xmx96m (before the external duplicate sort it needed about 100 bytes a row and ran out at 3,000,000 rows in
 * 256 MiB). The benchmark's part 5 prints the figures; this only guards that it completes.
 */
class FlatMemoryTest {

    static final int ROWS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void aDryRunOfAMillionRowsCompletesIn96MiBOfHeap() throws Exception {
        Path input = dir.resolve("million.csv");
        SplittableRandom random = new SplittableRandom(14);
        try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            out.write("reservation_uuid,note\n");
            for (int i = 0; i < ROWS; i++) {
                long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
                long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
                out.write(new UUID(msb, lsb).toString());
                out.write(",Event cancelled by the organiser\n");
            }
        }
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx96m",
                        "-Djava.io.tmpdir=" + temp,
                        "-cp",
                        System.getProperty("java.class.path"),
                        BulkCancelApplication.class.getName(),
                        "--cancel.input=" + input,
                        "--cancel.dry-run=true"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process child = builder.start();
        boolean ended = child.waitFor(10, TimeUnit.MINUTES); // a guard against a hang, not a time limit
        if (!ended) {
            child.destroyForcibly();
        }
        String output = Files.readString(log);

        assertThat(ended).as("the child JVM ended; its output:%n%s", output).isTrue();
        assertThat(child.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(output)
                .contains("Dry run: nothing was sent. " + ROWS + " rows: WOULD_CANCEL " + ROWS
                        + ", INVALID_INPUT 0, DUPLICATE 0");
        try (var left = Files.list(temp)) {
            assertThat(left).as("temporary files left").isEmpty();
        }
    }
}
