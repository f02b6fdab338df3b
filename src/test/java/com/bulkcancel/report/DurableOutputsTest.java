package com.bulkcancel.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bulkcancel.input.CsvFormat;
import com.bulkcancel.input.RowValidator;
import com.bulkcancel.job.RunSummary;
import com.bulkcancel.launch.CommandOutput;
import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.RowOutcome;

/**
 * The results, retry and summary files are on the disk before they are reported written: the file is forced,
 * then moved into place, then its directory is forced (else an OS crash can leave a reported file empty or gone).
 */
class DurableOutputsTest {

    @TempDir
    Path dir;

    final List<String> events = new ArrayList<>();
    ReportFiles files;

    /** Records each sync with the output files in place at that moment. */
    final FileSync recording = new FileSync() {
        @Override
        public void file(FileChannel file) throws IOException {
            file.force(true);
            events.add("file synced, in place: " + inPlace());
        }

        @Override
        public void directory(Path directory) {
            assertThat(directory).isEqualTo(dir.toAbsolutePath());
            events.add("directory synced, in place: " + inPlace());
        }
    };

    List<String> inPlace() {
        return Stream.of(files.retry(), files.results(), files.summary())
                .filter(Files::isRegularFile)
                .map(p -> p.getFileName().toString())
                .toList();
    }

    @Test
    void resultsAndRetryFilesAreForcedThenMovedThenTheirDirectoryForcedBeforeTheyAreReported() throws Exception {
        Path input = dir.resolve("reservations.csv");
        Files.writeString(
                input,
                "reservation_uuid,note\n00000000-0000-4000-8000-000000000001,a\n"
                        + "00000000-0000-4000-8000-000000000002,b\n");
        files = ReportFiles.of(dir.resolve("reservations.results.csv"));

        ResultsFile.Rendered rendered = new ResultsFile(null, recording)
                .render(
                        record -> new RowOutcome(
                                record.line(),
                                record.reservationUuid(),
                                record.line() == 2 ? Outcome.CANCELLED : Outcome.FAILED,
                                null,
                                null,
                                1,
                                false,
                                Instant.EPOCH,
                                null),
                        input,
                        CsvFormat.defaults(),
                        new RowValidator(null, 1000),
                        files);
        events.add("reported: " + rendered.rows() + " rows, " + rendered.retryRows() + " to retry");

        assertThat(events)
                .containsExactly(
                        "file synced, in place: []",
                        "directory synced, in place: [reservations.results.retry.csv]",
                        "file synced, in place: [reservations.results.retry.csv]",
                        "directory synced, in place: [reservations.results.retry.csv, reservations.results.csv]",
                        "reported: 2 rows, 1 to retry");
    }

    @Test
    void theSummaryIsForcedThenMovedThenItsDirectoryForced() throws Exception {
        files = ReportFiles.of(dir.resolve("reservations.results.csv"));
        RunSummary summary = new RunSummary(
                null, null, new CommandOutput(new PrintStream(PrintStream.nullOutputStream())), recording);

        summary.write(files.summary(), Map.of("status", "COMPLETED"));

        assertThat(events)
                .containsExactly(
                        "file synced, in place: []", "directory synced, in place: [reservations.results.summary.json]");
        assertThat(Files.readString(files.summary())).contains("COMPLETED");
    }
}
