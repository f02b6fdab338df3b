package com.bulkcancel.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

import com.bulkcancel.input.InputSettings;
import com.bulkcancel.launch.InvalidInvocationException;
import com.bulkcancel.report.ReportFiles;
import com.bulkcancel.report.ResultsFile;

/**
 * The results of a run that has not finished: written when a run stops (lines without a final outcome are
 * PENDING), and again on demand by {@code --cancel.report}, which sends nothing and needs no token. Both check the
 * input against the run as the report step does (its SHA-256, each recorded line's UUID).
 */
@Component
public class ResultsReport {

    private static final Logger log = LoggerFactory.getLogger(ResultsReport.class);
    /**
     * On SIGTERM the process must end within the shutdown grace: the results are rendered only for an input this
     * small (about 20,000 rows, well under a second to render); a larger one is left to {@code --cancel.report}.
     */
    static final long RENDERED_ON_SIGTERM_UP_TO_BYTES = 1L << 20;

    static final String REPORT_HINT =
            "the same command with --cancel.report writes the results so far (sends " + "nothing, needs no token)";

    private final ResultsFile resultsFile;
    private final InputSettings input;
    private final PreRunChecks checks;
    private final InputRuns inputRuns;
    private final RunEnding ending;
    private final RunSummary summary;
    private final PrunedRuns prunedRuns;

    public ResultsReport(
            ResultsFile resultsFile,
            InputSettings input,
            PreRunChecks checks,
            InputRuns inputRuns,
            RunEnding ending,
            RunSummary summary,
            PrunedRuns prunedRuns) {
        this.prunedRuns = prunedRuns;
        this.resultsFile = resultsFile;
        this.input = input;
        this.checks = checks;
        this.inputRuns = inputRuns;
        this.ending = ending;
        this.summary = summary;
    }

    /**
     * After a run that stopped before its end: renders its results with PENDING lines, unless the input changed
     * (nothing must describe a file that was not sent) or a SIGTERM leaves no time for a large file.
     *
     * @return what was written, or null if the results were not written
     */
    public ResultsFile.Rendered afterStop(JobExecution execution, StopCause stopped) {
        if (stopped != null && stopped.reason().equals("input_changed")) {
            return null;
        }
        Path inputFile = Path.of(execution.getJobParameters().getString(JobIdentity.INPUT));
        if (stopped != null && stopped.reason().equals("shutdown") && !smallForShutdown(inputFile)) {
            log.warn(
                    "Stopped by SIGTERM: the results are not written now (a large file might not be rendered "
                            + "within the shutdown grace); {}.",
                    REPORT_HINT);
            return null;
        }
        try {
            return render(execution, inputFile);
        } catch (RuntimeException e) {
            log.error("Could not write the results of the unfinished run: {}", e.getMessage());
            return null;
        }
    }

    /** {@code --cancel.report}: the results and summary of this input's latest run, from the job database. */
    public ExitCode run() {
        Path inputFile = checks.input();
        PreRunChecks.LiveRun reported = checks.reported(inputFile);
        JobIdentity identity = JobIdentity.of(inputFile, reported.usable().sha256(), reported.baseUrl());
        PrunedRun pruned = prunedRuns.latest(identity).orElse(null);
        if (PrunedRuns.supersedes(pruned, latest(identity).orElse(null))) {
            return pruned(pruned);
        }
        JobExecution latest = latest(identity)
                .orElseThrow(() -> new InvalidInvocationException("--cancel.report: "
                        + "the job database has no run of this file (" + inputFile + ", this content) against "
                        + identity.baseUrl() + ": nothing to report"));
        if (latest.getStatus() != BatchStatus.COMPLETED) {
            ResultsFile.Rendered rendered = render(latest, inputFile);
            // On PostgreSQL the run may have completed meanwhile, its complete results replaced by these: again.
            JobExecution now = latest(identity).orElse(latest);
            if (now.getStatus() != BatchStatus.COMPLETED) {
                log.info(
                        "--cancel.report: the run is {} (unfinished); results with {} PENDING rows written to {}. "
                                + "Nothing sent; rerun the same command to resume.",
                        now.getStatus(),
                        rendered.pendingRows(),
                        files(now).results());
                summary.report(now, ExitCode.INTERRUPTED, false, null, rendered);
                return ExitCode.INTERRUPTED;
            }
            latest = now;
        }
        return completed(latest, inputFile);
    }

    /**
     * The latest run was deleted by {@code cancel.retention}: its lines are gone, so the results file it wrote is
     * left as it is (never rendered again from what is left); the summary from its tombstone, its exit code.
     */
    private ExitCode pruned(PrunedRun pruned) {
        if (pruned.status() != BatchStatus.COMPLETED) {
            throw new InvalidInvocationException("--cancel.report: the latest run of this file was "
                    + pruned.status() + " and has been deleted from the job database by cancel.retention (ended "
                    + pruned.ended() + "): nothing to report");
        }
        ExitCode code = pruned.exitCode();
        log.info(
                "--cancel.report: the run completed {} and was deleted from the job database by cancel.retention; "
                        + "its results file {} is the record (not written again). Nothing sent.",
                pruned.ended(),
                pruned.results());
        summary.reportPruned(pruned, code);
        return code;
    }

    /** A completed run's results, complete; its exit code (0 or 3). */
    private ExitCode completed(JobExecution latest, Path inputFile) {
        ReportFiles files = files(latest);
        resultsFile.render(
                latest.getJobInstance().getInstanceId(),
                latest.getJobParameters().getString(JobIdentity.INPUT_SHA256),
                inputFile,
                input.format(),
                input.validator(),
                files);
        ExitCode code = ending.completed(latest);
        log.info(
                "--cancel.report: the run completed {}; results written to {}. Nothing sent.",
                latest.getEndTime(),
                files.results());
        summary.report(latest, code, false);
        return code;
    }

    /** The input's latest run against this base URL, as a live run would find it. */
    private Optional<JobExecution> latest(JobIdentity identity) {
        return inputRuns.lastExecutions(identity.inputPath()).stream()
                .filter(e -> identity.sameContentAndBaseUrl(e.getJobParameters()))
                .max(Comparator.comparingLong((JobExecution e) -> JobIdentity.generationOf(e.getJobParameters()))
                        .thenComparingLong(e -> e.getJobInstance().getInstanceId()));
    }

    private ResultsFile.Rendered render(JobExecution execution, Path inputFile) {
        ReportFiles files = files(execution);
        ResultsFile.Rendered rendered = resultsFile.renderUnfinished(
                execution.getJobInstance().getInstanceId(),
                execution.getJobParameters().getString(JobIdentity.INPUT_SHA256),
                inputFile,
                input.format(),
                input.validator(),
                files);
        log.info(
                "Results so far: {} rows ({} PENDING) written to {}",
                rendered.rows(),
                rendered.pendingRows(),
                files.results());
        return rendered;
    }

    private static ReportFiles files(JobExecution execution) {
        return ReportFiles.of(Path.of(execution.getJobParameters().getString(JobIdentity.RESULTS)));
    }

    private static boolean smallForShutdown(Path inputFile) {
        try {
            return Files.size(inputFile) <= RENDERED_ON_SIGTERM_UP_TO_BYTES;
        } catch (IOException e) {
            return false;
        }
    }
}
