package com.bulkcancel.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.bulkcancel.provider.StopSignal;

/**
 * Watches a PostgreSQL run lock for the run's lifetime, every {@link #INTERVAL}:
 * <ul>
 * <li>on the lock's own connection, checks that the server still shows the advisory lock held by that session
 * (the query also keeps the session from idling out). If not, or if the connection fails, it raises
 * {@link StopSignal.Reason#LOCK_LOST}: no further call starts and the run ends with exit 1.</li>
 * <li>on a pooled connection, refreshes the input's heartbeat, until the run closes its lock: a process that
 * lost its lock but still has calls in flight keeps beating, so no other start takes its run for dead.</li>
 * </ul>
 */
final class LockWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LockWatchdog.class);
    static final Duration INTERVAL = Duration.ofSeconds(2);
    /** A lock check that hangs this long (a dead network) counts as a lost lock. */
    private static final int CHECK_TIMEOUT_MILLIS = 5_000;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Connection lockConnection;
    private final DataSource dataSource;
    private final long key;
    private final StopSignal stop;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "run-lock-watchdog-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private volatile String lostBecause;
    private volatile boolean beatFailing;

    private LockWatchdog(Connection lockConnection, DataSource dataSource, long key, StopSignal stop) {
        this.lockConnection = lockConnection;
        this.dataSource = dataSource;
        this.key = key;
        this.stop = stop;
    }

    /** Writes the first beat at once, on the lock's connection, then watches and beats in the background. */
    static LockWatchdog start(Connection lockConnection, DataSource dataSource, long key, StopSignal stop)
            throws SQLException {
        lockConnection.setNetworkTimeout(Runnable::run, CHECK_TIMEOUT_MILLIS);
        beat(lockConnection, key);
        LockWatchdog watchdog = new LockWatchdog(lockConnection, dataSource, key, stop);
        long every = INTERVAL.toMillis();
        watchdog.timer.scheduleWithFixedDelay(watchdog::check, every, every, TimeUnit.MILLISECONDS);
        watchdog.timer.scheduleWithFixedDelay(watchdog::beat, every, every, TimeUnit.MILLISECONDS);
        return watchdog;
    }

    /** Age of this input's last heartbeat by the database's clock, or null if it never had one. */
    static Duration beatAge(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT BEATEN_AT, CURRENT_TIMESTAMP FROM BULK_CANCEL_HEARTBEAT WHERE LOCK_KEY = ?")) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return Duration.between(rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class));
            }
        }
    }

    String lostBecause() {
        return lostBecause;
    }

    private void check() {
        if (lostBecause != null) {
            return;
        }
        try {
            if (!holdsLock()) {
                lost("the server no longer shows it held by this run's session");
            }
        } catch (SQLException | RuntimeException e) {
            lost("its connection failed: " + e.getMessage());
        }
    }

    private boolean holdsLock() throws SQLException {
        // pg_locks shows a bigint advisory key as classid (high 32 bits), objid (low 32 bits), objsubid 1.
        try (PreparedStatement statement = lockConnection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_locks "
                + "WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND classid::bigint = ? "
                + "AND objid::bigint = ? AND objsubid = 1)")) {
            statement.setLong(1, key >>> 32);
            statement.setLong(2, key & 0xFFFF_FFFFL);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void lost(String why) {
        lostBecause = why;
        stop.raise(StopSignal.Reason.LOCK_LOST);
        log.error(
                "Lost this input's run lock in the job database ({}): no further cancel call starts; the calls in "
                        + "flight finish and are recorded.",
                why);
    }

    private void beat() {
        try (Connection connection = dataSource.getConnection()) {
            beat(connection, key);
            if (beatFailing) {
                beatFailing = false;
                log.info("The run's heartbeat in the job database is written again.");
            }
        } catch (SQLException | RuntimeException e) {
            if (!beatFailing) {
                beatFailing = true;
                log.warn(
                        "Could not write the run's heartbeat in the job database ({}); retrying every {} s.",
                        e.getMessage(),
                        INTERVAL.toSeconds());
            }
        }
    }

    private static void beat(Connection connection, long key) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE BULK_CANCEL_HEARTBEAT SET BEATEN_AT = CURRENT_TIMESTAMP WHERE LOCK_KEY = ?")) {
            update.setLong(1, key);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO BULK_CANCEL_HEARTBEAT (LOCK_KEY, BEATEN_AT) VALUES (?, CURRENT_TIMESTAMP)")) {
            insert.setLong(1, key);
            insert.executeUpdate();
        }
    }

    /**
     * The run has ended: stops watching and beating (waiting, bounded, so no check still uses the lock's
     * connection), then removes the heartbeat. Nobody else ran this input meanwhile: a start that saw our beat
     * fresh was refused.
     */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(CHECK_TIMEOUT_MILLIS * 2L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM BULK_CANCEL_HEARTBEAT WHERE LOCK_KEY = ?")) {
            delete.setLong(1, key);
            delete.executeUpdate();
        } catch (SQLException e) {
            log.warn(
                    "Could not remove the run's heartbeat from the job database ({}): a start of this input may "
                            + "be refused as busy until it has aged.",
                    e.getMessage());
        }
    }
}
