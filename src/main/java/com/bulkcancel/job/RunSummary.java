package com.bulkcancel.job;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import tools.jackson.databind.json.JsonMapper;

import com.bulkcancel.launch.CommandOutput;
import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeInstance;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.provider.CallTally;
import com.bulkcancel.provider.LastError;
import com.bulkcancel.report.FileSync;
import com.bulkcancel.report.OutputFile;
import com.bulkcancel.report.ReportFiles;
import com.bulkcancel.report.ResultsFile;

/**
 * The end of every run: a small table on standard output and the same as JSON beside the results file
 * ({@code <results name>.summary.json}). The JSON is written last, after the results and retry files, through an
 * {@link OutputFile}: a results file without a fresh summary is a run in progress or interrupted.
 */
public class RunSummary {

    private static final Logger log = LoggerFactory.getLogger(RunSummary.class);

    private final OutcomeStore outcomes;
    private final CallTally calls;
    private final PrintStream out;
    private final FileSync sync;
    private final JsonMapper json = JsonMapper.builder().build();

    public RunSummary(OutcomeStore outcomes, CallTally calls, CommandOutput output, FileSync sync) {
        this.outcomes = outcomes;
        this.calls = calls;
        this.out = output.out();
        this.sync = sync;
    }

    /**
     * @param execution the run just made, or the completed one a rerun found (then {@code ranNow} is false and
     *                  nothing was sent)
     */
    public void report(JobExecution execution, ExitCode exitCode, boolean ranNow) {
        report(execution, exitCode, ranNow, null);
    }

    /** @param stopped why the run ended before its end; null for a run that completed */
    public void report(JobExecution execution, ExitCode exitCode, boolean ranNow, StopCause stopped) {
        report(execution, exitCode, ranNow, stopped, null);
    }

    /**
     * @param unfinished what the rendering of an unfinished run's results wrote (PENDING rows), or null when
     *                   the results are the report step's (complete) or were not written
     */
    public void report(
            JobExecution execution,
            ExitCode exitCode,
            boolean ranNow,
            StopCause stopped,
            ResultsFile.Rendered unfinished) {
        gathered(exitCode, () -> {
                    Map<String, Object> summary = summary(execution, exitCode, ranNow, stopped);
                    if (unfinished != null) {
                        unfinished(summary, unfinished);
                    }
                    return summary;
                })
                .ifPresent(this::print);
    }

    /**
     * A rerun of a file whose completed run {@code cancel.retention} deleted: its tombstone's counts, nothing
     * sent, status ALREADY_COMPLETED as for a kept run.
     */
    public void reportPruned(PrunedRun run, ExitCode exitCode) {
        gathered(
                        exitCode,
                        () -> summary(
                                run.input(), run.baseUrl(), "ALREADY_COMPLETED", run.counts(), run.results(), exitCode))
                .ifPresent(this::print);
    }

    /**
     * The process is ending at the shutdown grace while the run still goes on: status UNFINISHED, exit 1, and
     * {@code results_complete: false} (the report step may be rendering, but it did not finish for this run).
     */
    public void reportCutOff(JobExecution execution, StopCause stopped) {
        gathered(ExitCode.INTERRUPTED, () -> {
                    Map<String, Object> summary = summary(execution, ExitCode.INTERRUPTED, true, stopped);
                    summary.put("status", "UNFINISHED");
                    summary.put("results_complete", false);
                    summary.put("retry_file", null);
                    return summary;
                })
                .ifPresent(this::print);
    }

