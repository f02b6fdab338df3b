package com.bulkcancel.job;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeInstance;
import com.bulkcancel.outcomes.OutcomeStore;

/**
 * Keeps the job database bounded ({@code cancel.retention}). At the start of each live run, before the input's
 * lock is taken, every finished run that ended longer ago than the retention is deleted:
 * <ul>
 * <li>A run is its job instance with the instances of its retry passes (which record its lines). It is finished
 * when the last execution of each is COMPLETED or ABANDONED; a FAILED or STOPPED one can be resumed, so a run with
 * one is unfinished and never deleted, nor is one still STARTED. It ended when the last of them ended.</li>
 * <li>First its tombstone is written ({@link PrunedRuns}: identity, status, counts per outcome, results path, end
 * time), then its outcome rows are deleted {@value #BATCH} lines per transaction, then in one last transaction its
 * dispatch records and every job instance of it ({@link JobRepository#deleteJobInstance}: executions, their
 * parameters and contexts, step executions and theirs). A deletion cut short (kill) leaves the tombstone and is
 * finished by the next run; the first tombstone's counts stand.</li>
 * <li>On PostgreSQL each run is deleted only if its input's advisory lock is free (a transaction-level
 * {@code pg_try_advisory_xact_lock} on {@link RunLock}'s key): a live run of that input, perhaps about to retry
 * it, keeps it until a later start.</li>
 * </ul>
 * H2 keeps the freed pages in its file: a run that deleted much ({@link #compactAfter}) ends with
 * {@code SHUTDOWN COMPACT}, which rewrites the file and closes the database, so only as the command's very last
 * use of it. PostgreSQL's autovacuum reuses the space; nothing is done there.
 * <p>With retention off, a job database whose outcome table holds more than {@link #LARGE_TABLE} rows gets one
 * warning per run naming {@code cancel.retention}.
 */
