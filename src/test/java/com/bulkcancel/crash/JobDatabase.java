package com.bulkcancel.crash;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The job database a crash test runs against, and what the test reads back from it. */
final class JobDatabase {

    static final String USER = System.getProperty("bulkcancel.pg.user", "postgres");
    private static final String PG_HOST = "127.0.0.1";
    private static final int PG_PORT = 5432;
    private static final String PG_DATABASE = "test";

    private final String url;
    private final String schema;

    private JobDatabase(String url, String schema) {
        this.url = url;
        this.schema = schema;
    }

    static JobDatabase h2(Path dir) {
        return new JobDatabase("jdbc:h2:file:" + dir.resolve("jobs"), null);
    }

    /**
     * A schema of its own on the PostgreSQL server at 127.0.0.1:5432 (database test, trust authentication), so
     * tests never see each other's job instances. No server: the test is skipped with a visible reason, but fails
     * when CI=true, where .ci/run provides one.
     */
    static JobDatabase postgres() {
        boolean reachable;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(PG_HOST, PG_PORT), 1000);
            reachable = true;
        } catch (IOException e) {
            reachable = false;
        }
        String reason = "no PostgreSQL server answers on " + PG_HOST + ":" + PG_PORT + " (database " + PG_DATABASE
                + ", user " + USER + "): PostgreSQL job-database tests skipped";
        if (!reachable && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " -- but CI=true requires them (.ci/run starts a server)");
        }
        assumeTrue(reachable, reason);
        String schema = "bulk_cancel_it_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String base = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + PG_DATABASE;
        execute(base, "CREATE SCHEMA " + schema);
        return new JobDatabase(base + "?currentSchema=" + schema, schema);
    }

    String url() {
        return url;
    }

    void drop() {
        if (schema != null) {
            execute(url, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** Statuses of all job executions, oldest first. */
    List<String> executionStatuses() {
        return strings("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID");
    }

    /** Outcomes recorded in the outcome table, line order. */
    List<String> outcomes() {
        return strings("SELECT OUTCOME FROM BULK_CANCEL_OUTCOME ORDER BY JOB_INSTANCE_ID, LINE");
    }

    /** Heartbeats of runs (live or killed) written within the given time, by the database's clock. */
    int heartbeatsYoungerThan(java.time.Duration age) {
        return Integer.parseInt(strings("SELECT COUNT(*) FROM BULK_CANCEL_HEARTBEAT "
                        + "WHERE BEATEN_AT > CURRENT_TIMESTAMP - INTERVAL '" + age.toSeconds() + " seconds'")
                .get(0));
    }

    /** Chunks whose calls a run started and did not see all answered: left only by a killed run. */
    int dispatchedChunks() {
        return strings("SELECT COUNT(*) FROM BULK_CANCEL_DISPATCH").stream()
                .mapToInt(Integer::parseInt)
                .sum();
    }

    private List<String> strings(String sql) {
        try (Connection c = connect(url);
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String url, String sql) {
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(String url) throws SQLException {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")
                ? DriverManager.getConnection(url, "sa", "")
                : DriverManager.getConnection(url, USER, "");
    }
}
