package com.bulkcancel.job;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A JDBC driver for {@code jdbc:probe:postgresql:...} URLs that hands out PostgreSQL connections and watches the
 * statement that creates a job execution: it records the transaction isolation it runs under and, when armed,
 * fails it once with PostgreSQL's serialization failure (SQLState 40001), as a concurrent SERIALIZABLE launch does.
 */
public final class JobDatabaseProbeDriver implements Driver {

    static final String PREFIX = "jdbc:probe:";
    private static final Pattern CREATE_EXECUTION =
            Pattern.compile("(?is)\\s*INSERT\\s+INTO\\s+BATCH_JOB_EXECUTION\\s*\\(.*");

    static final List<Integer> ISOLATION_AT_CREATE = new CopyOnWriteArrayList<>();
    static final AtomicBoolean FAIL_NEXT_CREATE = new AtomicBoolean();

    static {
        try {
            DriverManager.registerDriver(new JobDatabaseProbeDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static void reset() {
        ISOLATION_AT_CREATE.clear();
        FAIL_NEXT_CREATE.set(false);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
        return (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare")
                            && args != null
                            && args[0] instanceof String sql
                            && CREATE_EXECUTION.matcher(sql).matches()) {
                        ISOLATION_AT_CREATE.add(real.getTransactionIsolation());
                        if (FAIL_NEXT_CREATE.compareAndSet(true, false)) {
                            throw new SQLException(
                                    "ERROR: could not serialize access due to read/write dependencies "
                                            + "among transactions",
                                    "40001");
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
