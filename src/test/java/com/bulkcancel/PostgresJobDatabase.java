package com.bulkcancel;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A schema of its own on the PostgreSQL server at 127.0.0.1:5432 (database test, user postgres, trust
 * authentication) for an in-process test's job database. No server: the test is skipped with a visible reason,
 * but fails when CI=true, where .ci/run provides one.
 */
public final class PostgresJobDatabase implements AutoCloseable {

    public static final String USER = System.getProperty("bulkcancel.pg.user", "postgres");
    private static final String BASE = "jdbc:postgresql://127.0.0.1:5432/test";

    private final String schema;
    private final JdbcTemplate jdbc;

    private PostgresJobDatabase(String schema) {
        this.schema = schema;
        this.jdbc = new JdbcTemplate(new DriverManagerDataSource(url(), USER, ""));
    }

    public static PostgresJobDatabase create() {
        boolean reachable;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            reachable = true;
        } catch (IOException e) {
            reachable = false;
        }
        String reason = "no PostgreSQL server answers on 127.0.0.1:5432 (database test, user " + USER
                + "): PostgreSQL job-database tests skipped";
        if (!reachable && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " -- but CI=true requires them (.ci/run starts a server)");
        }
        assumeTrue(reachable, reason);
        String schema =
                "bulk_cancel_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        new JdbcTemplate(new DriverManagerDataSource(BASE, USER, "")).execute("CREATE SCHEMA " + schema);
        return new PostgresJobDatabase(schema);
    }

    /** The job's JDBC URL; {@code extra} is appended as further URL parameters (already encoded). */
    public String url(String... extra) {
        return BASE + "?currentSchema=" + schema + (extra.length == 0 ? "" : "&" + String.join("&", extra));
    }

    /** The command-line arguments that point the job at this schema. */
    public String[] args(String... urlExtra) {
        return new String[] {"--spring.datasource.url=" + url(urlExtra), "--spring.datasource.username=" + USER};
    }

    public String schema() {
        return schema;
    }

    /** A connection of the test's own to this schema. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /** A connection pool-free template on the test's own connections (never the job's). */
    public JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
    }
}
