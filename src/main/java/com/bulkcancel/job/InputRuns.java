package com.bulkcancel.job;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Every run recorded for one input path, whatever its content, base URL or generation. */
@Component
public class InputRuns {

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;

    public InputRuns(JdbcTemplate jdbc, JobRepository jobRepository) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
    }

    /** The last execution of each job instance started for this input path, newest instance first. */
    public List<JobExecution> lastExecutions(String inputRealPath) {
        List<Long> instanceIds =
                jdbc.queryForList("""
                SELECT DISTINCT e.JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION e
                JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
                JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
                WHERE i.JOB_NAME = ? AND p.PARAMETER_NAME = ? AND p.PARAMETER_VALUE = ?
                ORDER BY e.JOB_INSTANCE_ID DESC""", Long.class, CancelJobConfiguration.JOB_NAME, JobIdentity.INPUT, inputRealPath);
        List<JobExecution> last = new ArrayList<>();
        for (long id : instanceIds) {
            JobInstance instance = jobRepository.getJobInstance(id);
            JobExecution execution = instance == null ? null : jobRepository.getLastJobExecution(instance);
            if (execution != null) {
                last.add(execution);
            }
        }
        return last;
    }
}
