package com.bulkcancel.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import com.bulkcancel.PostgresJobDatabase;

/**
 * On a real PostgreSQL server, a statement of the outcome table that would wait for ever (here behind another
 * session's lock; a DBA's maintenance does the same) fails after {@code cancel.database-timeout}, and the
 * recorder's future with it: the run stops instead of hanging.
 */
class OutcomeStorePostgresTest {

    PostgresJobDatabase schema;
    DriverManagerDataSource dataSource;

    @BeforeEach
    void createSchema() {
        schema = PostgresJobDatabase.create();
        dataSource = new DriverManagerDataSource(schema.url(), "postgres", "");
        new ResourceDatabasePopulator(new ClassPathResource("db/schema-postgresql.sql")).execute(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void aCommitBehindALockThatIsNeverReleasedFailsAfterTheDatabaseTimeout() throws Exception {
        OutcomeStore store = new OutcomeStore(
                new JdbcTemplate(dataSource),
                new DataSourceTransactionManager(dataSource),
                new RecordSettings(Duration.ofSeconds(1)));
        try (Connection locker = schema.connect();
                Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE BULK_CANCEL_OUTCOME IN ACCESS EXCLUSIVE MODE");

            CompletableFuture<Void> commit =
                    CompletableFuture.runAsync(() -> store.record(1, List.of(outcome(1)), List.of()));
            try (OutcomeRecorder recorder = new OutcomeRecorder(store, 1)) {
                CompletableFuture<Void> recorded = recorder.record(outcome(2), false);

                assertThat(commit)
                        .failsWithin(30, TimeUnit.SECONDS)
                        .withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(DataAccessException.class);
                assertThat(recorded).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class);
            }
            locker.rollback();
        }
        store.record(1, List.of(outcome(3)), List.of());
        assertThat(store.findLines(1, 1, 3)).as("once the lock is gone").containsOnlyKeys(3L);
    }

    private static RowOutcome outcome(long line) {
        return new RowOutcome(
                line,
                "0b6a8d6e-8c1f-4a52-9a6f-3f1d2c7e5b10",
                Outcome.CANCELLED,
                202,
                null,
                1,
                false,
                Instant.EPOCH,
                null);
    }
}
