package com.bulkcancel.outcomes;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps an embedded H2 job database's metadata bounded. H2 writes every commit as a new chunk of its file and keeps
 * an object per chunk in the heap (about 270 bytes) while any page in the chunk is live; only its housekeeping
 * (rewriting the few live pages of sparse chunks so the chunks die) frees them, and that runs in H2's background
 * writer thread, which {@code WRITE_DELAY=0} turns off (and must: it makes every commit written before it
 * returns). Without it the heap grows with every commit (about 13 MiB a million rows). This does the same
 * housekeeping every {@link #EVERY_COMMITS} commits, in the committing thread; commits stay written as before.
 * Chunks younger than H2's retention time (45 s) are kept, as H2 keeps them for a crash: a bound in time, not rows.
 * Other databases (PostgreSQL, H2 over TCP or in memory) are left alone after the first look.
 */
final class H2Compaction {

    private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);

    /** Commits between two compactions. */
    static final int EVERY_COMMITS = 1000;
    /** Chunks below this fill rate (percent live) are rewritten; H2's own default for its housekeeping. */
    static final int TARGET_FILL_RATE = 90;
    /** At most this many bytes rewritten in one compaction. */
    static final int WRITE_LIMIT = 16 * 1024 * 1024;

    private final JdbcTemplate jdbc;
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean applies = true;

    H2Compaction(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts one commit; every {@link #EVERY_COMMITS}th compacts an embedded H2 database's file. */
    void committed() {
        if (applies && jdbc != null && commits.incrementAndGet() % EVERY_COMMITS == 0) {
            compact();
        }
    }

    private void compact() {
        try {
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                MVStore store = embeddedStore(connection);
                if (store == null) {
                    applies = false;
                } else {
                    store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
                }
                return null;
            });
        } catch (DataAccessException | IllegalStateException e) {
            // The commits are written; a compaction that failed leaves only the heap to the next one.
            log.debug("H2 compaction failed", e);
        }
    }

    private static MVStore embeddedStore(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return null;
        }
        var database = session.getDatabase();
        if (database.getStore() == null || database.getStore().getMvStore().getFileStore() == null) {
            return null;
        }
        return database.getStore().getMvStore();
    }
}
