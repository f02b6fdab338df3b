package com.bulkcancel.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;

import com.bulkcancel.input.CsvFormat;
import com.bulkcancel.input.InputRecord;
import com.bulkcancel.input.ReservationFile;
import com.bulkcancel.input.ReservationRow;
import com.bulkcancel.input.RowValidator;
import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.outcomes.RowOutcome;
import com.opencsv.CSVWriter;
import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;

/**
 * Renders the results CSV by streaming the input again beside the outcome table (both in line order): one row
 * per non-blank data record. Written to a temporary file and moved into place, so the results file is always
 * either the previous complete one or the new complete one. The retry file is rendered in the same pass.
 */
public class ResultsFile {

    public static final String[] HEADER = {"line", "reservation_uuid", "note", "outcome", "http_status",
            "api_message", "attempts", "finished_at", "detail"};
    private static final int PAGE = 1000;

    private final OutcomeStore outcomes;

    public ResultsFile(OutcomeStore outcomes) {
        this.outcomes = outcomes;
    }

    /** What one rendering wrote: results rows, and rows in the retry file (0: no retry file). */
    public record Rendered(long rows, long retryRows) {
    }

    /** Renders from the outcome table of a job instance. */
    public Rendered render(long jobInstanceId, Path input, CsvFormat format, RowValidator validator,
                           ReportFiles files) {
        return render(new OutcomeCursor(jobInstanceId), input, format, validator, files);
    }

    /**
     * Renders the results file with each line's outcome taken from {@code source} (the dry run decides them as
     * it reads) and, in the same pass, the retry file (the FAILED rows verbatim in the input's own format); see
     * {@link RetryFile}.
     */
    public Rendered render(OutcomeSource source, Path input, CsvFormat format, RowValidator validator,
                           ReportFiles files) {
        Path results = files.results();
        Path temp = results.resolveSibling(results.getFileName() + ".tmp");
        long rows = 0;
        long retryRows;
        try (ReservationFile file = ReservationFile.open(input, format);
             RetryFile retry = new RetryFile(files.retry(), file.headerBytes());
             BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
             ICSVWriter csv = new CSVWriterBuilder(out).withLineEnd("\n").build()) {
            csv.writeNext(HEADER, false);
            InputRecord record;
            while ((record = file.next()) != null) {
                RowOutcome outcome = source.outcomeOf(record);
                csv.writeNext(row(validator.validate(record), record, outcome), false);
                if (outcome.outcome() == Outcome.FAILED) {
                    retry.add(record);
                }
                rows++;
            }
            retryRows = retry.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results " + results + ": " + e.getMessage(), e);
        }
        try {
            Files.move(temp, results, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results " + results + ": " + e.getMessage(), e);
        }
        return new Rendered(rows, retryRows);
    }

    private static String[] row(ReservationRow row, InputRecord record, RowOutcome o) {
        // As sent for a valid line; the raw values for an invalid one.
        String uuid = row.sendable() ? row.reservationUuid() : record.reservationUuid();
        String note = row.sendable() ? row.note() : record.note();
        String[] cells = {String.valueOf(record.line()), uuid, note, o.outcome().name(),
                o.httpStatus() == null ? "" : o.httpStatus().toString(), o.apiMessage(),
                String.valueOf(o.attempts()), o.finishedAt() == null ? "" : o.finishedAt().toString(), o.detail()};
        for (int i = 0; i < cells.length; i++) {
            cells[i] = SpreadsheetSafe.cell(cells[i]);
        }
        return cells;
    }

    /** Where each line's outcome comes from, asked once per non-blank record in line order. */
    @FunctionalInterface
    public interface OutcomeSource {
        RowOutcome outcomeOf(InputRecord record);
    }

    /** Pages through the outcome table in line order. */
    private final class OutcomeCursor implements OutcomeSource {
        private final long jobInstanceId;
        private final Deque<RowOutcome> page = new ArrayDeque<>();
        private long lastLine;

        OutcomeCursor(long jobInstanceId) {
            this.jobInstanceId = jobInstanceId;
        }

        @Override
        public RowOutcome outcomeOf(InputRecord record) {
            return at(record.line());
        }

        RowOutcome at(long line) {
            while (true) {
                if (page.isEmpty()) {
                    page.addAll(outcomes.pageAfter(jobInstanceId, lastLine, PAGE));
                    if (page.isEmpty()) {
                        throw new IllegalStateException("no outcome recorded for line " + line);
                    }
                    lastLine = page.peekLast().line();
                }
                RowOutcome next = page.peekFirst();
                if (next.line() > line) {
                    throw new IllegalStateException("no outcome recorded for line " + line);
                }
                page.removeFirst();
                if (next.line() == line) {
                    return next;
                }
            }
        }
    }
}
