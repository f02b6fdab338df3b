package com.bulkcancel.outcomes;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The BULK_CANCEL_LEDGER table: one ledger per environment (the base URL in normal form), keyed by (environment,
 * reservation UUID). A run claims a chunk's sendable reservations before their calls, in one batched step, and
 * after their outcomes are recorded settles a CANCELLED one (it stays, naming the run, its file and the time) or
 * releases any other. The primary key is the mutual exclusion between runs going at once (PostgreSQL): a run that
 * loses a duplicate-key race rolls its claim step back and takes it again.
 */
@Repository
public class ReservationLedger {

    static final String CLAIMED = "CLAIMED";
    static final String CANCELLED = "CANCELLED";
    private static final int RACES = 10;
    /** Reservations per IN list. */
    private static final int IN_LIST = 1000;

    private static final String COLUMNS = "RESERVATION_UUID, STATE, JOB_INSTANCE_ID, JOB_EXECUTION_ID, LOCK_KEY,"
            + " INPUT_PATH, INPUT_SHA256, LINE, CHANGED_AT";

    /** How a holder's life is judged. */
    public enum Liveness {
        /** An embedded H2 file opens in one process at a time: any other run holding a claim is dead. */
        EMBEDDED,
        /** PostgreSQL: a holder lives while its execution is running and its input's heartbeat is fresh. */
        HEARTBEAT,
        /** No proof of death but the execution's recorded status. */
        STATUS
    }

    /** The run claiming: its environment, outcome instance, execution, input lock key and file. */
    public record Claimant(
            String environment,
            long jobInstanceId,
            long jobExecutionId,
            long lockKey,
            String inputPath,
            String inputSha256) {

        /**
         * Its own rows: an entry of its own job instance, or of an earlier generation of the same file (same path
         * and content: only {@code --cancel.new-run} or {@code --cancel.abandon-unfinished} start one), is never
         * CANCELLED_EARLIER for it.
         */
        boolean owns(Entry entry) {
            return entry.jobInstanceId() == jobInstanceId
                    || (entry.inputPath().equals(inputPath)
                            && entry.inputSha256().equals(inputSha256));
        }
    }

    /** One ledger entry. */
    public record Entry(
            String reservationUuid,
            String state,
            long jobInstanceId,
            long jobExecutionId,
            long lockKey,
            String inputPath,
            String inputSha256,
            long line,
            Instant changedAt) {

        public boolean cancelled() {
            return CANCELLED.equals(state);
        }
    }

    /**
     * A chunk's claim step: the reservations it may send (claimed, or its own), those another run cancelled, and
     * those another run holds.
     */
    public record Claims(List<String> mine, Map<String, Entry> cancelledEarlier, Map<String, Entry> heldByOthers) {}

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate ownTransaction;

    @Autowired
    public ReservationLedger(
            JdbcTemplate jdbc, PlatformTransactionManager transactionManager, RecordSettings settings) {
        int seconds = (int) Math.max(
                1, Math.min(Integer.MAX_VALUE, settings.databaseTimeout().toSeconds()));
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setQueryTimeout(seconds);
        this.named = new NamedParameterJdbcTemplate(this.jdbc);
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.ownTransaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.ownTransaction.setTimeout(seconds);
    }

    /**
     * Claims these reservations (UUID to line) in one step: one query for their entries, one batch insert of the
     * free ones. An entry of the claimant's own (see {@link Claimant#owns}) is the claimant's: a CLAIMED one is
     * taken over (its killed earlier execution), a CANCELLED one stays as it is until settled.
     *
     * @param exclusive no other run can be live (an embedded H2 file opens in one process at a time): the free
     *                  reservations are not written as claims, only looked up; {@link #settle} records the
     *                  cancelled ones. This saves two writes per row on the hot path where no other run can race.
     */
    public Claims claim(Claimant me, Map<String, Long> lines, Instant now, boolean exclusive) {
        for (int race = 1; ; race++) {
            try {
                return ownTransaction.execute(status -> claimOnce(me, lines, now, exclusive));
            } catch (DataIntegrityViolationException | ConcurrencyFailureException lostRace) {
                if (race >= RACES) {
                    throw lostRace;
                }
                // Another run inserted one of these keys between our read and our insert: read again.
            }
        }
    }

