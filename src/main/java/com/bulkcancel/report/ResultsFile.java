package com.bulkcancel.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;

import com.bulkcancel.input.CheckedRow;
import com.bulkcancel.input.CsvFormat;
import com.bulkcancel.input.InputRecord;
import com.bulkcancel.input.ReservationFile;
import com.bulkcancel.input.RowValidator;
import com.bulkcancel.input.Sha256;
import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.outcomes.RowOutcome;

/**
 * Renders the results CSV by streaming the input again beside the outcome table (both in line order): one row
 * per non-blank data record. Written through an {@link OutputFile}, so the results file is always either the
 * previous complete one or the new complete one. The retry file is rendered in the same pass.
 * <p>
 * A live run's rendering also proves that it describes the file that was sent: each sendable line's reservation
 * UUID must be the one recorded with its outcome, and the bytes read must have the SHA-256 the run started with.
 * Otherwise nothing is replaced and {@link InputChangedException} is thrown.
 */
public class ResultsFile {

    public static final String[] HEADER = {
        "line", "reservation_uuid", "note", "outcome", "http_status", "api_message", "attempts", "finished_at", "detail"
    };
    private static final int PAGE = 1000;

    private final OutcomeStore outcomes;
    private final FileSync sync;

    public ResultsFile(OutcomeStore outcomes, FileSync sync) {
        this.outcomes = outcomes;
        this.sync = sync;
    }

    /** Detail of a PENDING line that no run sent. */
    public static final String NOT_SENT_YET = "not sent yet";
    /** Detail of a PENDING line in a range still recorded as dispatched: the provider may have acted on it. */
    public static final String SENT_WITHOUT_ANSWER = "sent by a killed run without a recorded answer";

    /** What one rendering wrote: results rows, rows in the retry file (0: no retry file), PENDING rows. */
    public record Rendered(long rows, long retryRows, long pendingRows) {
        public Rendered(long rows, long retryRows) {
            this(rows, retryRows, 0);
        }
    }

    /**
     * Renders from the outcome table of a job instance, for the input whose bytes had {@code sentSha256} when
     * the run started.
     */
    public Rendered render(
            long jobInstanceId,
            String sentSha256,
            Path input,
            CsvFormat format,
            RowValidator validator,
            ReportFiles files) {
        return render(
                new OutcomeCursor(jobInstanceId, input, null),
                sentSha256::equals,
                true,
                input,
                format,
                validator,
                files);
    }

    /**
     * Renders an unfinished run: a line without a recorded outcome is PENDING (not sent yet, or sent by a killed
     * run without a recorded answer) and is not in the retry file. The input is still checked against the run:
     * its SHA-256, and the UUID of every line that has an outcome.
     */
    public Rendered renderUnfinished(
            long jobInstanceId,
            String sentSha256,
            Path input,
            CsvFormat format,
            RowValidator validator,
            ReportFiles files) {
        List<long[]> dispatched = outcomes.dispatchedRanges(jobInstanceId);
        return render(
                new OutcomeCursor(jobInstanceId, input, line -> pending(line, dispatched)),
                sentSha256::equals,
                true,
                input,
                format,
                validator,
                files);
    }

    private static RowOutcome pending(InputRecord record, List<long[]> dispatched) {
        long line = record.line();
        boolean sent = dispatched.stream().anyMatch(r -> r[0] <= line && line <= r[1]);
        return new RowOutcome(
                line, null, Outcome.PENDING, null, null, 0, sent, null, sent ? SENT_WITHOUT_ANSWER : NOT_SENT_YET);
    }

    /**
     * Renders the results file with each line's outcome taken from {@code source} (the dry run decides them as
     * it reads). No row is FAILED, so no retry file is written, and none is deleted either: a retry file there
     * belongs to a live run.
     */
    public Rendered render(
            OutcomeSource source, Path input, CsvFormat format, RowValidator validator, ReportFiles files) {
        // The dry run's outcomes come from this very read: there is no earlier file to compare with.
        return render(source, sha256 -> true, false, input, format, validator, files);
    }

