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
    private final PrunedRuns pruned;
    private final PrintStream out;

    public RunHistory(
            JobRepository jobRepository,
            JdbcTemplate jdbc,
            OutcomeStore outcomes,
            PrunedRuns pruned,
            CommandOutput output) {
        this.jobRepository = jobRepository;
        this.pruned = pruned;
        this.jdbc = jdbc;
        this.outcomes = outcomes;
        this.out = output.out();
    }

    /**
     * The newest runs kept and the newest deleted by {@code cancel.retention} (their tombstones, marked "pruned"),
     * merged by their last execution.
     */
    public ExitCode print() {
        List<JobExecution> kept = recentRuns();
        List<PrunedRun> gone = pruned.newest(RUNS);
        int shown = Math.min(RUNS, kept.size() + gone.size());
        if (shown == 0) {
            out.println("No runs in the job database yet.");
            return ExitCode.COMPLETED;
        }
        out.println("Recent runs (" + shown + "), newest first; times are this machine's local time:");
        int k = 0;
        int g = 0;
        for (int i = 0; i < shown; i++) {
            out.println();
            if (k < kept.size()
                    && (g >= gone.size() || kept.get(k).getId() > gone.get(g).lastExecutionId())) {
                print(kept.get(k++));
            } else {
                print(gone.get(g++));
            }
        }
        out.flush();
        return ExitCode.COMPLETED;
    }

    private void print(PrunedRun run) {
        out.printf(
                "run %d  %s (pruned)  started %s  ended %s%n",
                run.lastExecutionId(), run.status(), time(run.started()), time(run.ended()));
        out.println("  input     " + run.input() + "  (generation " + run.generation() + ")");
        out.println("  base URL  " + JobIdentity.normalise(run.baseUrl()));
        out.println("  counts    " + counts(run.counts()) + "  (whole file, as recorded when cancel.retention "
                + "deleted the run)");
        out.println("  results   " + results(run.results(), run.generation()));
        List<String> stopped = StopCause.historyLines(run.exitDescription());
        for (int i = 0; i < stopped.size(); i++) {
            out.println((i == 0 ? "  stopped   " : "            ") + stopped.get(i));
        }
    }

    private void print(JobExecution run) {
        {
            var parameters = run.getJobParameters();
            JobParameter<?> generation = parameters.getParameter(JobIdentity.GENERATION);
            out.printf(
                    "run %d  %s  started %s  ended %s%n",
                    run.getId(), run.getStatus(), time(run.getStartTime()), time(run.getEndTime()));
            out.println("  input     " + parameters.getString(JobIdentity.INPUT)
                    + (generation == null ? "" : "  (generation " + generation.value() + ")"));
            out.println("  base URL  " + JobIdentity.normalise(parameters.getString(JobIdentity.BASE_URL)));
            out.println("  counts    " + counts(run) + "  (whole file, as recorded now)");
            out.println("  results   "
                    + results(
                            parameters.getString(JobIdentity.RESULTS),
                            generation == null ? null : (Long) generation.value()));
            List<String> stopped = StopCause.historyLines(run.getExitStatus().getExitDescription());
            for (int i = 0; i < stopped.size(); i++) {
                out.println((i == 0 ? "  stopped   " : "            ") + stopped.get(i));
            }
        }
    }

    /** A generation whose results were kept under a generation name when a later one started shows that name. */
    private static String results(String recorded, Long generation) {
        if (recorded == null || generation == null) {
            return recorded;
        }
        java.nio.file.Path kept = RunPlanner.kept(java.nio.file.Path.of(recorded), generation);
        return java.nio.file.Files.exists(kept) ? kept.toString() : recorded;
    }

    /**
     * The newest executions across all inputs (a resumed old input's run counts as recent, so this reads the
     * executions table rather than the newest job instances), each loaded through the repository.
     */
    private List<JobExecution> recentRuns() {
        List<Long> ids = jdbc.queryForList(
                "SELECT E.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION E"
                        + " JOIN BATCH_JOB_INSTANCE I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID WHERE I.JOB_NAME = ?"
                        + " ORDER BY E.JOB_EXECUTION_ID DESC FETCH FIRST " + RUNS + " ROWS ONLY",
                Long.class,
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
        return counts(outcomes.counts(OutcomeInstance.of(run)));
    }

    private static String counts(Map<Outcome, Long> counts) {
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
