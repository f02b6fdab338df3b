package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.PostgresJobDatabase;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;

/** On a PostgreSQL job database, {@code --cancel.report} shows who was cancelled while the run goes on. */
class ResultsReportPostgresTest extends SimulatedProviderTest {

    static final int ROWS = 40;

    PostgresJobDatabase database;
    Path file;

    @BeforeEach
    void prepare() throws Exception {
        database = PostgresJobDatabase.create();
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (int i = 1; i <= ROWS; i++) {
            String uuid = String.format("00000000-0000-4000-8000-%012d", i);
            provider.cancelsSlowly(uuid, 300);
            csv.append(uuid).append(",cancelled\n");
        }
        file = dir.resolve("reservations.csv");
        Files.writeString(file, csv);
    }

    @AfterEach
    void dropSchema() {
        database.close();
    }

    @Test
    void theReportCommandWritesTheResultsSoFarWhileTheRunGoesOn() throws Exception {
        CompletableFuture<CancelCommand.Result> run = CompletableFuture.supplyAsync(
                () -> command.run(args("--cancel.input=" + file, "--cancel.max-in-flight=1", "--cancel.chunk-size=5")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (provider.requests().size() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        CancelCommand.Result report = new CancelCommand(dir, provider)
                .withEnv("FRONTPAYMENT_TOKEN", null)
                .run(args("--cancel.input=" + file, "--cancel.report"));

        assertThat(report.exitCode()).as(report.err()).isEqualTo(1);
        assertThat(run).as("the run was still going").isNotDone();
        List<Map<String, String>> soFar = ResultsCsv.read(dir.resolve("reservations.results.csv"));
        assertThat(soFar).hasSize(ROWS);
        assertThat(soFar)
                .extracting(r -> r.get("outcome"))
                .contains("CANCELLED", "PENDING")
                .containsOnly("CANCELLED", "PENDING");

        CancelCommand.Result finished = run.get(120, TimeUnit.SECONDS);
        assertThat(finished.exitCode()).as(finished.err()).isZero();
        assertThat(ResultsCsv.read(dir.resolve("reservations.results.csv")))
                .extracting(r -> r.get("outcome"))
                .containsOnly("CANCELLED");
        assertThat(provider.requests()).hasSize(ROWS);
    }

    private String[] args(String... more) {
        String[] db = database.args();
        String[] all = new String[db.length + more.length + 1];
        System.arraycopy(db, 0, all, 0, db.length);
        all[db.length] = "--spring.batch.jdbc.platform=postgresql";
        System.arraycopy(more, 0, all, db.length + 1, more.length);
        return all;
    }
}
