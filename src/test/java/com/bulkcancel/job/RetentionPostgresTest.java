package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.PostgresJobDatabase;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * cancel.retention on a PostgreSQL job database: the same deletion and tombstones as on H2; a run whose input a
 * live run holds (its advisory lock) is kept until a later start; the size warning reads the planner's estimate.
 */
@ExtendWith(OutputCaptureExtension.class)
class RetentionPostgresTest {

    static final String A = "8e1f0c2a-4b3d-4e5f-8a7b-9c0d1e2f3b01";
    static final String B = "8e1f0c2a-4b3d-4e5f-8a7b-9c0d1e2f3b02";
    static final String C = "8e1f0c2a-4b3d-4e5f-8a7b-9c0d1e2f3b03";

    @TempDir
    Path dir;

    PostgresJobDatabase database;
    SimulatedFrontpayment provider;
    CancelCommand command;

    @BeforeEach
    void start() {
        database = PostgresJobDatabase.create();
        provider = new SimulatedFrontpayment();
        provider.reservation(A).reservation(B).reservation(C);
        command = new CancelCommand(dir, provider);
    }

    @AfterEach
    void stop() {
        provider.close();
        database.close();
    }

    @Test
    void oldRunsAreDeletedWithTombstonesExceptOneWhoseInputALiveRunHolds(CapturedOutput output) throws Exception {
        Path old = write("old.csv", A);
        Path held = write("held.csv", B);
        Path recent = write("recent.csv", C);
        assertThat(run(command, "--cancel.input=" + old).exitCode()).isZero();
        assertThat(run(command, "--cancel.input=" + held).exitCode()).isZero();
        database.jdbc()
                .update("UPDATE BATCH_JOB_EXECUTION SET START_TIME = START_TIME - INTERVAL '40 days',"
                        + " END_TIME = END_TIME - INTERVAL '40 days'");

        try (Connection liveRun = database.connect();
                PreparedStatement lock = liveRun.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, RunLock.advisoryKey(held.toRealPath().toString()));
            lock.execute();
            assertThat(run(command, "--cancel.input=" + recent, "--cancel.retention=30d")
                            .exitCode())
                    .isZero();
        }

        assertThat(database.jdbc().queryForList("SELECT INPUT FROM BULK_CANCEL_PRUNED_RUN", String.class))
                .containsExactly(old.toRealPath().toString());
        assertThat(database.jdbc().queryForObject("SELECT COUNT(*) FROM BULK_CANCEL_OUTCOME", Long.class))
                .isEqualTo(2); // held's and recent's
        assertThat(database.jdbc().queryForObject("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE", Long.class))
                .isEqualTo(2);
        assertThat(output.getAll()).contains("kept for now: a live run holds its input");
        int sent = provider.requests().size();

        CancelCommand.Result again = run(command, "--cancel.input=" + old, "--cancel.retention=30d");

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("ALREADY_COMPLETED").containsPattern("CANCELLED +1");
        assertThat(provider.requests()).hasSize(sent);
        // Now free, the held input's old run goes too.
        assertThat(database.jdbc().queryForObject("SELECT COUNT(*) FROM BULK_CANCEL_PRUNED_RUN", Long.class))
                .isEqualTo(2);
        assertThat(run(new CancelCommand(dir, null).withEnv("FRONTPAYMENT_TOKEN", null), "--cancel.history")
                        .out())
                .contains("COMPLETED (pruned)");
    }

    @Test
    void withRetentionOffTheWarningReadsTheTablesEstimate(CapturedOutput output) throws Exception {
        Path file = write("one.csv", A);
        System.setProperty(Retention.WARN_ABOVE_PROPERTY, "0");
        try {
            assertThat(run(command, "--cancel.input=" + file).exitCode()).isZero();
            database.jdbc().execute("ANALYZE BULK_CANCEL_OUTCOME");
            int before = output.getAll().length();

            assertThat(run(command, "--cancel.input=" + file).exitCode()).isZero();

            assertThat(output.getAll().substring(before))
                    .contains("outcome table holds about 1 rows", "set cancel.retention");
        } finally {
            System.clearProperty(Retention.WARN_ABOVE_PROPERTY);
        }
    }

    private CancelCommand.Result run(CancelCommand on, String... more) {
        String[] db = database.args();
        String[] all = new String[db.length + more.length + 1];
        System.arraycopy(db, 0, all, 0, db.length);
        all[db.length] = "--spring.batch.jdbc.platform=postgresql";
        System.arraycopy(more, 0, all, db.length + 1, more.length);
        return on.run(all);
    }

    private Path write(String name, String... uuids) throws Exception {
        Path file = dir.resolve(name);
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        Stream.of(uuids).forEach(u -> csv.append(u).append(",x\n"));
        Files.writeString(file, csv);
        return file;
    }
}
