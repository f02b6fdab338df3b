package com.bulkcancel.outcomes;

import org.springframework.batch.core.job.JobExecution;

/**
 * Which job instance's lines a run records its outcomes for. Its own, except a retry pass: Spring Batch cannot
 * restart a COMPLETED run, so the pass is a job instance of its own (an identifying {@code pass} parameter) that
 * records, reports and counts the lines of the run it retries, named by the {@link #PARAMETER} job parameter.
 */
public final class OutcomeInstance {

    /** Job parameter (not identifying) of a retry pass: the job instance id whose lines it records. */
    public static final String PARAMETER = "outcomes.instance";

    private OutcomeInstance() {}

    public static long of(JobExecution execution) {
        Long recorded = execution.getJobParameters().getLong(PARAMETER);
        return recorded != null ? recorded : execution.getJobInstance().getInstanceId();
    }
}
