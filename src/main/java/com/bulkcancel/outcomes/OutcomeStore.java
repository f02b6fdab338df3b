package com.bulkcancel.outcomes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads and writes the BULK_CANCEL_OUTCOME table, keyed by (job instance, line). */
@Repository
public class OutcomeStore {

    /** The columns' sizes (VARCHAR(n): characters in H2 and PostgreSQL alike). */
    private static final int API_MESSAGE_MAX = 200;

    private static final int DETAIL_MAX = 1000;
    private static final String COLUMNS =
            "LINE, RESERVATION_UUID, OUTCOME, HTTP_STATUS, API_MESSAGE, ATTEMPTS, UNCLEAR, FINISHED_AT, DETAIL, RETRYABLE,"
                    + " FAILED_RUNS";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Duration timeout;
    /** The in-memory counts of the run under way, moved on by every commit; null until {@link #tally} starts it. */
    private volatile OutcomeTally tally;

    private final H2Compaction compaction;

    public OutcomeStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this(jdbc, transactionManager, RecordSettings.defaults());
    }

    /**
     * Every statement here, and all statements of one commit together, end within {@code cancel.database-timeout}
     * or fail (a query timeout; on PostgreSQL the socket timeout also bounds a server that no longer answers).
     */
    @Autowired
    public OutcomeStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, RecordSettings settings) {
        this.timeout = settings.databaseTimeout();
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        // A template of our own: the shared one (Spring Batch's repository, the run lock) keeps its settings.
        this.jdbc = jdbc == null ? null : new JdbcTemplate(jdbc.getDataSource());
        if (this.jdbc != null) {
            this.jdbc.setQueryTimeout(seconds);
        }
        this.ownTransaction = new TransactionTemplate(transactionManager);
        // Outcomes must be durable on their own, never rolled back with a failed chunk.
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.ownTransaction.setTimeout(seconds);
        this.compaction = new H2Compaction(this.jdbc);
    }

    /** How long one statement or commit may take ({@code cancel.database-timeout}). */
    public Duration timeout() {
        return timeout;
    }

    /** Inserts new lines and updates known ones in one commit. */
    public void record(long jobInstanceId, List<RowOutcome> inserts, List<RowOutcome> updates) {
        ownTransaction.executeWithoutResult(status -> write(jobInstanceId, inserts, updates));
        committed(jobInstanceId, inserts, updates);
    }

    /**
     * Starts counting the job instance's lines in memory: one query for what earlier runs recorded, then every
     * commit through this store moves the counts on (the run's only writer of outcomes). Call it before the run
     * records anything.
     */
    public OutcomeTally tally(long jobInstanceId) {
        OutcomeTally started = new OutcomeTally(jobInstanceId, counts(jobInstanceId));
        tally = started;
        return started;
    }

    private void committed(long jobInstanceId, List<RowOutcome> inserts, List<RowOutcome> updates) {
        compaction.committed();
        OutcomeTally current = tally;
        if (current != null) {
            current.committed(jobInstanceId, inserts, updates);
        }
    }

    private void write(long jobInstanceId, List<RowOutcome> inserts, List<RowOutcome> updates) {
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate(
                    "INSERT INTO BULK_CANCEL_OUTCOME (JOB_INSTANCE_ID, " + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    inserts,
                    inserts.size(),
                    (ps, o) -> {
                        ps.setLong(1, jobInstanceId);
                        ps.setLong(2, o.line());
                        ps.setString(3, o.reservationUuid());
                        ps.setString(4, o.outcome().name());
                        setValues(ps, 5, o);
                    });
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate(
                    "UPDATE BULK_CANCEL_OUTCOME SET OUTCOME = ?, HTTP_STATUS = ?, API_MESSAGE = ?,"
                            + " ATTEMPTS = ?, UNCLEAR = ?, FINISHED_AT = ?, DETAIL = ?, RETRYABLE = ?, FAILED_RUNS = ?"
                            + " WHERE JOB_INSTANCE_ID = ? AND LINE = ?",
                    updates,
                    updates.size(),
                    (ps, o) -> {
                        ps.setString(1, o.outcome().name());
                        setValues(ps, 2, o);
                        ps.setLong(10, jobInstanceId);
                        ps.setLong(11, o.line());
                    });
        }
    }

    private static void setValues(java.sql.PreparedStatement ps, int first, RowOutcome o) throws SQLException {
        if (o.httpStatus() == null) {
            ps.setNull(first, Types.INTEGER);
        } else {
            ps.setInt(first, o.httpStatus());
        }
        ps.setString(first + 1, truncate(o.apiMessage(), API_MESSAGE_MAX));
        ps.setInt(first + 2, o.attempts());
        ps.setBoolean(first + 3, o.unclear());
        ps.setObject(first + 4, o.finishedAt() == null ? null : o.finishedAt().atOffset(ZoneOffset.UTC));
        ps.setString(first + 5, truncate(o.detail(), DETAIL_MAX));
        ps.setBoolean(first + 6, o.retryable());
        ps.setInt(first + 7, o.failedRuns());
    }

    /**
     * Before a chunk's first call: records the lines decided from the input, and the chunk's line range as
     * dispatched, in one commit.
     */
    public void openChunk(long jobInstanceId, List<RowOutcome> decided, long firstLine, long lastLine) {
        openChunk(jobInstanceId, decided, List.of(), firstLine, lastLine);
    }

    /** As {@link #openChunk(long, List, long, long)}, also updating lines decided now that had an outcome. */
    public void openChunk(
            long jobInstanceId, List<RowOutcome> decided, List<RowOutcome> updated, long firstLine, long lastLine) {
        ownTransaction.executeWithoutResult(status -> {
            write(jobInstanceId, decided, updated);
            Integer known = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM BULK_CANCEL_DISPATCH"
                            + " WHERE JOB_INSTANCE_ID = ? AND FIRST_LINE = ? AND LAST_LINE = ?",
                    Integer.class,
                    jobInstanceId,
                    firstLine,
                    lastLine);
            if (known == null || known == 0) { // a killed run may have left the same range
                jdbc.update(
                        "INSERT INTO BULK_CANCEL_DISPATCH (JOB_INSTANCE_ID, FIRST_LINE, LAST_LINE)"
                                + " VALUES (?, ?, ?)",
                        jobInstanceId,
                        firstLine,
                        lastLine);
            }
        });
        committed(jobInstanceId, decided, List.of());
    }

    /**
     * Once every call up to {@code lastLine} is answered and recorded (chunks go in line order): forgets the
     * dispatched ranges that end there or before, also those a killed run left. One that reaches further (the
     * killed run had larger chunks) stays until its last line is done.
     */
    public void closeChunk(long jobInstanceId, long lastLine) {
        ownTransaction.executeWithoutResult(status -> jdbc.update(
                "DELETE FROM BULK_CANCEL_DISPATCH" + " WHERE JOB_INSTANCE_ID = ? AND LAST_LINE <= ?",
                jobInstanceId,
                lastLine));
        compaction.committed();
    }

    /**
     * Whether a range overlapping from..to is still recorded as dispatched when the chunk starts: a run was killed
     * with calls of these lines possibly in flight.
     */
    public boolean wasDispatched(long jobInstanceId, long firstLine, long lastLine) {
        Integer n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM BULK_CANCEL_DISPATCH"
                        + " WHERE JOB_INSTANCE_ID = ? AND FIRST_LINE <= ? AND LAST_LINE >= ?",
                Integer.class,
                jobInstanceId,
                lastLine,
                firstLine);
        return n != null && n > 0;
    }

    /**
     * The line ranges still recorded as dispatched ({first, last}, in line order): a killed run may have sent
     * their lines without recording an answer. Few rows: one per chunk in flight when a run died.
     */
    public List<long[]> dispatchedRanges(long jobInstanceId) {
        return jdbc.query(
                "SELECT FIRST_LINE, LAST_LINE FROM BULK_CANCEL_DISPATCH WHERE JOB_INSTANCE_ID = ?"
                        + " ORDER BY FIRST_LINE",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)},
                jobInstanceId);
    }

    /** The recorded outcomes of lines from..to (inclusive), by line. */
    public Map<Long, RowOutcome> findLines(long jobInstanceId, long fromLine, long toLine) {
        Map<Long, RowOutcome> found = new HashMap<>();
        jdbc.query(
                "SELECT " + COLUMNS + " FROM BULK_CANCEL_OUTCOME WHERE JOB_INSTANCE_ID = ? AND LINE BETWEEN ? AND ?",
                rs -> {
                    RowOutcome o = map(rs);
                    found.put(o.line(), o);
                },
                jobInstanceId,
                fromLine,
                toLine);
        return found;
    }

    /**
     * A page of outcomes in line order, after the given line (keyset paging: no long-held cursor). Ordering by the
     * whole primary key lets H2 read the page straight off the index ("index sorted"); ORDER BY LINE alone made it
     * sort every remaining row for each page, quadratic over a large file (~100x slower per page at 300k rows).
     */
    public List<RowOutcome> pageAfter(long jobInstanceId, long afterLine, int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM BULK_CANCEL_OUTCOME WHERE JOB_INSTANCE_ID = ? AND LINE > ?"
                        + " ORDER BY JOB_INSTANCE_ID, LINE FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> map(rs),
                jobInstanceId,
                afterLine);
    }

    /**
     * Whether any line has a provider answer other than NOT_FOUND: the base URL knows these reservations, so the
     * wrong-environment brake has nothing to guard against in this job instance.
     */
    public boolean hasAnswerOtherThanNotFound(long jobInstanceId) {
        String others = Arrays.stream(Outcome.values())
                .filter(o -> o.isProviderAnswer() && o != Outcome.NOT_FOUND)
                .map(o -> "'" + o.name() + "'")
                .collect(Collectors.joining(", "));
        return !jdbc.queryForList(
                        "SELECT LINE FROM BULK_CANCEL_OUTCOME WHERE JOB_INSTANCE_ID = ? AND OUTCOME IN (" + others
                                + ") FETCH FIRST 1 ROWS ONLY",
                        Long.class,
                        jobInstanceId)
                .isEmpty();
    }

    /**
     * How many lines a rerun sends again: FAILED for a transient reason, in fewer than {@code maxRunsPerRow} runs
     * ({@link RowOutcome#retriedBy}).
     */
    public long retriable(long jobInstanceId, int maxRunsPerRow) {
        Long n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM BULK_CANCEL_OUTCOME WHERE JOB_INSTANCE_ID = ?"
                        + " AND OUTCOME = 'FAILED' AND RETRYABLE = TRUE AND FAILED_RUNS < ?",
                Long.class,
                jobInstanceId,
                maxRunsPerRow);
        return n == null ? 0 : n;
    }

    /** FAILED lines that were sent at least once: without a final answer, the provider may have acted on them. */
    public long failedAfterSending(long jobInstanceId) {
        Long n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM BULK_CANCEL_OUTCOME WHERE JOB_INSTANCE_ID = ?"
                        + " AND OUTCOME = 'FAILED' AND ATTEMPTS > 0",
                Long.class,
                jobInstanceId);
        return n == null ? 0 : n;
    }

    public Map<Outcome, Long> counts(long jobInstanceId) {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        jdbc.query(
                "SELECT OUTCOME, COUNT(*) FROM BULK_CANCEL_OUTCOME WHERE JOB_INSTANCE_ID = ? GROUP BY OUTCOME",
                rs -> {
                    counts.put(Outcome.valueOf(rs.getString(1)), rs.getLong(2));
                },
                jobInstanceId);
        return counts;
    }

    private static RowOutcome map(ResultSet rs) throws SQLException {
        Integer status = rs.getInt("HTTP_STATUS");
        if (rs.wasNull()) {
            status = null;
        }
        OffsetDateTime finished = rs.getObject("FINISHED_AT", OffsetDateTime.class);
        return new RowOutcome(
                rs.getLong("LINE"),
                rs.getString("RESERVATION_UUID"),
                Outcome.valueOf(rs.getString("OUTCOME")),
                status,
                rs.getString("API_MESSAGE"),
                rs.getInt("ATTEMPTS"),
                rs.getBoolean("UNCLEAR"),
                finished == null ? null : finished.toInstant(),
                rs.getString("DETAIL"),
                rs.getBoolean("RETRYABLE"),
                rs.getInt("FAILED_RUNS"));
    }

    /**
     * At most {@code max} characters, never half a surrogate pair (a lone surrogate cannot be encoded). Counted in
     * UTF-16 units, which is never fewer than the code points PostgreSQL counts.
     */
    static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
