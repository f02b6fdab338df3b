package com.bulkcancel.job;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof that no other live process runs this input against this job database, held for the run's lifetime.
 * <ul>
 * <li>Embedded H2 file: the file itself. It opens in one process at a time, so holding it (we started) proves
 * any run it shows as STARTED is dead.</li>
 * <li>PostgreSQL: a session-level advisory lock on a key derived from the input's real path, on a connection
 * kept for the run. The server releases it when the holder's session ends, also after kill -9. Not getting it
 * means another live run of this input: exit 5. Runs of different files do not block each other.</li>
 * <li>Other databases: no liveness check; a run shown as STARTED is assumed alive (exit 5).</li>
 * </ul>
 */
public final class RunLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunLock.class);

    private final Connection connection;
    private final long key;
    private final boolean provesOthersDead;

    private RunLock(Connection connection, long key, boolean provesOthersDead) {
        this.connection = connection;
        this.key = key;
        this.provesOthersDead = provesOthersDead;
    }

    /** @throws BusyException when another live run holds this input */
    public static RunLock acquire(DataSource dataSource, String databaseUrl, String inputRealPath) {
        if (isEmbeddedH2(databaseUrl)) {
            return new RunLock(null, 0, true);
        }
        if (!databaseUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())) {
            return new RunLock(null, 0, false);
        }
        long key = advisoryKey(inputRealPath);
        try {
            Connection connection = dataSource.getConnection();
            boolean locked = false;
            try {
                connection.setAutoCommit(true);
                locked = query(connection, "SELECT pg_try_advisory_lock(?)", key);
            } finally {
                if (!locked) {
                    connection.close();
                }
            }
            if (!locked) {
                throw new BusyException("another run of " + inputRealPath + " is in progress (it holds this input's "
                        + "lock in the job database): try later");
            }
            return new RunLock(connection, key, true);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take this input's lock in the job database: " + e.getMessage(), e);
        }
    }

    /** Whether holding this lock proves that a run of this input shown as STARTED is dead (killed). */
    public boolean provesOthersDead() {
        return provesOthersDead;
    }

    /** Releases the lock before the pooled connection goes back to the pool (its session lives on there). */
    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try (connection) {
            query(connection, "SELECT pg_advisory_unlock(?)", key);
        } catch (SQLException e) {
            log.warn("Could not release this input's lock in the job database ({}); it is released when the "
                    + "process exits.", e.getMessage());
        }
    }

    /** An H2 database only this process can have open (not a TCP server, not AUTO_SERVER). */
    static boolean isEmbeddedH2(String url) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:tcp:") && !u.startsWith("jdbc:h2:ssl:")
                && !u.replace(" ", "").contains(";auto_server=true");
    }

    static long advisoryKey(String inputRealPath) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("bulk-cancel input " + inputRealPath).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
