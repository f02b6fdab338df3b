package com.bulkcancel.job;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.bulkcancel.input.Sha256;
import com.bulkcancel.provider.StopSignal;

/**
 * Proof that no other live process runs this input against this job database, held for the run's lifetime.
 * <ul>
 * <li>Embedded H2 file: the file itself. It opens in one process at a time, so holding it (we started) proves
 * any run it shows as STARTED is dead.</li>
 * <li>PostgreSQL: a session-level advisory lock on a key derived from the input's real path, on a connection
 * kept for the run. The server releases it when the holder's session ends, also after kill -9. Not getting it
 * means another live run of this input: exit 5. Runs of different files do not block each other. But a session
 * also ends under a live run (idle_session_timeout, a server restart, a dropped connection), so the lock alone
 * proves nothing: a {@link LockWatchdog} checks it every 2 s and stops the run if it is gone, and writes the
 * input's heartbeat. A run shown as STARTED counts as dead only if we got the lock and its heartbeat is older than
 * {@link #deadAfter}.</li>
 * <li>Other databases: no liveness check; a run shown as STARTED is assumed alive (exit 5).</li>
 * </ul>
 */
public final class RunLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunLock.class);

    private final Connection connection;
    private final DataSource dataSource;
    private final long key;
    private final boolean provesOthersDead;
    private final String doubt;
    private LockWatchdog watchdog;

    private RunLock(Connection connection, DataSource dataSource, long key, boolean provesOthersDead, String doubt) {
        this.connection = connection;
        this.dataSource = dataSource;
        this.key = key;
        this.provesOthersDead = provesOthersDead;
        this.doubt = doubt;
    }

    /**
     * @param callTimeout the longest a cancel call can last: a run that lost its lock may still have calls in
     *                    flight that long
     * @throws BusyException when another live run holds this input
     */
    public static RunLock acquire(
            DataSource dataSource, String databaseUrl, String inputRealPath, Duration callTimeout) {
        if (isEmbeddedH2(databaseUrl)) {
            return new RunLock(null, null, 0, true, null);
        }
        if (!databaseUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())) {
            return new RunLock(null, null, 0, false, "this job database gives no proof that it ended");
        }
        long key = advisoryKey(inputRealPath);
        try {
            Connection connection = dataSource.getConnection();
            boolean locked = false;
            try {
                connection.setAutoCommit(true);
                locked = query(connection, "SELECT pg_try_advisory_lock(?)", key);
                if (!locked) {
                    throw new BusyException("another run of " + inputRealPath + " is in progress (it holds this "
                            + "input's lock in the job database): try later");
                }
                Duration beatAge = LockWatchdog.beatAge(connection, key);
                Duration deadAfter = deadAfter(callTimeout);
                boolean dead = beatAge == null || beatAge.compareTo(deadAfter) > 0;
                String doubt = dead
                        ? null
                        : "its heartbeat in the job database is " + beatAge.toMillis() / 1000
                                + " s old (a run counts as ended " + deadAfter.toSeconds() + " s after its last beat)";
                return new RunLock(connection, dataSource, key, dead, doubt);
            } finally {
                if (!locked) {
                    connection.close();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take this input's lock in the job database: " + e.getMessage(), e);
        }
    }

    /**
     * How long after its last heartbeat a run that lost its lock can still be sending: up to one beat interval
     * until its watchdog notices, one more until the check fails, one of slack, then its last calls in flight.
     */
    static Duration deadAfter(Duration callTimeout) {
        return LockWatchdog.INTERVAL.multipliedBy(3).plus(callTimeout);
    }

    /** Whether holding this lock proves that a run of this input shown as STARTED is dead (killed). */
    public boolean provesOthersDead() {
        return provesOthersDead;
    }

    /** Why a run shown as STARTED may still be alive although we hold the lock; null when it is proven dead. */
    public String doubt() {
        return doubt;
    }

    /**
     * The run is about to start: from now on watch the lock (raising {@code stop} with
     * {@link StopSignal.Reason#LOCK_LOST} if it is lost) and write the heartbeat. Not before: a start that is
     * refused must not refresh the heartbeat of a killed run and so postpone its recovery.
     */
    public void watch(StopSignal stop) {
        if (connection == null) {
            return;
        }
        try {
            watchdog = LockWatchdog.start(connection, dataSource, key, stop);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot watch this input's lock in the job database: " + e.getMessage(), e);
        }
    }

    /** What the watchdog saw when the lock was lost (null while it holds). */
    public String lostBecause() {
        return watchdog == null ? null : watchdog.lostBecause();
    }

    /** Releases the lock before the pooled connection goes back to the pool (its session lives on there). */
    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        if (watchdog != null) {
            watchdog.close(); // the run ended: its heartbeat goes, so a later start need not wait for it to age
        }
        try (connection) {
            query(connection, "SELECT pg_advisory_unlock(?)", key);
        } catch (SQLException e) {
            if (lostBecause() != null) {
                return; // its session is gone, and the lock with it
            }
            log.warn(
                    "Could not release this input's lock in the job database ({}); it is released when the "
                            + "process exits.",
                    e.getMessage());
        }
    }

    /** An H2 database only this process can have open (not a TCP server, not AUTO_SERVER). */
    static boolean isEmbeddedH2(String url) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("jdbc:h2:")
                && !u.startsWith("jdbc:h2:tcp:")
                && !u.startsWith("jdbc:h2:ssl:")
                && !u.replace(" ", "").contains(";auto_server=true");
    }

    public static long advisoryKey(String inputRealPath) {
        return ByteBuffer.wrap(Sha256.of("bulk-cancel input " + inputRealPath)).getLong();
    }

    private static boolean query(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