    /** The exit code matters more than the summary: a summary that cannot be gathered is logged, never thrown. */
    private static Optional<Map<String, Object>> gathered(ExitCode exitCode, Supplier<Map<String, Object>> gather) {
        try {
            return Optional.of(gather.get());
        } catch (RuntimeException e) {
            log.error("Could not gather the summary (exit {} stands): {}", exitCode.code(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The results on disk are an unfinished run's: every line, some PENDING; the retry file its FAILED rows. */
    @SuppressWarnings("unchecked")
    private static void unfinished(Map<String, Object> summary, ResultsFile.Rendered rendered) {
        ((Map<String, Long>) summary.get("counts")).put(Outcome.PENDING.name(), rendered.pendingRows());
        summary.put("rows", (Long) summary.get("rows") + rendered.pendingRows());
        summary.put("results_complete", false);
        summary.put(
                "retry_file",
                rendered.retryRows() > 0
                        ? ReportFiles.of(Path.of((String) summary.get("results")))
                                .retry()
                                .toString()
                        : null);
    }

    private void print(Map<String, Object> summary) {
        out.print(table(summary));
        out.flush();
        logFields(summary);
        Path file = Path.of((String) summary.get("summary"));
        try {
            write(file, summary);
        } catch (RuntimeException e) {
            log.error("Could not write the summary {}: {}", file, e.getMessage());
        }
    }

    Map<String, Object> summary(JobExecution execution, ExitCode exitCode, boolean ranNow) {
        return summary(execution, exitCode, ranNow, null);
    }

    Map<String, Object> summary(JobExecution execution, ExitCode exitCode, boolean ranNow, StopCause stopped) {
        ReportFiles files = ReportFiles.of(Path.of(execution.getJobParameters().getString(JobIdentity.RESULTS)));
        Map<Outcome, Long> byOutcome = outcomes.counts(OutcomeInstance.of(execution));
        Map<String, Long> counts = new LinkedHashMap<>();
        long rows = 0;
        for (Outcome outcome : Outcome.reported()) {
            long n = byOutcome.getOrDefault(outcome, 0L);
            counts.put(outcome.name(), n);
            rows += n;
        }
        long sent = ranNow ? calls.sent() : 0;
        double seconds = ranNow ? seconds(execution.getStartTime(), execution.getEndTime()) : 0;
        boolean resultsWritten = !ranNow || reportCompleted(execution);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("input", execution.getJobParameters().getString(JobIdentity.INPUT));
        summary.put(
                "base_url", JobIdentity.normalise(execution.getJobParameters().getString(JobIdentity.BASE_URL)));
        summary.put(
                "status",
                ranNow || execution.getStatus() != BatchStatus.COMPLETED
                        ? execution.getStatus().name()
                        : "ALREADY_COMPLETED");
        summary.put("exit_code", exitCode.code());
        summary.put("exit_meaning", exitCode.meaning());
        summary.put("counts", counts);
        summary.put("rows", rows);
        summary.put("sent_this_run", sent);
        summary.put("retries_this_run", ranNow ? calls.retries() : 0);
        summary.put("started", ranNow ? iso(execution.getStartTime()) : null);
        summary.put("ended", ranNow ? iso(execution.getEndTime()) : null);
        summary.put("duration_seconds", round(seconds));
        summary.put("calls_per_second", seconds > 0 ? round(sent / seconds) : 0.0);
        summary.put("results", files.results().toString());
        summary.put("results_complete", resultsWritten && Files.isRegularFile(files.results()));
        summary.put(
                "retry_file",
                resultsWritten && Files.isRegularFile(files.retry())
                        ? files.retry().toString()
                        : null);
        summary.put("summary", files.summary().toString());
        summary.put("stop_reason", stopped == null ? null : stopped.reason());
        summary.put("stop_description", stopped == null ? null : stopped.what());
        summary.put("last_error", stopped == null ? null : lastError(stopped.lastError()));
        summary.put("next", stopped == null ? null : stopped.next());
        return summary;
    }

    /** A run reported from its tombstone: nothing sent now; the results file is the one it wrote, if still there. */
    private static Map<String, Object> summary(
            String input,
            String baseUrl,
            String status,
            Map<Outcome, Long> byOutcome,
            String results,
            ExitCode exitCode) {
        ReportFiles files = ReportFiles.of(Path.of(results));
        Map<String, Long> counts = new LinkedHashMap<>();
        long rows = 0;
        for (Outcome outcome : Outcome.reported()) {
            long n = byOutcome.getOrDefault(outcome, 0L);
            counts.put(outcome.name(), n);
            rows += n;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("input", input);
        summary.put("base_url", JobIdentity.normalise(baseUrl));
        summary.put("status", status);
        summary.put("exit_code", exitCode.code());
        summary.put("exit_meaning", exitCode.meaning());
        summary.put("counts", counts);
        summary.put("rows", rows);
        summary.put("sent_this_run", 0L);
        summary.put("retries_this_run", 0L);
        summary.put("started", null);
        summary.put("ended", null);
        summary.put("duration_seconds", 0.0);
        summary.put("calls_per_second", 0.0);
        summary.put("results", files.results().toString());
        summary.put("results_complete", Files.isRegularFile(files.results()));
        summary.put(
                "retry_file", Files.isRegularFile(files.retry()) ? files.retry().toString() : null);
        summary.put("summary", files.summary().toString());
        summary.put("stop_reason", null);
        summary.put("stop_description", null);
        summary.put("last_error", null);
        summary.put("next", null);
        return summary;
    }

    /**
     * The summary as one log line whose figures are key-value fields (structured logs: a log collector reads them
     * without parsing the table, which goes to stderr in that mode).
     */
    @SuppressWarnings("unchecked")
    private static void logFields(Map<String, Object> s) {
        Map<String, Long> counts = (Map<String, Long>) s.get("counts");
        var event = log.atInfo()
                .setMessage(() -> "Summary: " + s.get("status") + ", " + s.get("rows") + " rows ("
                        + counts.entrySet().stream()
                                .filter(e -> e.getValue() > 0)
                                .map(e -> e.getKey() + " " + e.getValue())
                                .reduce((a, b) -> a + ", " + b)
                                .orElse("none")
                        + "), " + s.get("sent_this_run") + " calls sent, exit " + s.get("exit_code"))
                .addKeyValue("summary", true)
                .addKeyValue("status", s.get("status"))
                .addKeyValue("exit_code", s.get("exit_code"))
                .addKeyValue("rows", s.get("rows"))
                .addKeyValue("calls_sent", s.get("sent_this_run"))
                .addKeyValue("retries", s.get("retries_this_run"))
                .addKeyValue("duration_seconds", s.get("duration_seconds"))
                .addKeyValue("results", s.get("results"));
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            event = event.addKeyValue("rows_" + count.getKey().toLowerCase(Locale.ROOT), count.getValue());
        }
        if (s.get("stop_reason") != null) {
            event = event.addKeyValue("stop_reason", s.get("stop_reason"));
        }
        event.log();
    }

    @SuppressWarnings("unchecked")
    String table(Map<String, Object> s) {
        StringBuilder t = new StringBuilder();
        t.append("\nbulk-cancel summary\n");
        row(t, "input", s.get("input"));
        row(t, "base URL", s.get("base_url"));
        row(t, "status", s.get("status"));
        t.append(String.format(Locale.ROOT, "  %-18s %10s%n", "outcome", "rows"));
        for (Map.Entry<String, Long> e : ((Map<String, Long>) s.get("counts")).entrySet()) {
            t.append(String.format(Locale.ROOT, "  %-18s %10d%n", e.getKey(), e.getValue()));
        }
        t.append(String.format(Locale.ROOT, "  %-18s %10d  (whole file, all runs)%n", "total", (Long) s.get("rows")));
        row(t, "sent this run", s.get("sent_this_run") + " calls (" + s.get("retries_this_run") + " retries)");
        row(
                t,
                "duration",
                String.format(Locale.ROOT, "%.1f s, %.1f calls/s", (Double) s.get("duration_seconds"), (Double)
                        s.get("calls_per_second")));
        row(t, "exit", s.get("exit_code") + ": " + s.get("exit_meaning"));
        List<String> written = new ArrayList<>();
        boolean pending = ((Map<String, Long>) s.get("counts")).containsKey(Outcome.PENDING.name());
        written.add(
                "results " + s.get("results")
                        + (Boolean.TRUE.equals(s.get("results_complete"))
                                ? ""
                                : pending
                                        ? " (unfinished: PENDING rows have no final outcome yet)"
                                        : " (not complete yet: rerun the same command, or add --cancel.report to write them as they are)"));
        if (s.get("retry_file") != null) {
            written.add("retry   " + s.get("retry_file"));
        }
        written.add("summary " + s.get("summary"));
        for (int i = 0; i < written.size(); i++) {
            row(t, i == 0 ? "files" : "", written.get(i));
        }
        // Last, so the console's last lines say why the run stopped and what to do.
        if (s.get("stop_reason") != null) {
            row(t, "stopped", s.get("stop_reason") + ": " + s.get("stop_description"));
            if (s.get("last_error") instanceof Map<?, ?> error) {
                Object status = error.get("status");
                row(t, "last error", (status == null ? "" : "HTTP " + status + " ") + error.get("message"));
            }
            row(t, "next", s.get("next"));
        }
        return t.toString();
    }

    public void write(Path file, Map<String, Object> summary) {
        try (OutputFile output = OutputFile.create(file, sync)) {
            try (OutputStream out = output.stream()) {
                out.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(summary));
            }
            output.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> lastError(LastError error) {
        if (error == null) {
            return null;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("status", error.status());
        e.put("message", error.message());
        return e;
    }

    private static void row(StringBuilder t, String label, Object value) {
        t.append(String.format(Locale.ROOT, "  %-18s %s%n", label, value));
    }

    private static boolean reportCompleted(JobExecution execution) {
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStepName().equals("report") && step.getStatus() == BatchStatus.COMPLETED) {
                return true;
            }
        }
        return false;
    }

    private static double seconds(LocalDateTime start, LocalDateTime end) {
        if (start == null) {
            return 0;
        }
        return Duration.between(start, end == null ? LocalDateTime.now() : end).toMillis() / 1000.0;
    }

    /** Spring Batch keeps local times; the JSON says which offset they had. */
    private static String iso(LocalDateTime t) {
        return t == null
                ? null
                : t.atZone(ZoneId.systemDefault()).toOffsetDateTime().toString();
    }

    private static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }
}
