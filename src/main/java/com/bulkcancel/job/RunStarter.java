package com.bulkcancel.job;

import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Starts (or restarts) the planned run, holding the input's {@link RunLock}. Spring Batch creates a run's job
 * instance and its execution in two transactions: a launch that fails between them (e.g. a serialization failure,
 * SQLState 40001, from a concurrent start of another input on PostgreSQL) leaves an instance without executions,
 * which Batch then refuses to start ever again. Such an empty instance is removed before each attempt (nothing of
 * it ever ran: no execution, no outcome), and a launch that met a serialization failure is tried again.
 */
@Component
public class RunStarter {

    private static final Logger log = LoggerFactory.getLogger(RunStarter.class);
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final int ATTEMPTS = 3;

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job job;

    public RunStarter(JobOperator jobOperator, JobRepository jobRepository, Job job) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.job = job;
    }

    public JobExecution start(JobParameters parameters) throws Exception {
        for (int attempt = 1; ; attempt++) {
            removeEmptyInstance(parameters);
            try {
                return jobOperator.start(job, parameters);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isSerializationFailure(e)) {
                    throw e;
                }
                log.warn("Starting the run met a concurrent start in the job database (serialization failure); "
                        + "trying again.");
            }
        }
    }

    private void removeEmptyInstance(JobParameters parameters) {
        JobInstance instance = jobRepository.getJobInstance(job.getName(), parameters);
        if (instance != null && jobRepository.getJobExecutions(instance).isEmpty()) {
            log.warn(
                    "An earlier start of this run failed before its first execution was recorded; removing its "
                            + "empty job instance {}.",
                    instance.getInstanceId());
            jobRepository.deleteJobInstance(instance);
        }
    }

    private static boolean isSerializationFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && SERIALIZATION_FAILURE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
