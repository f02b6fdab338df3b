package com.bulkcancel.job;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

import com.bulkcancel.input.InputSettings;
import com.bulkcancel.input.UsableInput;
import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.provider.BearerToken;
import com.bulkcancel.provider.FrontpaymentSettings;
import com.bulkcancel.provider.RunStoppedException;
import com.bulkcancel.provider.SanitySettings;
import com.bulkcancel.report.InputChangedException;
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
    private final SanitySettings sanity;
    private final JobRepository jobRepository;
    /** The identifying parameters of the run under way, for {@link #reportCutOff()}. */
    private volatile JobParameters running;
    private final StopSignal stop;
    private final RunStarter starter;

    public CancelRunner(RunSettings run,
                        InputSettings input, FrontpaymentSettings provider, BearerToken token, OutcomeStore outcomes,
                        DataSourceProperties database, DataSource dataSource, RunPlanner planner,
                        CommandLineFlags flags, RunHistory history, RunSummary summary, DryRun dryRun,
                        SanitySettings sanity, JobRepository jobRepository, StopSignal stop, RunStarter starter) {
        this.sanity = sanity;
        this.jobRepository = jobRepository;
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
        UsableInput usable = UsableInput.check(inputFile, input);
        Path results = run.outputFor(inputFile, ".results.csv");
        log.info("bulk-cancel against {}: input {}, job database {}", JobIdentity.normalise(baseUrl),
                inputFile.toAbsolutePath(), describeDatabase());

        JobIdentity identity = JobIdentity.of(inputFile, usable.sha256(), baseUrl);
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
        running = plan.parameters();
        lock.watch(stop);
        JobExecution execution = starter.start(plan.parameters());
        ExitCode code = exitCode(execution, lock);
        log.info("Run {} against {}: exit {} ({}). Results: {}", execution.getStatus(),
                identity.baseUrl(), code.code(), code.meaning(),
                code == ExitCode.COMPLETED || code == ExitCode.COMPLETED_WITH_FAILURES ? results : "not written yet");
        summary.report(execution, code, true);
        if (code == ExitCode.INVALID) {
            // The wrong-environment brake and the first-call check end a run with exit 2; their one line goes to
            // stderr like every exit 2's.
            throw new InvalidInvocationException(stop.reason() == StopSignal.Reason.CONFIGURATION
                    ? stop.explanation() : nothingCancelled(identity.baseUrl()));
        }
        return code;
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
            summary.reportCutOff(execution);
        }
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
        // Checked before anything echoes the URL: user info or a query may hold a password.
        if (url.getRawAuthority() != null && url.getRawAuthority().contains("@")) {
            throw new InvalidInvocationException("the base URL carries user info (user@ or user:password@ before the "
                    + "host): give scheme, host and port only; the token comes from FRONTPAYMENT_TOKEN or "
                    + "--frontpayment.token-file");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new InvalidInvocationException("base URL " + url + " is not an http(s) URL with a host");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new InvalidInvocationException("the base URL " + scheme + "://" + url.getRawAuthority() + "... has a "
                    + (url.getRawQuery() != null ? "query (?...)" : "fragment (#...)") + ": give scheme, host and "
                    + "port only, e.g. https://demo-api.frontpayment.no");
        }
        String path = url.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            // The cancel path is appended to it: .../api/v1 would call /api/v1/api/v1/... and every row would fail.
            throw new InvalidInvocationException("the base URL must be only scheme and host (and port): drop "
                    + path + " (the API's path is added to it), e.g. https://demo-api.frontpayment.no");
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        boolean local = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
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
                if (t instanceof InputChangedException changed) {
                    return inputChanged(changed, execution);
                }
                if (t instanceof RunStoppedException stopped) {
                    return switch (stopped.reason()) {
                        case TOKEN_REFUSED -> ExitCode.TOKEN_REFUSED;
                        case OUTAGE, SHUTDOWN, RECORD_FAILED, STALLED -> ExitCode.INTERRUPTED;
                        case WRONG_ENVIRONMENT -> wrongEnvironment(execution);
                        case LOCK_LOST -> lockLost(lock);
                        case CONFIGURATION -> ExitCode.INVALID;
                        case UNREACHABLE -> ExitCode.INTERRUPTED;
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

    private ExitCode inputChanged(InputChangedException changed, JobExecution execution) {
        log.error("{}: the results were not written. The run sent the file with SHA-256 {}: put that file back "
                + "at {} and rerun the same command to finish the run.", changed.getMessage(),
                execution.getJobParameters().getString(JobIdentity.INPUT_SHA256), changed.input());
        return ExitCode.INTERRUPTED;
    }

    /**
     * The brake tripped and the run waited for its calls in flight. Exit 2 ("nothing was cancelled") only if every
     * call of the job has its answer recorded and all are NOT_FOUND; otherwise exit 1 and say what was answered.
     */
    private ExitCode wrongEnvironment(JobExecution execution) {
        long instance = execution.getJobInstance().getInstanceId();
        Map<Outcome, Long> counts = outcomes.counts(instance);
        String otherAnswers = Arrays.stream(Outcome.values())
                .filter(o -> o.isProviderAnswer() && o != Outcome.NOT_FOUND && counts.getOrDefault(o, 0L) > 0)
                .map(o -> counts.get(o) + " " + o).collect(Collectors.joining(", "));
        long failedAfterSending = outcomes.failedAfterSending(instance);
        // A dispatched range is forgotten only once every call of it is answered and recorded.
        boolean unrecorded = outcomes.wasDispatched(instance, 1, Long.MAX_VALUE);
        if (otherAnswers.isEmpty() && failedAfterSending == 0 && !unrecorded) {
            return ExitCode.INVALID;
        }
        String first = "stopped by the wrong-environment brake: the first " + sanity.sanityWindow()
                + " answers were NOT_FOUND";
        if (!otherAnswers.isEmpty()) {
            log.error("{}, but calls in flight then were answered otherwise ({}): the environment answers, so "
                    + "rerun the same command to resume (the brake stays off for this file from now on).",
                    first, otherAnswers);
        } else {
            log.error("{} (wrong environment?), but {}, so this run cannot say that nothing was cancelled. Check "
                    + "--frontpayment.base-url {}; rerun the same command to resume, or confirm the base URL with "
                    + "--cancel.sanity-window=0.", first, failedAfterSending > 0
                    ? failedAfterSending + (failedAfterSending == 1 ? " row" : " rows") + " sent ended FAILED without "
                    + "a final answer (the provider may have acted)" : "some calls have no recorded answer",
                    JobIdentity.normalise(execution.getJobParameters().getString(JobIdentity.BASE_URL)));
        }
        return ExitCode.INTERRUPTED;
    }

    private static String nothingCancelled(String baseUrl) {
        return "every row sent came back NOT_FOUND (orderNotFound) and none was cancelled: does the base URL "
                + baseUrl + " point at the right environment (demo or production)? Rerun with the right "
                + "--frontpayment.base-url, or confirm it with --cancel.sanity-window=0 to resume as is";
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
