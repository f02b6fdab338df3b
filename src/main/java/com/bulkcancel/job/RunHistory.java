package com.bulkcancel.job;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;

import com.bulkcancel.launch.CommandOutput;
import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeInstance;
import com.bulkcancel.outcomes.OutcomeStore;

/**
 * {@code --cancel.history}: the recent runs in the job repository, newest first, so an operator can see what ran
 * last night without SQL. Needs neither a token nor a base URL, and sends nothing.
 */
public class RunHistory {

    static final int RUNS = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final JobRepository jobRepository;
    private final OutcomeStore outcomes;
    private final JdbcTemplate jdbc;
    private final PrintStream out;

    public RunHistory(JobRepository jobRepository, JdbcTemplate jdbc, OutcomeStore outcomes, CommandOutput output) {
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.outcomes = outcomes;
        this.out = output.out();
    }

    public ExitCode print() {
        List<JobExecution> runs = recentRuns();
        if (runs.isEmpty()) {
            out.println("No runs in the job database yet.");
            return ExitCode.COMPLETED;
        }
        out.println("Recent runs (" + runs.size() + "), newest first; times are this machine's local time:");
        for (JobExecution run : runs) {
            out.println();
            var parameters = run.getJobParameters();
            JobParameter<?> generation = parameters.getParameter(JobIdentity.GENERATION);
            out.printf("run %d  %s  started %s  ended %s%n", run.getId(), run.getStatus(), time(run.getStartTime()),
                    time(run.getEndTime()));
            out.println("  input     " + parameters.getString(JobIdentity.INPUT)
                    + (generation == null ? "" : "  (generation " + generation.value() + ")"));
            out.println("  base URL  " + JobIdentity.normalise(parameters.getString(JobIdentity.BASE_URL)));
            out.println("  counts    " + counts(run) + "  (whole file, as recorded now)");
            out.println("  results   " + results(parameters.getString(JobIdentity.RESULTS), generation));
            List<String> stopped = StopCause.historyLines(run.getExitStatus().getExitDescription());
            for (int i = 0; i < stopped.size(); i++) {
                out.println((i == 0 ? "  stopped   " : "            ") + stopped.get(i));
            }
        }
        out.flush();
        return ExitCode.COMPLETED;
    }

    /** A generation whose results were kept under a generation name when a later one started shows that name. */
    private static String results(String recorded, JobParameter<?> generation) {
        if (recorded == null || generation == null) {
            return recorded;
        }
        java.nio.file.Path kept = RunPlanner.kept(java.nio.file.Path.of(recorded), (Long) generation.value());
        return java.nio.file.Files.exists(kept) ? kept.toString() : recorded;
    }

    /**
     * The newest executions across all inputs (a resumed old input's run counts as recent, so this reads the
     * executions table rather than the newest job instances), each loaded through the repository.
     */
    private List<JobExecution> recentRuns() {
        List<Long> ids = jdbc.queryForList("SELECT E.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION E"
                + " JOIN BATCH_JOB_INSTANCE I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID WHERE I.JOB_NAME = ?"
                + " ORDER BY E.JOB_EXECUTION_ID DESC FETCH FIRST " + RUNS + " ROWS ONLY", Long.class,
                CancelJobConfiguration.JOB_NAME);
        List<JobExecution> runs = new ArrayList<>();
        for (long id : ids) {
            JobExecution run = jobRepository.getJobExecution(id);
            if (run != null) {
                runs.add(run);
            }
        }
        return runs;
    }

    private String counts(JobExecution run) {
        Map<Outcome, Long> counts = outcomes.counts(OutcomeInstance.of(run));
        StringBuilder s = new StringBuilder();
        for (Outcome outcome : Outcome.reported()) {
            long n = counts.getOrDefault(outcome, 0L);
            if (n > 0) {
                s.append(s.isEmpty() ? "" : ", ").append(outcome).append(' ').append(n);
            }
        }
        return s.isEmpty() ? "none recorded" : s.toString();
    }

    private static String time(LocalDateTime t) {
        return t == null ? "-" : TIME.format(t);
    }
}