    private Claims claimOnce(Claimant me, Map<String, Long> lines, Instant now, boolean exclusive) {
        Map<String, Entry> found = find(me.environment(), lines.keySet());
        List<String> mine = new ArrayList<>();
        Map<String, Entry> cancelled = new HashMap<>();
        Map<String, Entry> held = new HashMap<>();
        TreeMap<String, Long> free = new TreeMap<>(); // key order: two runs never wait on each other's inserts
        List<String> takeOver = new ArrayList<>();
        for (Map.Entry<String, Long> row : lines.entrySet()) {
            Entry entry = found.get(row.getKey());
            if (entry == null) {
                free.put(row.getKey(), row.getValue());
            } else if (me.owns(entry)) {
                mine.add(row.getKey());
                if (!entry.cancelled() && entry.jobExecutionId() != me.jobExecutionId()) {
                    takeOver.add(row.getKey());
                }
            } else if (entry.cancelled()) {
                cancelled.put(row.getKey(), entry);
            } else {
                held.put(row.getKey(), entry);
            }
        }
        if (!takeOver.isEmpty()) {
            jdbc.batchUpdate(
                    "UPDATE BULK_CANCEL_LEDGER SET JOB_EXECUTION_ID = ?, LOCK_KEY = ? WHERE ENVIRONMENT = ?"
                            + " AND RESERVATION_UUID = ? AND STATE = '" + CLAIMED + "'",
                    takeOver,
                    takeOver.size(),
                    (ps, uuid) -> {
                        ps.setLong(1, me.jobExecutionId());
                        ps.setLong(2, me.lockKey());
                        ps.setString(3, me.environment());
                        ps.setString(4, uuid);
                    });
        }
        if (exclusive) {
            mine.addAll(free.keySet());
        } else if (!free.isEmpty()) {
            writeEntries("INSERT INTO BULK_CANCEL_LEDGER (ENVIRONMENT, " + COLUMNS + ")", CLAIMED, me, free, now);
            mine.addAll(free.keySet());
        }
        return new Claims(mine, cancelled, held);
    }

    /**
     * After the chunk's outcomes are recorded. Exclusive (no claims were written, see {@link #claim}): the CANCELLED
     * reservations become entries in one batch. Otherwise the CANCELLED reservations' claims become ledger entries (one
     * set-based update per {@link #IN_LIST} of them: the entry keeps the run, file and line of its claim; the time of
     * the cancellation is the line's recorded outcome's), and every other claim this run still holds is released (one
     * delete per {@link #IN_LIST}). An entry an earlier generation of the file left CANCELLED stays as it is. Only
     * called once every call of the chunk has ended: no claim of a call in flight is released.
     */
    public void settle(
            Claimant me, Map<String, Long> cancelled, Collection<String> released, boolean exclusive, Instant now) {
        if (exclusive) {
            settleExclusive(me, cancelled, now);
            return;
        }
        ownTransaction.executeWithoutResult(status -> {
            bySlices(me, cancelled.keySet(), "UPDATE BULK_CANCEL_LEDGER SET STATE = '" + CANCELLED + "'");
            bySlices(me, released, "DELETE FROM BULK_CANCEL_LEDGER");
        });
    }

