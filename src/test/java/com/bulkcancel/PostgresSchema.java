package com.bulkcancel;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A schema of its own on the PostgreSQL server at 127.0.0.1:5432 (database test, user postgres, trust
 * authentication) for an in-process run of the command. No server: the test is skipped with a visible reason, but
 * fails when CI=true, where .ci/run provides one (the same rule as the crash tests).
 */
public final class PostgresSchema implements AutoCloseable {

    private static final String BASE = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = System.getProperty("bulkcancel.pg.user", "postgres");

    private final String schema;

    private PostgresSchema(String schema) {
        this.schema = schema;
    }

    public static PostgresSchema create() {
        boolean reachable;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            reachable = true;
        } catch (IOException e) {
            reachable = false;
        }
        String reason = "no PostgreSQL server answers on 127.0.0.1:5432: PostgreSQL job-database tests skipped";
        if (!reachable && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " -- but CI=true requires them");
        }
        assumeTrue(reachable, reason);
        PostgresSchema created = new PostgresSchema("bulk_cancel_t_" + UUID.randomUUID().toString().replace("-", "")
                .substring(0, 12));
        created.execute(BASE, "CREATE SCHEMA " + created.schema);
        return created;
    }

    public String url() {
        return BASE + "?currentSchema=" + schema;
    }

    /** The command's arguments that point its job database at this schema. */
    public String[] args() {
        return new String[] {"--spring.datasource.url=" + url(), "--spring.datasource.username=" + USER,
                "--spring.datasource.password="};
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    @Override
    public void close() {
        execute(BASE, "DROP SCHEMA " + schema + " CASCADE");
    }

    private void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
