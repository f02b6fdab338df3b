package com.bulkcancel.job;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

import com.bulkcancel.input.InputSettings;
import com.bulkcancel.launch.InvalidInvocationException;
import com.bulkcancel.metrics.RunMetricsPush;
import com.bulkcancel.report.ResultsFile;

/**
 * Decides what the command means for this input: start a new run, resume an unfinished one, or report one
 * that already completed without sending anything; then runs it and turns the result into an exit code.
 */
@Component
public class CancelRunner {

    private static final Logger log = LoggerFactory.getLogger(CancelRunner.class);

    private final PreRunChecks checks;
    private final InputSettings input;
    private final RunLocks locks;
    private final RunPlanner planner;
    private final CommandLineFlags flags;
    private final RunHistory history;
    private final RunSummary summary;
    private final DryRun dryRun;
    private final JobRepository jobRepository;
    private final RunStarter starter;
    private final RunEnding ending;
    private final ResultsReport report;
    private final Retention retention;
    private final RunMetricsPush metrics;
    /** The identifying parameters of the run under way, for {@link #reportCutOff()}. */
    private volatile JobParameters running;
    /** Whether this command's metrics were pushed (a run's end pushes them once). */
    private volatile boolean pushed;

    public CancelRunner(
            PreRunChecks checks,
            InputSettings input,
            RunLocks locks,
            RunPlanner planner,
            CommandLineFlags flags,
            RunHistory history,
            RunSummary summary,
            DryRun dryRun,
            JobRepository jobRepository,
            RunStarter starter,
            RunEnding ending,
            ResultsReport report,
            Retention retention,
            RunMetricsPush metrics) {
        this.checks = checks;
        this.input = input;
        this.locks = locks;
        this.planner = planner;
        this.flags = flags;
        this.history = history;
        this.summary = summary;
        this.dryRun = dryRun;
        this.jobRepository = jobRepository;
        this.starter = starter;
        this.ending = ending;
        this.report = report;
        this.retention = retention;
        this.metrics = metrics;
    }

    public ExitCode run() throws Exception {
        if (flags.history()) {
            return history.print();
        }
        if (flags.report()) {
            return report.run();
        }
        if (flags.dryRun()) {
            return dryRun.run(checks.input());
        }
        try {
            return live();
        } catch (Exception e) {
            // Refused before its run started (a missing or unusable file, the input held by another run...): an
            // alert on the pushed exit code fires tonight, not when the last push grows stale.
            if (!pushed) {
                metrics.commandFailed(ExitCode.of(e).code());
            }
            throw e;
        }
    }

    private ExitCode live() throws Exception {
        Path inputFile = checks.input();
        PreRunChecks.LiveRun live = checks.live(inputFile);
        Path results = live.results();
        log.info(
                "bulk-cancel against {}: input {}, job database {}",
                JobIdentity.normalise(live.baseUrl()),
                inputFile.toAbsolutePath(),
                locks.describeDatabase());

        JobIdentity identity = JobIdentity.of(inputFile, live.usable().sha256(), live.baseUrl());
        applyRetention();
        try {
            try (RunLock lock = locks.acquire(identity.inputPath())) {
                return runLive(identity, results, lock, live.usable().records());
            }
        } finally {
            // Last: on H2 it closes the database.
            retention.compactIfDeletedMuch();
        }
    }

    /** cancel.retention, before this input's lock (on PostgreSQL a run is deleted only while its input is free). */
    private void applyRetention() {
        try {
            retention.apply();
        } catch (RuntimeException e) {
            // What was deleted has its tombstone; the rest is deleted by a later run. This run goes on.
            log.warn("cancel.retention: deleting old runs failed (a later run takes it up again): {}", e.getMessage());
        }
    }

    /**
     * The live run, holding the input's lock: report a completed run, or start / resume / recover one.
     *
     * @param records the input's records, counted by the pass before the run: the progress line's total
     */
    private ExitCode runLive(JobIdentity identity, Path results, RunLock lock, long records) throws Exception {
        RunPlanner.Plan plan = planner.plan(identity, results, flags, lock, input.reading());
        if (plan.pruned() != null) {
            PrunedRun pruned = plan.pruned();
            ExitCode code = pruned.exitCode();
            log.info(
                    "This file was already completed against {} on {}: nothing sent (the run was deleted from the "
                            + "job database by cancel.retention; its tombstone keeps the counts). Results: {}. Exit {} ({}).",
                    identity.baseUrl(),
                    pruned.ended(),
                    pruned.results(),
                    code.code(),
                    code.meaning());
            summary.reportPruned(pruned, code);
            return code;
        }
        if (plan.alreadyCompleted()) {
            JobExecution last = plan.completed();
            ExitCode code = ending.completed(last);
            log.info(
                    "This file was already completed against {} on {}: nothing sent. Results: {}. Exit {} ({}).",
                    identity.baseUrl(),
                    last.getEndTime(),
                    last.getJobParameters().getString(JobIdentity.RESULTS),
                    code.code(),
                    code.meaning());
            summary.report(last, code, false);
            pushMetrics(last, code.code());
            return code;
        }
        JobParameters parameters = new JobParametersBuilder(plan.parameters())
                .addLong(JobIdentity.RECORDS, records, false)
                .toJobParameters();
        running = parameters;
        locks.watch(lock);
        JobExecution execution = starter.start(parameters);
        RunEnding.Ending end = ending.of(execution, lock);
        ExitCode code = end.code();
        boolean completed = code == ExitCode.COMPLETED || code == ExitCode.COMPLETED_WITH_FAILURES;
        // A run that stopped still shows who was cancelled: every line, PENDING where no final outcome is known.
        ResultsFile.Rendered unfinished = completed ? null : report.afterStop(execution, end.stopped());
        log.info(
                "Run {} against {}: exit {} ({}). Results: {}",
                execution.getStatus(),
                identity.baseUrl(),
                code.code(),
                code.meaning(),
                completed
                        ? results
                        : unfinished != null
                                ? results + " (unfinished: PENDING rows have no final outcome yet)"
                                : "not written (" + ResultsReport.REPORT_HINT + ")");
        summary.report(execution, code, true, end.stopped(), unfinished);
        pushMetrics(execution, code.code());
        if (code == ExitCode.INVALID) {
            // The wrong-environment brake and the first-call check end a run with exit 2; their one line goes to
            // stderr like every exit 2's.
            throw new InvalidInvocationException(ending.refusal(identity.baseUrl()));
        }
        return code;
    }

    private void pushMetrics(JobExecution execution, int exitCode) {
        pushed = true;
        metrics.runEnded(execution, exitCode);
    }

    /**
     * The process ends at the shutdown grace with the run still going (GracefulShutdown): write its summary now,
     * saying it is unfinished and its results are not complete. Nothing to say before a run started.
     */
    public void reportCutOff() {
        JobParameters parameters = running;
        if (parameters == null) {
            return;
        }
        JobExecution execution = jobRepository.getLastJobExecution(CancelJobConfiguration.JOB_NAME, parameters);
        if (execution != null) {
            summary.reportCutOff(execution, ending.cutOff());
            pushMetrics(execution, ExitCode.INTERRUPTED.code());
        }
    }
}