    /**
     * Without claims (see {@link #claim}): the cancelled reservations become entries in one batch (H2's MERGE: an
     * entry of an earlier generation of the file now names this run, which cancelled it again); nothing else to
     * release, since a start on an embedded file released every claim left by earlier runs.
     */
    private void settleExclusive(Claimant me, Map<String, Long> cancelled, Instant now) {
        if (cancelled.isEmpty()) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> writeEntries(
                "MERGE INTO BULK_CANCEL_LEDGER (ENVIRONMENT, " + COLUMNS + ") KEY (RESERVATION_UUID, ENVIRONMENT)",
                CANCELLED,
                me,
                cancelled,
                now));
    }

    /** One batch of entries in {@code state}, the claimant's, for these reservations (UUID to line). */
    private void writeEntries(String into, String state, Claimant me, Map<String, Long> lines, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        jdbc.batchUpdate(
                into + " VALUES (?, ?, '" + state + "', ?, ?, ?, ?, ?, ?, ?)",
                new ArrayList<>(lines.entrySet()),
                lines.size(),
                (ps, row) -> {
                    ps.setString(1, me.environment());
                    ps.setString(2, row.getKey());
                    ps.setLong(3, me.jobInstanceId());
                    ps.setLong(4, me.jobExecutionId());
                    ps.setLong(5, me.lockKey());
                    ps.setString(6, me.inputPath());
                    ps.setString(7, me.inputSha256());
                    ps.setLong(8, row.getValue());
                    ps.setObject(9, at);
                });
    }

    private void bySlices(Claimant me, Collection<String> uuids, String statement) {
        List<String> all = new ArrayList<>(uuids);
        for (int from = 0; from < all.size(); from += IN_LIST) {
            named.update(
                    statement + " WHERE RESERVATION_UUID IN (:uuids) AND ENVIRONMENT = :environment"
                            + " AND JOB_EXECUTION_ID = :execution AND STATE = '" + CLAIMED + "'",
                    new MapSqlParameterSource("environment", me.environment())
                            .addValue("uuids", all.subList(from, Math.min(all.size(), from + IN_LIST)))
                            .addValue("execution", me.jobExecutionId()));
        }
    }

    /**
     * Releases the claims of dead runs (other executions): one no longer running by its recorded status (a killed
     * run that a start recovered, a failed or stopped one), and, by {@code liveness}, every other run's (embedded
     * H2) or one whose input's heartbeat is older than {@code deadAfter} or gone (PostgreSQL).
     *
     * @return how many claims were released
     */
    public int releaseDead(Claimant me, Liveness liveness, Duration deadAfter) {
        String others = "DELETE FROM BULK_CANCEL_LEDGER WHERE STATE = '" + CLAIMED + "' AND JOB_EXECUTION_ID <> ?";
        return switch (liveness) {
            case EMBEDDED -> jdbc.update(others, me.jobExecutionId());
            case STATUS -> jdbc.update(others + " AND " + notRunning(), me.jobExecutionId());
            case HEARTBEAT -> {
                Timestamp now = jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", Timestamp.class);
                Timestamp cutoff = Timestamp.from(now.toInstant().minus(deadAfter));
                yield jdbc.update(
                        others + " AND (" + notRunning() + " OR NOT EXISTS (SELECT 1 FROM"
                                + " BULK_CANCEL_HEARTBEAT H WHERE H.LOCK_KEY = BULK_CANCEL_LEDGER.LOCK_KEY"
                                + " AND H.BEATEN_AT > ?))",
                        me.jobExecutionId(),
                        cutoff);
            }
        };
    }

    private static String notRunning() {
        return "NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION E WHERE E.JOB_EXECUTION_ID = BULK_CANCEL_LEDGER"
                + ".JOB_EXECUTION_ID AND E.STATUS IN ('STARTING', 'STARTED', 'STOPPING'))";
    }

    /**
     * The entries of these reservations in this environment: one query per {@link #IN_LIST} of them (a chunk of
     * 10,000 rows must not exceed a driver's limit on bind parameters).
     */
    public Map<String, Entry> find(String environment, Collection<String> uuids) {
        Map<String, Entry> found = new HashMap<>();
        List<String> all = new ArrayList<>(uuids);
        for (int from = 0; from < all.size(); from += IN_LIST) {
            findSlice(environment, all.subList(from, Math.min(all.size(), from + IN_LIST)), found);
        }
        return found;
    }

    private void findSlice(String environment, List<String> uuids, Map<String, Entry> found) {
        // A CANCELLED entry's time is its line's recorded outcome's (the claim's time if that is gone).
        named.query(
                "SELECT L.RESERVATION_UUID, L.STATE, L.JOB_INSTANCE_ID, L.JOB_EXECUTION_ID, L.LOCK_KEY,"
                        + " L.INPUT_PATH, L.INPUT_SHA256, L.LINE, COALESCE(O.FINISHED_AT, L.CHANGED_AT) AS CHANGED_AT"
                        + " FROM BULK_CANCEL_LEDGER L LEFT JOIN BULK_CANCEL_OUTCOME O ON L.STATE = '" + CANCELLED + "'"
                        + " AND O.JOB_INSTANCE_ID = L.JOB_INSTANCE_ID AND O.LINE = L.LINE"
                        + " WHERE L.RESERVATION_UUID IN (:uuids) AND L.ENVIRONMENT = :environment",
                new MapSqlParameterSource("environment", environment).addValue("uuids", uuids),
                rs -> {
                    OffsetDateTime at = rs.getObject("CHANGED_AT", OffsetDateTime.class);
                    Entry e = new Entry(
                            rs.getString("RESERVATION_UUID"),
                            rs.getString("STATE"),
                            rs.getLong("JOB_INSTANCE_ID"),
                            rs.getLong("JOB_EXECUTION_ID"),
                            rs.getLong("LOCK_KEY"),
                            rs.getString("INPUT_PATH"),
                            rs.getString("INPUT_SHA256"),
                            rs.getLong("LINE"),
                            at.toInstant());
                    found.put(e.reservationUuid(), e);
                });
    }

    /**
     * Forgets every entry a job instance left (its CANCELLED ledger entries and any claims): for the retention of
     * old runs, when it deletes that instance's outcomes. Its reservations may then be sent again by another run.
     *
     * @return how many entries were deleted
     */
    public int forget(long jobInstanceId) {
        return jdbc.update("DELETE FROM BULK_CANCEL_LEDGER WHERE JOB_INSTANCE_ID = ?", jobInstanceId);
    }
}