    /** @param live whether this rendering owns the retry file (writes it, or deletes a stale one) */
    private Rendered render(
            OutcomeSource source,
            Predicate<String> sentContent,
            boolean live,
            Path input,
            CsvFormat format,
            RowValidator validator,
            ReportFiles files) {
        Path results = files.results();
        MessageDigest digest = Sha256.digest();
        long rows = 0;
        long pendingRows = 0;
        long retryRows;
        try (ReservationFile file = ReservationFile.open(input, format, digest);
                RetryFile retry = new RetryFile(files.retry(), file.headerBytes(), sync, live);
                OutputFile output = OutputFile.create(results, sync)) {
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(output.stream(), StandardCharsets.UTF_8));
            ICSVWriter csv = new CSVWriterBuilder(out).withLineEnd("\n").build();
            csv.writeNext(HEADER, false);
            InputRecord record;
            while ((record = file.next()) != null) {
                CheckedRow row = validator.validate(record);
                RowOutcome outcome = source.outcomeOf(record);
                if (outcome.outcome() == Outcome.PENDING) {
                    pendingRows++; // no run recorded this line: there is no UUID to compare with
                } else if (row.sendable() && !row.reservationUuid().equals(outcome.reservationUuid())) {
                    throw new InputChangedException(
                            input,
                            "line " + record.line() + " holds reservation " + row.reservationUuid() + ", the run sent "
                                    + outcome.reservationUuid());
                }
                csv.writeNext(row(row, record, outcome), false);
                if (outcome.outcome() == Outcome.FAILED) {
                    retry.add(record);
                }
                rows++;
            }
            String read = HexFormat.of().formatHex(digest.digest());
            if (!sentContent.test(read)) {
                throw new InputChangedException(input, "its content now has SHA-256 " + read);
            }
            csv.close();
            retryRows = retry.finish();
            output.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results " + results + ": " + e.getMessage(), e);
        }
        return new Rendered(rows, retryRows, pendingRows);
    }

    private static String[] row(CheckedRow row, InputRecord record, RowOutcome o) {
        // As sent for a valid line; the raw values for an invalid one.
        String uuid = row.sendable() ? row.reservationUuid() : record.reservationUuid();
        String note = row.sendable() ? row.note() : record.note();
        String[] cells = {
            String.valueOf(record.line()),
            uuid,
            note,
            o.outcome().name(),
            o.httpStatus() == null ? "" : o.httpStatus().toString(),
            o.apiMessage(),
            String.valueOf(o.attempts()),
            o.finishedAt() == null ? "" : o.finishedAt().toString(),
            o.detail()
        };
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

    /**
     * Pages through the outcome table in line order. A line without an outcome is the {@code unrecorded} source's
     * (an unfinished run's PENDING); without one (a finished run), it means the input is not the file sent.
     */
    private final class OutcomeCursor implements OutcomeSource {
        private final long jobInstanceId;
        private final Path input;
        private final OutcomeSource unrecorded;
        private final Deque<RowOutcome> page = new ArrayDeque<>();
        private long lastLine;
        private boolean exhausted;

        OutcomeCursor(long jobInstanceId, Path input, OutcomeSource unrecorded) {
            this.jobInstanceId = jobInstanceId;
            this.input = input;
            this.unrecorded = unrecorded;
        }

        @Override
        public RowOutcome outcomeOf(InputRecord record) {
            RowOutcome recorded = at(record.line());
            if (recorded != null) {
                return recorded;
            }
            if (unrecorded == null) {
                throw new InputChangedException(input, "the run recorded no line " + record.line());
            }
            return unrecorded.outcomeOf(record);
        }

        /** The line's recorded outcome, or null. */
        private RowOutcome at(long line) {
            while (true) {
                if (page.isEmpty()) {
                    if (!exhausted) {
                        page.addAll(outcomes.pageAfter(jobInstanceId, lastLine, PAGE));
                    }
                    if (page.isEmpty()) {
                        exhausted = true; // no more pages: do not ask again for each line left
                        return null;
                    }
                    lastLine = page.peekLast().line();
                }
                RowOutcome next = page.peekFirst();
                if (next.line() > line) {
                    return null;
                }
                page.removeFirst();
                if (next.line() == line) {
                    return next;
                }
            }
        }
    }
}
