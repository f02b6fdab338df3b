package com.bulkcancel.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Rules for the job database URL. */
final class JobDatabaseUrl {

    private static final String H2 = "jdbc:h2:";
    private static final String FILE = "file:";
    private static final String POSTGRESQL = "jdbc:postgresql:";

    private JobDatabaseUrl() {}

    /**
     * H2 delays commits by 500 ms by default and would lose the last outcomes on kill -9 (WRITE_DELAY=0); its own
     * shutdown hook would close the database under a job that is still finishing (DB_CLOSE_ON_EXIT=FALSE).
     */
    static String durable(String url) {
        if (!isH2File(url)) {
            return url;
        }
        String result = withSetting(url, "WRITE_DELAY", "0");
        return withSetting(result, "DB_CLOSE_ON_EXIT", "FALSE");
    }

    /** H2's page cache, in KiB, unless the URL sets its own CACHE_SIZE: 8 MiB of the heap. */
    static final int H2_CACHE_KIB = 8192;

    /**
     * An embedded H2 database keeps its page cache in this JVM's heap (H2 sizes it from the maximum heap by
     * default): a fixed {@link #H2_CACHE_KIB} keeps the heap a run needs independent of the job database's size.
     * A URL that sets CACHE_SIZE itself keeps it.
     */
    static String cacheBounded(String url) {
        if (!isH2File(url) || url.toUpperCase(Locale.ROOT).contains(";CACHE_SIZE=")) {
            return url;
        }
        return url + ";CACHE_SIZE=" + H2_CACHE_KIB;
    }

    /**
     * A PostgreSQL URL gets a socket timeout (seconds) unless it sets one: a statement's query timeout is a cancel
     * request the server must receive, so with the server or the network gone only the socket timeout ends the
     * wait. H2 runs in this process: it has no socket to wait on.
     */
    static String bounded(String url, Duration socketTimeout) {
        if (!url.toLowerCase(Locale.ROOT).startsWith(POSTGRESQL)
                || url.toLowerCase(Locale.ROOT).matches(".*[?&]sockettimeout=.*")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "socketTimeout=" + Math.max(1, socketTimeout.toSeconds());
    }

    /** An embedded H2 database on disk: jdbc:h2:file:..., and the short forms jdbc:h2:~/x, jdbc:h2:/x, jdbc:h2:./x. */
    static boolean isH2File(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (!u.startsWith(H2)) {
            return false;
        }
        String rest = u.substring(H2.length());
        return !(rest.startsWith("mem:")
                || rest.startsWith("tcp:")
                || rest.startsWith("ssl:")
                || rest.startsWith("zip:"));
    }

    /** The database file an H2 file URL points at, for the log; null for other databases. */
    static Path h2File(String url) {
        if (!isH2File(url)) {
            return null;
        }
        String path = url.substring(H2.length()).split(";", 2)[0];
        if (path.regionMatches(true, 0, FILE, 0, FILE.length())) {
            path = path.substring(FILE.length());
        }
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path + ".mv.db").toAbsolutePath().normalize();
    }

    private static String withSetting(String url, String key, String value) {
        String upper = url.toUpperCase(Locale.ROOT);
        int at = upper.indexOf(";" + key + "=");
        if (at < 0) {
            return url + ";" + key + "=" + value;
        }
        int end = url.indexOf(';', at + 1);
        return url.substring(0, at) + ";" + key + "=" + value + (end < 0 ? "" : url.substring(end));
    }
}
