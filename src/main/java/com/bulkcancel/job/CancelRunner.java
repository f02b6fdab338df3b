package com.bulkcancel.job;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

import com.bulkcancel.input.InputSettings;
import com.bulkcancel.input.UsableInput;
import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.provider.BearerToken;
import com.bulkcancel.provider.FrontpaymentSettings;
import com.bulkcancel.provider.RunStoppedException;
import com.bulkcancel.provider.StopSignal;
import com.bulkcancel.report.RunSummary;

/**
 * Decides what the command means for this input: start a new run, resume an unfinished one, or report one
 * that already completed without sending anything; then runs it and turns the result into an exit code.
 */
@Component
public class CancelRunner {

    private static final Logger log = LoggerFactory.getLogger(CancelRunner.class);

    private final RunSettings run;
    private final InputSettings input;
    private final FrontpaymentSettings provider;
    private final BearerToken token;
    private final OutcomeStore outcomes;
    private final DataSourceProperties database;
    private final DataSource dataSource;
    private final RunPlanner planner;
    private final CommandLineFlags flags;
    private final RunHistory history;
    private final RunSummary summary;
    private final DryRun dryRun;
    private final StopSignal stop;
    private final RunStarter starter;

    public CancelRunner(RunSettings run,
                        InputSettings input, FrontpaymentSettings provider, BearerToken token, OutcomeStore outcomes,
                        DataSourceProperties database, DataSource dataSource, RunPlanner planner,
                        CommandLineFlags flags, RunHistory history, RunSummary summary, DryRun dryRun,
                        StopSignal stop, RunStarter starter) {
        this.stop = stop;
        this.starter = starter;
        this.dataSource = dataSource;
        this.planner = planner;
        this.flags = flags;
        this.history = history;
        this.summary = summary;
        this.dryRun = dryRun;
        this.run = run;
        this.input = input;
        this.provider = provider;
        this.token = token;
        this.outcomes = outcomes;
        this.database = database;
    }

    public ExitCode run() throws Exception {
        if (flags.history()) {
            return history.print();
        }
        Path inputFile = requireInput();
        if (flags.dryRun()) {
            return dryRun.run(inputFile);
        }
        URI baseUrl = requireBaseUrl();
        if (!token.isPresent()) {
            throw new InvalidInvocationException("no token: set the environment variable FRONTPAYMENT_TOKEN "
                    + "or give --frontpayment.token-file");
        }
        UsableInput.check(inputFile, input);
        Path results = run.outputFor(inputFile, ".results.csv");
        log.info("bulk-cancel against {}: input {}, job database {}", JobIdentity.normalise(baseUrl),
                inputFile.toAbsolutePath(), describeDatabase());

        JobIdentity identity = JobIdentity.of(inputFile, baseUrl);
        try (RunLock lock = RunLock.acquire(dataSource, database.getUrl(), identity.inputPath(),
                provider.callTimeout())) {
            return runLive(identity, results, lock);
        }
    }

    /** The live run, holding the input's lock: report a completed run, or start / resume / recover one. */
    private ExitCode runLive(JobIdentity identity, Path results, RunLock lock) throws Exception {
        RunPlanner.Plan plan = planner.plan(identity, results, flags, lock, input.reading());
        if (plan.alreadyCompleted()) {
            JobExecution last = plan.completed();
            ExitCode code = completedExitCode(last);
            log.info("This file was already completed against {} on {}: nothing sent. Results: {}. Exit {} ({}).",
                    identity.baseUrl(), last.getEndTime(),
                    last.getJobParameters().getString(JobIdentity.RESULTS), code.code(), code.meaning());
            summary.report(last, code, false);
            return code;
        }
        lock.watch(stop);
        JobExecution execution = starter.start(plan.parameters());
        ExitCode code = exitCode(execution, lock);
        log.info("Run {} against {}: exit {} ({}). Results: {}", execution.getStatus(),
                identity.baseUrl(), code.code(), code.meaning(),
                code == ExitCode.COMPLETED || code == ExitCode.COMPLETED_WITH_FAILURES ? results : "not written yet");
        summary.report(execution, code, true);
        return code;
    }

    private Path requireInput() {
        Path file = run.input();
        if (file == null) {
            throw new InvalidInvocationException("no input: give --cancel.input=<reservations.csv>");
        }
        if (Files.isDirectory(file)) {
            throw new InvalidInvocationException("input " + file + " is a directory, not a CSV file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInvocationException("input " + file + " does not exist");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidInvocationException("input " + file + " is not readable");
        }
        return file;
    }

    private URI requireBaseUrl() {
        URI url = provider.baseUrl();
        if (url == null) {
            throw new InvalidInvocationException("no base URL: give --frontpayment.base-url "
                    + "(e.g. https://demo-api.frontpayment.no for the demo environment)");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new InvalidInvocationException("base URL " + url + " is not an http(s) URL with a host");
        }
        boolean local = url.getHost().equals("localhost") || url.getHost().equals("127.0.0.1")
                || url.getHost().equals("[::1]");
        if (scheme.equals("http") && !local && !provider.allowInsecureHttp()) {
            throw new InvalidInvocationException("base URL " + url + " is plain http: the token would travel "
                    + "unencrypted. Use https, or --frontpayment.allow-insecure-http=true if you must");
        }
        return url;
    }

    private String describeDatabase() {
        Path file = JobDatabaseUrl.h2File(database.getUrl());
        return file != null ? file.toString() : database.getUrl().replaceAll("password=[^;&]*", "password=***");
    }

    private ExitCode completedExitCode(JobExecution execution) {
        Map<Outcome, Long> counts = outcomes.counts(execution.getJobInstance().getInstanceId());
        return counts.getOrDefault(Outcome.FAILED, 0L) > 0 ? ExitCode.COMPLETED_WITH_FAILURES : ExitCode.COMPLETED;
    }

    private ExitCode exitCode(JobExecution execution, RunLock lock) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return completedExitCode(execution);
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            log.warn("Stopped on request: the calls in flight finished and their outcomes are recorded. Rerun the "
                    + "same command to resume.");
            return ExitCode.INTERRUPTED;
        }
        for (Throwable failure : execution.getAllFailureExceptions()) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof RunStoppedException stopped) {
                    return switch (stopped.reason()) {
                        case TOKEN_REFUSED -> ExitCode.TOKEN_REFUSED;
                        case OUTAGE, SHUTDOWN, RECORD_FAILED -> ExitCode.INTERRUPTED;
                        case WRONG_ENVIRONMENT -> wrongEnvironment(execution);
                        case LOCK_LOST -> lockLost(lock);
                    };
                }
            }
            log.error("The run failed: {}", rootMessage(failure), failure);
        }
        return ExitCode.INTERRUPTED;
    }

    private static ExitCode lockLost(RunLock lock) {
        log.error("Lost this input's run lock in the job database ({}): stopped; the calls in flight finished and "
                + "are recorded. Rerun the same command to resume.", lock.lostBecause());
        return ExitCode.INTERRUPTED;
    }

    private ExitCode wrongEnvironment(JobExecution execution) {
        log.error("Every row sent so far came back NOT_FOUND (orderNotFound): does the base URL {} point at the "
                + "right environment (demo or production)? None of those rows was cancelled. Rerun with the right "
                + "--frontpayment.base-url, or confirm it with --cancel.sanity-window=0 to resume as is.",
                execution.getJobParameters().getString(JobIdentity.BASE_URL));
        return ExitCode.INVALID;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
