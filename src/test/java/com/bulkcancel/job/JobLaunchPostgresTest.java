package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.PostgresJobDatabase;
import com.bulkcancel.SimulatedProviderTest;

/**
 * Starting a run on a PostgreSQL job database shared by other inputs' runs: Spring Batch's SERIALIZABLE default
 * for creating job executions fails one of two launches at the same moment (spring-batch issue 1497). The job
 * creates them under READ_COMMITTED, and a launch that still meets a serialization failure is tried again.
 */
class JobLaunchPostgresTest extends SimulatedProviderTest {

    static final String UUID = "3b8a2f10-7425-40de-944b-e07fc1f90001";

    PostgresJobDatabase database;
    Path file;

    @BeforeEach
    void prepare() throws Exception {
        database = PostgresJobDatabase.create();
        JobDatabaseProbeDriver.reset();
        provider.reservation(UUID);
        file = dir.resolve("reservations.csv");
        Files.writeString(file, "reservation_uuid,note\n" + UUID + ",event cancelled\n");
    }

    @AfterEach
    void dropSchema() {
        database.close();
    }

    @Test
    void jobExecutionsAreCreatedUnderReadCommitted() {
        CancelCommand.Result result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(JobDatabaseProbeDriver.ISOLATION_AT_CREATE)
                .as("isolation when creating the job execution")
                .containsOnly(Connection.TRANSACTION_READ_COMMITTED)
                .isNotEmpty();
    }

    @Test
    void aSerializationFailureWhileCreatingTheRunIsTriedAgainAndSendsEachLineOnce() {
        JobDatabaseProbeDriver.FAIL_NEXT_CREATE.set(true);

        CancelCommand.Result result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(JobDatabaseProbeDriver.FAIL_NEXT_CREATE)
                .as("the failure was injected")
                .isFalse();
        assertThat(provider.requestsFor(UUID)).isEqualTo(1);
    }

    private CancelCommand.Result run() {
        return command.run(
                "--cancel.input=" + file,
                "--spring.datasource.url=" + JobDatabaseProbeDriver.PREFIX
                        + database.url().substring("jdbc:".length()),
                "--spring.datasource.driver-class-name=" + JobDatabaseProbeDriver.class.getName(),
                "--spring.datasource.username=" + PostgresJobDatabase.USER,
                "--spring.batch.jdbc.platform=postgresql");
    }
}
