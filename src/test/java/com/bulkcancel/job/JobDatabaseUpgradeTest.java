package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.SimulatedProviderTest;

/**
 * A job database written by the 1.0 jar (no Flyway: every table from its DDL, kept as
 * {@code legacy/schema-h2-1.0.sql}) holding an unfinished run is upgraded by the next start, which resumes the run
 * without sending an answered line again.
 */
class JobDatabaseUpgradeTest extends SimulatedProviderTest {

    Path file;
    List<String> uuids = new ArrayList<>();

    @BeforeEach
    void prepare() throws Exception {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (int i = 1; i <= 30; i++) {
            String uuid = String.format("5f0c1b2a-7425-40de-944b-e07fc1f9%04d", i);
            uuids.add(uuid);
            provider.reservation(uuid);
            csv.append(uuid).append(",event cancelled\n");
        }
        file = dir.resolve("reservations.csv");
        Files.writeString(file, csv);
    }

    @Test
    void aJobDatabaseOfThe10JarIsMigratedAndItsUnfinishedRunResumesWithoutResendingAnsweredLines() {
        JdbcTemplate jobs =
                new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("jobs"), "sa", ""));
        new ResourceDatabasePopulator(new ClassPathResource("legacy/schema-h2-1.0.sql")).execute(jobs.getDataSource());
        // Today's code writes columns the 1.0 jar did not have: they are there for its run, and gone after it, so
        // the database is what the 1.0 jar left (V3 adds them back from its FAILED rows' details).
        jobs.execute("ALTER TABLE BULK_CANCEL_OUTCOME ADD COLUMN RETRYABLE BOOLEAN DEFAULT FALSE NOT NULL");
        jobs.execute("ALTER TABLE BULK_CANCEL_OUTCOME ADD COLUMN FAILED_RUNS INT DEFAULT 0 NOT NULL");
        // Nor the tombstones' table (V5), which today's planner reads.
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V5__run_tombstones.sql"))
                .execute(jobs.getDataSource());
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V4__reservation_ledger.sql"))
                .execute(jobs.getDataSource());
        provider.goesDownAt(uuids.get(15));
        String[] args = {
            "--cancel.input=" + file,
            "--cancel.max-in-flight=1",
            "--cancel.chunk-size=10",
            "--cancel.outage-threshold=3",
            "--cancel.max-attempts=2",
            "--cancel.rate-per-second=1000"
        };
        // The 1.0 jar had no Flyway: its run leaves the database without a schema history.
        CancelCommand.Result old = command.run(concat(args, "--spring.flyway.enabled=false"));
        assertThat(old.exitCode()).as(old.err()).isEqualTo(1);
        assertThat(tables(jobs)).doesNotContain("FLYWAY_SCHEMA_HISTORY");
        jobs.execute("ALTER TABLE BULK_CANCEL_OUTCOME DROP COLUMN RETRYABLE");
        jobs.execute("ALTER TABLE BULK_CANCEL_OUTCOME DROP COLUMN FAILED_RUNS");
        jobs.execute("DROP TABLE BULK_CANCEL_LEDGER");
        jobs.execute("DROP TABLE BULK_CANCEL_PRUNED_RUN");
        List<String> answered = jobs.queryForList(
                "SELECT RESERVATION_UUID FROM BULK_CANCEL_OUTCOME " + "WHERE OUTCOME = 'CANCELLED'", String.class);
        assertThat(answered).as("lines answered before the provider went down").hasSizeBetween(10, 29);

        provider.comeBack();
        CancelCommand.Result upgraded = command.run(args);

        assertThat(upgraded.exitCode()).as(upgraded.err()).isZero();
        assertThat(tables(jobs)).as("tables after the upgrade").contains("FLYWAY_SCHEMA_HISTORY");
        assertThat(jobs.queryForList(
                        "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" "
                                + "AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"",
                        String.class))
                .containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(provider.uuidsCalledAfterTheir202()).isEmpty();
        for (String uuid : answered) {
            assertThat(provider.requestsFor(uuid))
                    .as("calls for %s, answered before the upgrade", uuid)
                    .isEqualTo(1);
        }
        assertThat(jobs.queryForObject(
                        "SELECT COUNT(*) FROM BULK_CANCEL_OUTCOME WHERE OUTCOME = 'CANCELLED'", Integer.class))
                .isEqualTo(30);
    }

    private static List<String> tables(JdbcTemplate jobs) {
        return jobs.queryForList(
                "SELECT UPPER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES " + "WHERE TABLE_SCHEMA = 'PUBLIC'",
                String.class);
    }

    private static String[] concat(String[] args, String more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(more);
        return all.toArray(String[]::new);
    }
}
