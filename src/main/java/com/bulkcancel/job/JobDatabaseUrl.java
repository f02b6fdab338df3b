package com.bulkcancel.job;

import java.nio.file.Path;
import java.util.Locale;

/** Rules for the job database URL. */
final class JobDatabaseUrl {

    private static final String H2_FILE = "jdbc:h2:file:";

    private JobDatabaseUrl() {
    }

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

    static boolean isH2File(String url) {
        return url.regionMatches(true, 0, H2_FILE, 0, H2_FILE.length());
    }

    /** The database file an H2 file URL points at, for the log; null for other databases. */
    static Path h2File(String url) {
        if (!isH2File(url)) {
            return null;
        }
        String path = url.substring(H2_FILE.length()).split(";", 2)[0];
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
