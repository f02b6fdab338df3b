package com.bulkcancel.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

import com.bulkcancel.outcomes.OutcomeInstance;
import com.bulkcancel.outcomes.OutcomeStore;

/**
 * The end of a run, whatever its end (completed, stopped, failed, braked, cut off at the shutdown grace, refused
 * before it started): its figures go into the meters and the meters are pushed, when a target is configured. Never
 * throws: the exit code is decided already and stands.
 */
@Component
public class RunMetricsPush {

    private static final Logger log = LoggerFactory.getLogger(RunMetricsPush.class);

    private final OutcomeStore outcomes;
    private final RunMetrics metrics;
    private final MetricsPush push;

    public RunMetricsPush(OutcomeStore outcomes, RunMetrics metrics, MetricsPush push) {
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.push = push;
    }

    /** @param exitCode the command's exit code for this run */
    public void runEnded(JobExecution execution, int exitCode) {
        if (!push.isConfigured()) {
            return;
        }
        try {
            metrics.ended(execution, outcomes.counts(OutcomeInstance.of(execution)), exitCode);
        } catch (RuntimeException e) {
            log.warn("Could not read the run's counts for its metrics (pushed without them): {}", e.getMessage());
        }
        push.push();
    }

    /**
     * A live command that ended without a run's figures (refused before its run started, or failed outside the
     * run): only its exit code, and this process's meters, are pushed.
     */
    public void commandFailed(int exitCode) {
        if (!push.isConfigured()) {
            return;
        }
        metrics.withoutRun(exitCode);
        push.push();
    }
}
