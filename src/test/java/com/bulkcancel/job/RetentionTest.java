package com.bulkcancel.job;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.serverError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * cancel.retention: finished runs that ended longer ago are deleted with a tombstone each, which still answers a
 * rerun and the history; unfinished and recent runs stay; repeated cycles keep the H2 file from growing. "Long
 * ago" is made by moving the runs' times back in the job database between commands.
 */
@ExtendWith(OutputCaptureExtension.class)
class RetentionTest {

    static final String A = "7e1f0c2a-4b3d-4e5f-8a7b-9c0d1e2f3b01";
    static final String B = "7e1f0c2a-4b3d-4e5f-8a7b-9c0d1e2f3b02";
    static final String C = "7e1f0c2a-4b3d-4e5f-8a7b-9c0d1e2f3b03";
    static final String U1 = "7e1f0c2a-4b3d-4e5f-8a7b-9c0d1e2f3b04";
    static final String U2 = "7e1f0c2a-4b3d-4e5f-8a7b-9c0d1e2f3b05";
    static final String U3 = "7e1f0c2a-4b3d-4e5f-8a7b-9c0d1e2f3b06";

    @TempDir
    Path dir;

    @Test
    void oldFinishedRunsAreDeletedKeepingTombstonesThatStillAnswerARerunAndTheHistory(CapturedOutput output)
            throws Exception {
        Path old = write("old.csv", A + ",x\nnot-a-uuid,y\n");
        Path failed = write("failed.csv", B + ",x\n");
        Path unfinished = write("unfinished.csv", U1 + ",x\n" + U2 + ",x\n" + U3 + ",x\n");
        Path recent = write("recent.csv", C + ",x\n");
        try (SimulatedFrontpayment provider = new SimulatedFrontpayment()) {
            provider.reservation(A)
                    .reservation(C)
                    .answers(B, serverError())
                    .answers(U1, serverError())
                    .answers(U2, serverError())
                    .answers(U3, serverError());
            CancelCommand command =
                    new CancelCommand(dir, provider).withArgs("--cancel.max-attempts=1", "--cancel.outage-threshold=2");
            assertThat(command.run("--cancel.input=" + old).exitCode()).isZero();
            assertThat(command.run("--cancel.input=" + failed).exitCode()).isEqualTo(3);
            assertThat(command.run("--cancel.input=" + unfinished).exitCode()).isEqualTo(1);
            long oldInstance = instanceOf(old);
            long failedInstance = instanceOf(failed);
            long unfinishedInstance = instanceOf(unfinished);
            long unfinishedRows =
                    count("SELECT COUNT(*) FROM BULK_CANCEL_OUTCOME WHERE JOB_INSTANCE_ID = ?", unfinishedInstance);
            assertThat(unfinishedRows).isPositive();
            backdateAllRuns(40);

            assertThat(command.run("--cancel.input=" + recent, "--cancel.retention=30d")
                            .exitCode())
                    .isZero();

            long recentInstance = instanceOf(recent);
            assertThat(count(
                            "SELECT COUNT(*) FROM BULK_CANCEL_OUTCOME WHERE JOB_INSTANCE_ID IN (?, ?)",
                            oldInstance,
                            failedInstance))
                    .isZero();
            assertThat(count(
                            "SELECT COUNT(*) FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID IN (?, ?)",
                            oldInstance,
                            failedInstance))
                    .isZero();
            assertThat(orphanedBatchRows()).isZero();
            assertThat(count("SELECT COUNT(*) FROM BULK_CANCEL_PRUNED_RUN")).isEqualTo(2);
            // The unfinished run (FAILED: a rerun resumes it) and the recent one are intact.
            assertThat(count("SELECT COUNT(*) FROM BULK_CANCEL_OUTCOME WHERE JOB_INSTANCE_ID = ?", unfinishedInstance))
                    .isEqualTo(unfinishedRows);
            assertThat(count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = ?", unfinishedInstance))
                    .isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM BULK_CANCEL_OUTCOME WHERE JOB_INSTANCE_ID = ?", recentInstance))
                    .isEqualTo(1);
            int sent = provider.requests().size();

            CancelCommand.Result againOld = command.run("--cancel.input=" + old, "--cancel.retention=30d");
            CancelCommand.Result againFailed = command.run("--cancel.input=" + failed, "--cancel.retention=30d");

            assertThat(againOld.exitCode()).isZero();
            assertThat(againOld.out())
                    .contains("ALREADY_COMPLETED")
                    .containsPattern("CANCELLED +1")
                    .containsPattern("INVALID_INPUT +1");
            // Its FAILED row is not retried: its lines are gone; exit 3 as the run had.
            assertThat(againFailed.exitCode()).isEqualTo(3);
            assertThat(againFailed.out()).contains("ALREADY_COMPLETED").containsPattern("FAILED +1");
            assertThat(output.getAll())
                    .contains("This file was already completed against " + provider.baseUrl() + " on ")
                    .contains("deleted from the job database by cancel.retention");
            assertThat(provider.requests()).hasSize(sent);
            assertThat(count("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID > ?", recentInstance))
                    .isZero();

            // --cancel.report leaves the results file the run wrote as it is: the record of a deleted run.
            String resultsBefore = Files.readString(dir.resolve("old.results.csv"));
            CancelCommand.Result report = new CancelCommand(dir, provider)
                    .withEnv("FRONTPAYMENT_TOKEN", null)
                    .run("--cancel.input=" + old, "--cancel.report");
            assertThat(report.exitCode()).as(report.err()).isZero();
            assertThat(report.out()).contains("ALREADY_COMPLETED");
            assertThat(Files.readString(dir.resolve("old.results.csv"))).isEqualTo(resultsBefore);
            assertThat(provider.requests()).hasSize(sent);

            String history = new CancelCommand(dir, null)
                    .withEnv("FRONTPAYMENT_TOKEN", null)
                    .run("--cancel.history")
                    .out();
            String oldRun = runOf(history, old);
            assertThat(oldRun)
                    .contains(
                            "COMPLETED (pruned)",
                            "counts    CANCELLED 1, INVALID_INPUT 1",
                            "results   " + dir.resolve("old.results.csv"),
                            "base URL  " + provider.baseUrl());
            assertThat(runOf(history, failed)).contains("COMPLETED (pruned)", "counts    FAILED 1");
            assertThat(runOf(history, unfinished)).contains("FAILED").doesNotContain("pruned");
            assertThat(runOf(history, recent)).contains("COMPLETED").doesNotContain("pruned");
            assertThat(history).contains("Recent runs (4)");

            // --cancel.new-run after a deleted run starts its next generation and keeps its results file.
            CancelCommand.Result newRun = command.run("--cancel.input=" + old, "--cancel.new-run=true");
            assertThat(newRun.exitCode()).isZero();
            assertThat(dir.resolve("old.results.gen1.csv")).exists();
            assertThat(provider.requests()).hasSize(sent + 1);
        }
    }

    @Test
    void withRetentionOffALargeOutcomeTableGivesOneWarningNamingTheOption(CapturedOutput output) throws Exception {
        Path file = write("one.csv", A + ",x\nnot-a-uuid,y\n");
        System.setProperty(Retention.WARN_ABOVE_PROPERTY, "1");
        try (SimulatedFrontpayment provider = new SimulatedFrontpayment()) {
            provider.reservation(A);
            CancelCommand command = new CancelCommand(dir, provider);
            assertThat(command.run("--cancel.input=" + file).exitCode()).isZero();
            int before = output.getAll().length();

            assertThat(command.run("--cancel.input=" + file).exitCode()).isZero();
            String second = output.getAll().substring(before);
            int mid = output.getAll().length();
            assertThat(command.run("--cancel.input=" + file, "--cancel.retention=30d")
                            .exitCode())
                    .isZero();
            String withRetention = output.getAll().substring(mid);

            assertThat(occurrences(second, "set cancel.retention")).isEqualTo(1);
            assertThat(second).contains("outcome table holds about 2 rows");
            assertThat(withRetention).doesNotContain("set cancel.retention");
        } finally {
            System.clearProperty(Retention.WARN_ABOVE_PROPERTY);
        }
    }

    @Test
    void overRepeatedCyclesWithRetentionTheH2FileStopsGrowing() throws Exception {
        int rows = 3000;
        List<Long> sizes = new ArrayList<>();
        try (SimulatedFrontpayment provider = new SimulatedFrontpayment()) {
            CancelCommand command = new CancelCommand(dir, provider);
            for (int cycle = 1; cycle <= 6; cycle++) {
                StringBuilder csv = new StringBuilder();
                String uuid = String.format("7e1f0c2a-4b3d-4e5f-8a7b-%012d", cycle);
                provider.reservation(uuid);
                csv.append(uuid).append(",x\n");
                for (int i = 1; i < rows; i++) {
                    csv.append("not-a-uuid-")
                            .append(cycle)
                            .append('-')
                            .append(i)
                            .append(",note ")
                            .append(i)
                            .append('\n');
                }
                Path file = write("cycle" + cycle + ".csv", csv.toString());

                assertThat(command.run("--cancel.input=" + file, "--cancel.retention=30d")
                                .exitCode())
                        .isZero();

                sizes.add(Files.size(dir.resolve("jobs.mv.db")));
                backdateAllRuns(40);
            }
        }
        System.out.println("H2 file size after each cycle (bytes): " + sizes);
        assertThat(count("SELECT COUNT(*) FROM BULK_CANCEL_PRUNED_RUN")).isEqualTo(5);
        assertThat(count("SELECT COUNT(*) FROM BULK_CANCEL_OUTCOME")).isEqualTo(rows);
        assertThat(sizes.get(5)).isLessThanOrEqualTo(sizes.get(2) + sizes.get(2) / 10);
    }

    @Test
    void aRetentionShorterThanADayOrWithoutUnitIsRefusedBeforeAnything() throws Exception {
        Path file = write("one.csv", A + ",x\n");
        CancelCommand command = new CancelCommand(dir, null).withArgs("--frontpayment.base-url=http://127.0.0.1:9");

        CancelCommand.Result hours = command.run("--cancel.input=" + file, "--cancel.retention=12h");
        CancelCommand.Result bare = command.run("--cancel.input=" + file, "--cancel.retention=30");

        assertThat(hours.exitCode()).isEqualTo(2);
        assertThat(hours.err()).contains("cancel.retention").contains("at least 1d");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("--cancel.retention=30 has no unit");
    }

    private Path write(String name, String rows) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "reservation_uuid,note\n" + rows);
        return file;
    }

    /** The runs of one input in the history's output. */
    private static String runOf(String history, Path input) throws Exception {
        int at = history.indexOf("input     " + input.toRealPath());
        assertThat(at).as("history lists " + input).isPositive();
        int start = history.lastIndexOf("run ", at);
        int end = history.indexOf("\nrun ", at);
        return history.substring(start, end < 0 ? history.length() : end);
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("jobs"), "sa", "");
    }

    private void backdateAllRuns(int days) throws SQLException {
        try (Connection c = database();
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE BATCH_JOB_EXECUTION SET START_TIME = DATEADD('DAY', -" + days + ", START_TIME),"
                    + " END_TIME = DATEADD('DAY', -" + days + ", END_TIME)");
        }
    }

    private long instanceOf(Path input) throws Exception {
        return count(
                "SELECT MAX(E.JOB_INSTANCE_ID) FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_EXECUTION_PARAMS P"
                        + " ON P.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID WHERE P.PARAMETER_NAME = 'input'"
                        + " AND P.PARAMETER_VALUE = ?",
                input.toRealPath().toString());
    }

    /** Spring Batch rows whose execution or instance is gone: deleteJobInstance must leave none. */
    private long orphanedBatchRows() throws SQLException {
        return count("SELECT (SELECT COUNT(*) FROM BATCH_JOB_EXECUTION E WHERE NOT EXISTS (SELECT 1 FROM"
                + " BATCH_JOB_INSTANCE I WHERE I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID))"
                + " + (SELECT COUNT(*) FROM BATCH_JOB_EXECUTION_PARAMS P WHERE NOT EXISTS (SELECT 1 FROM"
                + " BATCH_JOB_EXECUTION E WHERE E.JOB_EXECUTION_ID = P.JOB_EXECUTION_ID))"
                + " + (SELECT COUNT(*) FROM BATCH_JOB_EXECUTION_CONTEXT X WHERE NOT EXISTS (SELECT 1 FROM"
                + " BATCH_JOB_EXECUTION E WHERE E.JOB_EXECUTION_ID = X.JOB_EXECUTION_ID))"
                + " + (SELECT COUNT(*) FROM BATCH_STEP_EXECUTION S WHERE NOT EXISTS (SELECT 1 FROM"
                + " BATCH_JOB_EXECUTION E WHERE E.JOB_EXECUTION_ID = S.JOB_EXECUTION_ID))"
                + " + (SELECT COUNT(*) FROM BATCH_STEP_EXECUTION_CONTEXT X WHERE NOT EXISTS (SELECT 1 FROM"
                + " BATCH_STEP_EXECUTION S WHERE S.STEP_EXECUTION_ID = X.STEP_EXECUTION_ID))");
    }

    private long count(String sql, Object... args) throws SQLException {
        try (Connection c = database();
                var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
