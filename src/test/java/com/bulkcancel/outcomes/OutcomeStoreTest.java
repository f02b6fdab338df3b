package com.bulkcancel.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** The outcome table and the dispatch records on a real H2 file database with the product's schema. */
class OutcomeStoreTest {

    @TempDir
    Path dir;

    OutcomeStore store;

    @BeforeEach
    void createDatabase() {
        DriverManagerDataSource dataSource =
                new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("jobs"), "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("db/schema-h2.sql")).execute(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        store = new OutcomeStore(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource));
    }

    @Test
    void aChunkReplayedAfterAKillReopensTheSameRange() {
        store.openChunk(1, List.of(), 26, 50); // the killed run
        assertThat(store.wasDispatched(1, 26, 50)).isTrue();

        store.openChunk(1, List.of(), 26, 50); // the rerun replays the same chunk
        store.closeChunk(1, 50);

        assertThat(store.wasDispatched(1, 26, 50)).isFalse();
    }

    @Test
    void aKilledRunsLargerChunkStaysUntilItsLastLineIsDone() {
        store.openChunk(1, List.of(), 26, 50); // killed with chunks of 25
        store.openChunk(1, List.of(), 26, 35); // the rerun uses chunks of 10
        store.closeChunk(1, 35);

        assertThat(store.wasDispatched(1, 36, 45))
                .as("lines 36..45 may still have been sent")
                .isTrue();
        store.openChunk(1, List.of(), 36, 45);
        store.closeChunk(1, 45);
        store.openChunk(1, List.of(), 46, 55);
        store.closeChunk(1, 55);

        assertThat(store.wasDispatched(1, 1, 1000)).isFalse();
    }

    @Test
    void rangesOfOtherRunsAreTheirOwn() {
        store.openChunk(1, List.of(), 1, 10);

        assertThat(store.wasDispatched(2, 1, 10)).isFalse();
        store.closeChunk(2, 10);
        assertThat(store.wasDispatched(1, 1, 10)).isTrue();
    }

    @Test
    void outcomesAreInsertedThenUpdatedAndCounted() {
        Instant at = Instant.parse("2026-11-25T22:00:00Z");
        store.openChunk(1, List.of(RowOutcome.decidedFromInput(2, null, Outcome.INVALID_INPUT, "bad", at)), 1, 3);
        store.record(1, List.of(new RowOutcome(1, "a", Outcome.FAILED, 510, null, 5, true, at, "gave up")), List.of());
        store.record(1, List.of(), List.of(new RowOutcome(1, "a", Outcome.CANCELLED, 202, "ok", 6, true, at, null)));

        assertThat(store.findLines(1, 1, 3).get(1L).outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(store.findLines(1, 1, 3).get(1L).attempts()).isEqualTo(6);
        assertThat(store.findLines(1, 1, 3).get(1L).finishedAt()).isEqualTo(at);
        assertThat(store.counts(1)).containsEntry(Outcome.CANCELLED, 1L).containsEntry(Outcome.INVALID_INPUT, 1L);
        assertThat(store.pageAfter(1, 0, 10)).extracting(RowOutcome::line).containsExactly(1L, 2L);
    }
}
