package com.bulkcancel.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * An H2 job database with the run's settings (WRITE_DELAY=0 turns off H2's own housekeeping) keeps a number of
 * chunks, each an object in the heap, that does not grow with the commits. RETENTION_TIME=0 here makes the count
 * depend on the commits alone (the job keeps H2's 45 s, a bound in time).
 */
class H2CompactionTest {

    private static final int CHUNKS = 1_200; // 36,000 rows, about 14,500 commits
    private static final int RECORDS_PER_CHUNK = 10;
    private static final int ROWS_PER_RECORD = 30;

    @TempDir
    Path dir;

    SingleConnectionDataSource dataSource;

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    @Test
    void theChunkCountStaysBoundedOverManyCommits() {
        dataSource = new SingleConnectionDataSource(
                "jdbc:h2:file:" + dir.resolve("jobs")
                        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=8192;RETENTION_TIME=0",
                "sa",
                "",
                true);
        new ResourceDatabasePopulator(new ClassPathResource("db/schema-h2.sql")).execute(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        OutcomeStore store = new OutcomeStore(jdbc, new DataSourceTransactionManager(dataSource));
        Instant at = Instant.parse("2026-12-04T05:00:00Z");
        long line = 0;
        int commits = 0;
        int largest = 0;
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            long first = line + 1;
            long last = line + (long) RECORDS_PER_CHUNK * ROWS_PER_RECORD;
            store.openChunk(1, List.of(), first, last);
            for (int r = 0; r < RECORDS_PER_CHUNK; r++) {
                List<RowOutcome> rows = new ArrayList<>();
                for (int i = 0; i < ROWS_PER_RECORD; i++) {
                    rows.add(new RowOutcome(
                            ++line, UUID.randomUUID().toString(), Outcome.CANCELLED, 202, "ok", 1, false, at, null));
                }
                store.record(1, rows, List.of());
            }
            store.closeChunk(1, last);
            commits += RECORDS_PER_CHUNK + 2;
            if (chunk % 100 == 99) {
                largest = Math.max(largest, chunkCount(jdbc));
            }
        }

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM BULK_CANCEL_OUTCOME", Long.class))
                .isEqualTo(line);
        // Without compaction every commit leaves a chunk with a live page: about one chunk a commit.
        assertThat(commits).isGreaterThan(14_000);
        assertThat(largest).as("H2 chunks at most, over %d commits", commits).isLessThan(3_000);
    }

    private static int chunkCount(JdbcTemplate jdbc) {
        return Integer.parseInt(jdbc.queryForObject(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS" + " WHERE SETTING_NAME = 'info.CHUNK_COUNT'",
                String.class));
    }
}
