package com.bulkcancel.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The tombstones of deleted runs (BULK_CANCEL_PRUNED_RUN, see {@link PrunedRun} and {@link Retention}). */
@Repository
public class PrunedRuns {

    private static final String COLUMNS = "JOB_INSTANCE_ID, INPUT, INPUT_SHA256, BASE_URL, GENERATION, READING, STATUS,"
            + " COUNTS, RESULTS, EXIT_DESCRIPTION, LAST_EXECUTION_ID, STARTED, ENDED";

    private final JdbcTemplate jdbc;

    public PrunedRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every tombstone of this input path, whatever its content, base URL or generation. */
    public List<PrunedRun> ofInput(String inputRealPath) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM BULK_CANCEL_PRUNED_RUN WHERE INPUT = ?" + " ORDER BY JOB_INSTANCE_ID DESC",
                (rs, n) -> map(rs),
                inputRealPath);
    }

    /** The tombstone of this content and base URL's latest deleted generation, if any. */
    public Optional<PrunedRun> latest(JobIdentity identity) {
        return ofInput(identity.inputPath()).stream()
                .filter(p -> identity.sameContentAndBaseUrl(p.inputSha256(), p.baseUrl()))
                .max(Comparator.comparingLong(PrunedRun::generation).thenComparingLong(PrunedRun::instanceId));
    }

    /**
     * Whether the tombstone answers for this content rather than the latest run still recorded: it is of the same
     * generation or a later one (same generation: a deletion cut short, whose rows may be partly gone).
     */
    public static boolean supersedes(PrunedRun pruned, JobExecution latest) {
        return pruned != null
                && (latest == null || pruned.generation() >= JobIdentity.generationOf(latest.getJobParameters()));
    }

    /** The newest tombstones, by their last execution (the history's order). */
    public List<PrunedRun> newest(int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM BULK_CANCEL_PRUNED_RUN ORDER BY LAST_EXECUTION_ID DESC" + " FETCH FIRST "
                        + limit + " ROWS ONLY",
                (rs, n) -> map(rs));
    }

    /** Whether this run already has its tombstone (a deletion cut short is taken up again: the first one stands). */
    boolean exists(long instanceId) {
        Integer n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM BULK_CANCEL_PRUNED_RUN WHERE JOB_INSTANCE_ID = ?", Integer.class, instanceId);
        return n != null && n > 0;
    }

    void insert(PrunedRun run, OffsetDateTime prunedAt) {
        jdbc.update(
                "INSERT INTO BULK_CANCEL_PRUNED_RUN (" + COLUMNS + ", PRUNED_AT)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.instanceId(),
                run.input(),
                run.inputSha256(),
                run.baseUrl(),
                run.generation(),
                run.reading(),
                run.status().name(),
                PrunedRun.countsText(run.counts()),
                run.results(),
                truncate(run.exitDescription()),
                run.lastExecutionId(),
                timestamp(run.started()),
                timestamp(run.ended()),
                prunedAt);
    }

    private static PrunedRun map(ResultSet rs) throws SQLException {
        return new PrunedRun(
                rs.getLong("JOB_INSTANCE_ID"),
                rs.getString("INPUT"),
                rs.getString("INPUT_SHA256"),
                rs.getString("BASE_URL"),
                rs.getLong("GENERATION"),
                rs.getString("READING"),
                BatchStatus.valueOf(rs.getString("STATUS")),
                PrunedRun.countsOf(rs.getString("COUNTS")),
                rs.getString("RESULTS"),
                rs.getString("EXIT_DESCRIPTION"),
                rs.getLong("LAST_EXECUTION_ID"),
                local(rs.getTimestamp("STARTED")),
                local(rs.getTimestamp("ENDED")));
    }

    private static Timestamp timestamp(LocalDateTime t) {
        return t == null ? null : Timestamp.valueOf(t);
    }

    private static LocalDateTime local(Timestamp t) {
        return t == null ? null : t.toLocalDateTime();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2500 ? s : s.substring(0, 2500);
    }
}
