package com.bulkcancel.job;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeInstance;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.provider.CallTally;
import com.bulkcancel.provider.LastError;
import com.bulkcancel.provider.ProviderText;
import com.bulkcancel.provider.RunStoppedException;
import com.bulkcancel.provider.SanitySettings;
import com.bulkcancel.provider.StopSignal;
import com.bulkcancel.report.InputChangedException;

/**
 * Turns a finished run into its exit code and, unless it completed, the cause it stopped for: the stop signal's
 * reason (mapped by {@link ExitCode#of(StopSignal.Reason)}), checked against the outcome table where a stop makes
 * a claim (the wrong-environment brake's "nothing was cancelled"), a replaced input, or an unexpected failure.
 */
@Component
public class RunEnding {

    private static final Logger log = LoggerFactory.getLogger(RunEnding.class);

    private final OutcomeStore outcomes;
    private final SanitySettings sanity;
    private final StopSignal stop;
    private final CallTally calls;
    private final ProviderText providerText;
    private final JobRepository jobRepository;

    public RunEnding(
            OutcomeStore outcomes,
            SanitySettings sanity,
            StopSignal stop,
            CallTally calls,
            ProviderText providerText,
            JobRepository jobRepository) {
        this.outcomes = outcomes;
        this.sanity = sanity;
        this.stop = stop;
        this.calls = calls;
        this.providerText = providerText;
        this.jobRepository = jobRepository;
    }

    /** A completed run's exit code: 3 when some row ended FAILED, else 0. */
    public ExitCode completed(JobExecution execution) {
        Map<Outcome, Long> counts = outcomes.counts(OutcomeInstance.of(execution));
        return counts.getOrDefault(Outcome.FAILED, 0L) > 0 ? ExitCode.COMPLETED_WITH_FAILURES : ExitCode.COMPLETED;
    }

    /** How the run ended: its exit code and, unless it completed, why it stopped. */
    public record Ending(ExitCode code, StopCause stopped) {}

    /** How this run ended; why it stopped is kept with the execution for {@code --cancel.history}. */
    public Ending of(JobExecution execution, RunLock lock) {
        Ending ending = decide(execution, lock);
        if (ending.stopped() != null) {
            keep(execution, ending.stopped());
        }
        return ending;
    }

    /**
     * The one line on stderr of a run that ended with exit 2: the first call showed the command is wrong, or the
     * wrong-environment brake found that nothing was cancelled.
     */
    public String refusal(String baseUrl) {
        return stop.reason() == StopSignal.Reason.CONFIGURATION
                ? stop.explanation()
                : "every row sent came back NOT_FOUND (orderNotFound) and none was cancelled: does the base URL "
                        + baseUrl + " point at the right environment (demo or production)? Rerun with the right "
                        + "--frontpayment.base-url, or confirm it with --cancel.sanity-window=0 to resume as is";
    }

    /** Why a run cut off at the shutdown grace stopped. */
    public StopCause cutOff() {
        return new StopCause(
                "shutdown",
                "the shutdown grace passed with the run still going",
                calls.lastError(),
                "rerun the same command to resume (a line without a recorded answer is sent again); "
                        + ResultsReport.REPORT_HINT);
    }