@Component
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    /** Outcome rows (lines) deleted per transaction. */
    static final int BATCH = 10_000;
    /** Rows in the outcome table above which a run with retention off warns. */
    static final long LARGE_TABLE = 10_000_000;
    /**
     * Hidden JVM system property (not an option) lowering {@link #LARGE_TABLE}, so a test sees the warning without
     * writing ten million rows.
     */
    static final String WARN_ABOVE_PROPERTY = "bulkcancel.retention.warn-above-rows";
    /** A run that deleted at least this many outcome rows compacts an H2 file at its end. */
    static final long COMPACT_ROWS = 100_000;

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;
    private final PrunedRuns pruned;
    private final OutcomeStore outcomes;
    private final TransactionTemplate transaction;
    private final RetentionSettings settings;
    private final Clock clock;
    private final String databaseUrl;
    private final long largeTable;
    private long deletedRows;
    private int deletedRuns;

    @Autowired
    public Retention(
            JdbcTemplate jdbc,
            JobRepository jobRepository,
            PrunedRuns pruned,
            OutcomeStore outcomes,
            PlatformTransactionManager transactionManager,
            RetentionSettings settings,
            Clock clock,
            DataSourceProperties database) {
        this(
                jdbc,
                jobRepository,
                pruned,
                outcomes,
                transactionManager,
                settings,
                clock,
                database.getUrl(),
                Long.getLong(WARN_ABOVE_PROPERTY, LARGE_TABLE));
    }

    /** @param largeTable outcome rows above which the warning is given (tests lower it) */
    Retention(
            JdbcTemplate jdbc,
            JobRepository jobRepository,
            PrunedRuns pruned,
            OutcomeStore outcomes,
            PlatformTransactionManager transactionManager,
            RetentionSettings settings,
            Clock clock,
            String databaseUrl,
            long largeTable) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
        this.pruned = pruned;
        this.outcomes = outcomes;
        this.transaction = new TransactionTemplate(transactionManager);
        this.settings = settings;
        this.clock = clock;
        this.databaseUrl = databaseUrl;
        this.largeTable = largeTable;
    }

    /** At the start of a live run: deletes the finished runs that ended before the retention, or warns. */
    public void apply() {
        if (!settings.enabled()) {
            warnIfLarge();
            return;
        }
        LocalDateTime cutOff =
                LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault()).minus(settings.retention());
        List<Run> due = finishedBefore(cutOff);
        for (Run run : due) {
            delete(run);
        }
        if (deletedRuns > 0) {
            log.info(
                    "cancel.retention={}d: deleted {} finished run(s) that ended before {} ({} outcome rows); "
                            + "each keeps a tombstone (--cancel.history).",
                    settings.retention().toDays(),
                    deletedRuns,
                    cutOff.withNano(0),
                    deletedRows);
        }
    }

    /**
     * The command's very last use of the database: compacts an H2 file after a run that deleted much (at least
     * {@value #COMPACT_ROWS} outcome rows, or a quarter of the rows left). {@code SHUTDOWN COMPACT} closes the
     * database.
     */
    public void compactIfDeletedMuch() {
        if (deletedRows == 0 || !JobDatabaseUrl.isH2File(databaseUrl) || !compactAfter(deletedRows, outcomeRows())) {
            return;
        }
        try {
            long started = System.nanoTime();
            jdbc.execute("SHUTDOWN COMPACT");
            log.info(
                    "Compacted the job database after deleting {} outcome rows ({} ms).",
                    deletedRows,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not compact the job database (it stays as large; the next run frees space again): {}",
                    e.getMessage());
        }
    }

    static boolean compactAfter(long deleted, long left) {
        return deleted >= COMPACT_ROWS || deleted * 4 >= left;
    }

    private void warnIfLarge() {
        long rows;
        try {
            rows = outcomeRows();
        } catch (RuntimeException e) {
            return; // only a hint: an estimate that cannot be read says nothing
        }
        if (rows > largeTable) {
            log.warn(
                    "The job database's outcome table holds about {} rows and grows with every run: set "
                            + "cancel.retention (e.g. --cancel.retention=90d) to delete finished runs that ended longer ago, "
                            + "each keeping a tombstone.",
                    rows);
        }
    }

    /**
     * The outcome table's rows: H2 answers an unfiltered COUNT(*) from the table's own row count, without a scan;
     * PostgreSQL's planner estimate (pg_class.reltuples, kept by autovacuum and ANALYZE) costs nothing either.
     */
    long outcomeRows() {
        if (databaseUrl != null && databaseUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, 16)) {
            Long estimate = jdbc.queryForObject(
                    "SELECT CAST(reltuples AS BIGINT) FROM pg_class"
                            + " WHERE oid = to_regclass('bulk_cancel_outcome')",
                    Long.class);
            return estimate == null ? 0 : Math.max(0, estimate);
        }
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM BULK_CANCEL_OUTCOME", Long.class);
        return n == null ? 0 : n;
    }

    /** One run: the instance recording its lines and those of its retry passes, each with its last execution. */
    private record Run(long outcomeInstance, List<JobExecution> lasts) {}

    /** The finished runs whose last execution ended before the cut-off, oldest first. */
    private List<Run> finishedBefore(LocalDateTime cutOff) {
        List<Long> instanceIds = jdbc.queryForList(
                "SELECT JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE" + " WHERE JOB_NAME = ? ORDER BY JOB_INSTANCE_ID",
                Long.class,
                CancelJobConfiguration.JOB_NAME);
        Map<Long, List<JobExecution>> byRun = new LinkedHashMap<>();
        for (long id : instanceIds) {
            JobInstance instance = jobRepository.getJobInstance(id);
            JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
            if (last != null) {
                byRun.computeIfAbsent(OutcomeInstance.of(last), k -> new ArrayList<>())
                        .add(last);
            }
        }
        List<Run> due = new ArrayList<>();
        for (Map.Entry<Long, List<JobExecution>> run : byRun.entrySet()) {
            boolean finished = run.getValue().stream().allMatch(e -> isFinished(e.getStatus()));
            boolean old = run.getValue().stream()
                    .allMatch(e -> e.getEndTime() != null && e.getEndTime().isBefore(cutOff));
            // A run's own instance must be among them: a pass whose run is gone is left alone.
            boolean whole =
                    run.getValue().stream().anyMatch(e -> e.getJobInstance().getInstanceId() == run.getKey());
            if (finished && old && whole) {
                due.add(new Run(run.getKey(), run.getValue()));
            }
        }
        return due;
    }

    private static boolean isFinished(BatchStatus status) {
        return status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED;
    }

    private void delete(Run run) {
        JobExecution own = run.lasts().stream()
                .filter(e -> e.getJobInstance().getInstanceId() == run.outcomeInstance())
                .findFirst()
                .orElseThrow();
        JobExecution newest = run.lasts().stream()
                .max(Comparator.comparingLong(JobExecution::getId))
                .orElseThrow();
        String input = own.getJobParameters().getString(JobIdentity.INPUT);
        Boolean locked = transaction.execute(status -> {
            if (!inputFree(input)) {
                return false;
            }
            if (!pruned.exists(run.outcomeInstance())) {
                pruned.insert(tombstone(run, own, newest), OffsetDateTime.now(clock));
            }
            return true;
        });
        if (!Boolean.TRUE.equals(locked)) {
            log.info(
                    "cancel.retention: the run of {} that ended {} is kept for now: a live run holds its input.",
                    input,
                    newest.getEndTime());
            return;
        }
        long rows = deleteOutcomeRows(run.outcomeInstance());
        transaction.executeWithoutResult(status -> {
            if (!inputFree(input)) {
                return;
            }
            deleteRowsOf(run.outcomeInstance());
            for (JobExecution last : run.lasts()) {
                JobInstance instance =
                        jobRepository.getJobInstance(last.getJobInstance().getInstanceId());
                if (instance != null) {
                    jobRepository.deleteJobInstance(instance);
                }
            }
        });
        deletedRows += rows;
        deletedRuns++;
    }

    /**
     * The one place where the per-run rows of our own tables other than the outcome rows are deleted, inside the
     * transaction that deletes the run's job instances: its dispatch records. A table keyed by the run's job
     * instance that is added later forgets the run here.
     */
    private void deleteRowsOf(long outcomeInstance) {
        jdbc.update("DELETE FROM BULK_CANCEL_DISPATCH WHERE JOB_INSTANCE_ID = ?", outcomeInstance);
        // The environment's ledger forgets the run (ReservationLedger.forget, here inside this transaction).
        jdbc.update("DELETE FROM BULK_CANCEL_LEDGER WHERE JOB_INSTANCE_ID = ?", outcomeInstance);
    }

    /** The run's outcome rows, {@value #BATCH} lines per transaction (bounded, whatever the file's size). */
    private long deleteOutcomeRows(long outcomeInstance) {
        long deleted = 0;
        while (true) {
            Long first = jdbc.queryForObject(
                    "SELECT MIN(LINE) FROM BULK_CANCEL_OUTCOME WHERE JOB_INSTANCE_ID = ?", Long.class, outcomeInstance);
            if (first == null) {
                return deleted;
            }
            Integer n = transaction.execute(status -> jdbc.update(
                    "DELETE FROM BULK_CANCEL_OUTCOME" + " WHERE JOB_INSTANCE_ID = ? AND LINE >= ? AND LINE < ?",
                    outcomeInstance,
                    first,
                    first + BATCH));
            deleted += n == null ? 0 : n;
        }
    }

    /** On PostgreSQL: no live run holds this input (its lock is then held by this transaction until it ends). */
    private boolean inputFree(String input) {
        if (input == null || databaseUrl == null || !databaseUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, 16)) {
            return true;
        }
        Boolean free =
                jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, RunLock.advisoryKey(input));
        return Boolean.TRUE.equals(free);
    }

    private PrunedRun tombstone(Run run, JobExecution own, JobExecution newest) {
        var parameters = own.getJobParameters();
        Map<Outcome, Long> counts = outcomes.counts(run.outcomeInstance());
        LocalDateTime started = own.getStartTime();
        JobInstance instance = jobRepository.getJobInstance(run.outcomeInstance());
        if (instance != null) {
            for (JobExecution e : jobRepository.getJobExecutions(instance)) {
                if (e.getStartTime() != null
                        && (started == null || e.getStartTime().isBefore(started))) {
                    started = e.getStartTime();
                }
            }
        }
        LocalDateTime ended = run.lasts().stream()
                .map(JobExecution::getEndTime)
                .max(Comparator.naturalOrder())
                .orElse(null);
        return new PrunedRun(
                run.outcomeInstance(),
                parameters.getString(JobIdentity.INPUT),
                parameters.getString(JobIdentity.INPUT_SHA256),
                parameters.getString(JobIdentity.BASE_URL),
                JobIdentity.generationOf(parameters),
                parameters.getString(RunPlanner.READING),
                newest.getStatus(),
                counts,
                parameters.getString(JobIdentity.RESULTS),
                newest.getExitStatus().getExitDescription(),
                newest.getId(),
                started,
                ended);
    }
}
