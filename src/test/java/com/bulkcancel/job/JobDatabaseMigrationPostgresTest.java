package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.PostgresJobDatabase;
import com.bulkcancel.SimulatedProviderTest;

/** The same Flyway migrations build the project's tables on a fresh PostgreSQL job database, and a run uses them. */
class JobDatabaseMigrationPostgresTest extends SimulatedProviderTest {

    PostgresJobDatabase database;

    @BeforeEach
    void createSchema() {
        database = PostgresJobDatabase.create();
    }

    @AfterEach
    void dropSchema() {
        database.close();
    }

    @Test
    void aFreshPostgresJobDatabaseGetsEveryMigrationAndARunRecordsItsOutcomes() throws Exception {
        String uuid = "0d7e3c55-7425-40de-944b-e07fc1f90001";
        provider.reservation(uuid);
        Path file = dir.resolve("reservations.csv");
        Files.writeString(file, "reservation_uuid,note\n" + uuid + ",event cancelled\n");

        CancelCommand.Result result = command.run(concat(database.args(), "--cancel.input=" + file));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(database.jdbc()
                        .queryForList(
                                "SELECT version FROM flyway_schema_history WHERE success "
                                        + "AND version IS NOT NULL ORDER BY installed_rank",
                                String.class))
                .as("migrations applied")
                .contains("1", "2");
        assertThat(database.jdbc()
                        .queryForObject(
                                "SELECT COUNT(*) FROM BULK_CANCEL_OUTCOME WHERE OUTCOME = " + "'CANCELLED'",
                                Integer.class))
                .isEqualTo(1);
        assertThat(database.jdbc().queryForObject("SELECT COUNT(*) FROM BULK_CANCEL_DISPATCH", Integer.class))
                .isZero();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