    private Ending decide(JobExecution execution, RunLock lock) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return new Ending(completed(execution), null);
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            log.warn("Stopped on request: the calls in flight finished and their outcomes are recorded. Rerun the "
                    + "same command to resume.");
            StopSignal.Reason reason = stop.reason() == null ? StopSignal.Reason.SHUTDOWN : stop.reason();
            return new Ending(ExitCode.INTERRUPTED, StopCause.of(reason, calls.lastError()));
        }
        Throwable unexpected = null;
        for (Throwable failure : execution.getAllFailureExceptions()) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof InputChangedException changed) {
                    return new Ending(
                            inputChanged(changed, execution),
                            new StopCause(
                                    "input_changed",
                                    "the input file changed during the run: the results were not written",
                                    LastError.of(changed, providerText),
                                    "put the file that was sent back at " + changed.input()
                                            + " and rerun the same command"));
                }
                if (t instanceof RunStoppedException stopped) {
                    ExitCode code = switch (stopped.reason()) {
                        // The brake claims "nothing was cancelled"; the outcome table decides whether that is true.
                        case WRONG_ENVIRONMENT -> wrongEnvironment(execution);
                        case LOCK_LOST -> lockLost(lock);
                        default -> ExitCode.of(stopped.reason());
                    };
                    LastError error = stopped.reason() == StopSignal.Reason.LOCK_LOST
                            ? new LastError(null, lock.lostBecause())
                            : calls.lastError();
                    return new Ending(code, StopCause.of(stopped.reason(), error));
                }
            }
            if (JavaHeap.ranOut(failure)) {
                log.error(JavaHeap.ranOut(Runtime.getRuntime().maxMemory())); // one line: a stack trace says no more
            } else {
                log.error(
                        "The run failed: {}",
                        LastError.of(failure, providerText).describe(),
                        failure);
            }
            unexpected = unexpected == null ? failure : unexpected;
        }
        return new Ending(
                ExitCode.INTERRUPTED,
                new StopCause(
                        "failed",
                        "the run failed",
                        unexpected == null ? calls.lastError() : LastError.of(unexpected, providerText),
                        "rerun the same command to resume; if it fails the same way, see the error above"));
    }

    /**
     * Keeps why the run stopped as the job execution's exit description, for {@code --cancel.history}. It takes
     * the place of Spring Batch's stack trace there (an unexpected failure's is on the console). A failure to keep
     * it changes nothing else: the summary and the console still say it.
     */
    private void keep(JobExecution execution, StopCause stopped) {
        try {
            execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(), stopped.exitDescription()));
            jobRepository.update(execution);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not keep the stop reason in the job database (--cancel.history will not show it): {}",
                    e.getMessage());
        }
    }

    private static ExitCode lockLost(RunLock lock) {
        log.error(
                "Lost this input's run lock in the job database ({}): stopped; the calls in flight finished and "
                        + "are recorded. Rerun the same command to resume.",
                lock.lostBecause());
        return ExitCode.INTERRUPTED;
    }

    private ExitCode inputChanged(InputChangedException changed, JobExecution execution) {
        log.error(
                "{}: the results were not written. The run sent the file with SHA-256 {}: put that file back "
                        + "at {} and rerun the same command to finish the run.",
                changed.getMessage(),
                execution.getJobParameters().getString(JobIdentity.INPUT_SHA256),
                changed.input());
        return ExitCode.INTERRUPTED;
    }

    /**
     * The brake tripped and the run waited for its calls in flight. Exit 2 ("nothing was cancelled") only if every
     * call of the job has its answer recorded and all are NOT_FOUND; otherwise exit 1 and say what was answered.
     */
    private ExitCode wrongEnvironment(JobExecution execution) {
        long instance = OutcomeInstance.of(execution);
        Map<Outcome, Long> counts = outcomes.counts(instance);
        String otherAnswers = Arrays.stream(Outcome.values())
                .filter(o -> o.isProviderAnswer() && o != Outcome.NOT_FOUND && counts.getOrDefault(o, 0L) > 0)
                .map(o -> counts.get(o) + " " + o)
                .collect(Collectors.joining(", "));
        long failedAfterSending = outcomes.failedAfterSending(instance);
        // A dispatched range is forgotten only once every call of it is answered and recorded.
        boolean unrecorded = outcomes.wasDispatched(instance, 1, Long.MAX_VALUE);
        if (otherAnswers.isEmpty() && failedAfterSending == 0 && !unrecorded) {
            return ExitCode.INVALID;
        }
        String first = "stopped by the wrong-environment brake: the first " + sanity.sanityWindow()
                + " answers were NOT_FOUND";
        if (!otherAnswers.isEmpty()) {
            log.error(
                    "{}, but calls in flight then were answered otherwise ({}): the environment answers, so "
                            + "rerun the same command to resume (the brake stays off for this file from now on).",
                    first,
                    otherAnswers);
        } else {
            log.error(
                    "{} (wrong environment?), but {}, so this run cannot say that nothing was cancelled. Check "
                            + "--frontpayment.base-url {}; rerun the same command to resume, or confirm the base URL with "
                            + "--cancel.sanity-window=0.",
                    first,
                    failedAfterSending > 0
                            ? failedAfterSending + (failedAfterSending == 1 ? " row" : " rows")
                                    + " sent ended FAILED without " + "a final answer (the provider may have acted)"
                            : "some calls have no recorded answer",
                    JobIdentity.normalise(execution.getJobParameters().getString(JobIdentity.BASE_URL)));
        }
        return ExitCode.INTERRUPTED;
    }
}
