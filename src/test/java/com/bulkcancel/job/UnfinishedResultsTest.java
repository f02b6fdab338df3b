package com.bulkcancel.job;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;

/**
 * A run that ends before its end still writes its results: every line, with PENDING for those without a final
 * outcome, {@code results_complete: false}, and a retry file of the FAILED rows only. {@code --cancel.report}
 * writes them again from the job database, sending nothing and needing no token.
 */
class UnfinishedResultsTest extends SimulatedProviderTest {

    static final int ROWS = 30;

    static String uuid(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    Path input() throws IOException {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (int i = 1; i <= ROWS; i++) {
            provider.reservation(uuid(i));
            csv.append(uuid(i)).append(",cancelled\n");
        }
        Path file = dir.resolve("reservations.csv");
        Files.writeString(file, csv);
        return file;
    }

    List<Map<String, String>> results() {
        return ResultsCsv.read(dir.resolve("reservations.results.csv"));
    }

    JsonNode summary() {
        return JsonMapper.builder()
                .build()
                .readTree(dir.resolve("reservations.results.summary.json").toFile());
    }

    /** Stops at line 16 (the provider goes down), after line 3 ended FAILED (an undocumented answer). */
    CancelCommand.Result outageStop(Path file) {
        provider.answers(uuid(3), json(200, "{}"));
        provider.goesDownAt(uuid(16));
        return command.run(
                "--cancel.input=" + file,
                "--cancel.max-in-flight=1",
                "--cancel.chunk-size=10",
                "--cancel.outage-threshold=3",
                "--cancel.max-attempts=2");
    }

    void assertUnfinishedResults() throws IOException {
        List<Map<String, String>> rows = results();
        assertThat(rows).hasSize(ROWS);
        for (int line = 1; line <= 15; line++) {
            assertThat(ResultsCsv.line(rows, line).get("outcome"))
                    .as("line " + line)
                    .isEqualTo(line == 3 ? "FAILED" : "CANCELLED");
        }
        for (int line = 21; line <= ROWS; line++) {
            Map<String, String> row = ResultsCsv.line(rows, line);
            assertThat(row.get("outcome")).as("line " + line).isEqualTo("PENDING");
            assertThat(row.get("detail")).isEqualTo("not sent yet");
            assertThat(row.get("reservation_uuid")).isEqualTo(uuid(line));
        }
        JsonNode summary = summary();
        assertThat(summary.get("results_complete").asBoolean()).isFalse();
        assertThat(summary.get("counts").get("PENDING").asLong())
                .isEqualTo(rows.stream()
                        .filter(r -> r.get("outcome").equals("PENDING"))
                        .count());
        long failed =
                rows.stream().filter(r -> r.get("outcome").equals("FAILED")).count();
        List<String> retry = Files.readAllLines(dir.resolve("reservations.results.retry.csv"));
        assertThat(retry).hasSize(1 + (int) failed).contains(uuid(3) + ",cancelled");
        for (String line : retry.subList(1, retry.size())) {
            String uuid = line.substring(0, line.indexOf(','));
            assertThat(rows)
                    .filteredOn(r -> r.get("reservation_uuid").equals(uuid))
                    .extracting(r -> r.get("outcome"))
                    .containsExactly("FAILED");
        }
    }

    @Test
    void anOutageStopWritesEveryLineWithPendingForTheUnsentAndRetriesOnlyTheFailed() throws Exception {
        CancelCommand.Result result = outageStop(input());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertUnfinishedResults();
        assertThat(result.out()).doesNotContain("not complete yet: rerun the same command)");
    }

    @Test
    void aRefusedTokenStopWritesTheResults() throws Exception {
        Path file = input();
        provider.answers(uuid(1), json(401, "{\"message\":\"Unauthenticated.\"}"));

        CancelCommand.Result result = command.run("--cancel.input=" + file, "--cancel.max-in-flight=1");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
        List<Map<String, String>> rows = results();
        assertThat(rows).hasSize(ROWS);
        assertThat(rows).extracting(r -> r.get("outcome")).doesNotContain("CANCELLED");
        assertThat(ResultsCsv.line(rows, ROWS).get("outcome")).isEqualTo("PENDING");
        assertThat(summary().get("results_complete").asBoolean()).isFalse();
    }

    @Test
    void theReportCommandRewritesAStoppedRunsResultsSendingNothingWithoutAToken() throws Exception {
        Path file = input();
        assertThat(outageStop(file).exitCode()).isEqualTo(1);
        Files.delete(dir.resolve("reservations.results.csv"));
        Files.delete(dir.resolve("reservations.results.summary.json"));
        int sent = provider.requests().size();

        CancelCommand.Result report =
                command.withEnv("FRONTPAYMENT_TOKEN", null).run("--cancel.input=" + file, "--cancel.report");

        assertThat(report.exitCode()).as(report.err()).isEqualTo(1);
        assertThat(provider.requests()).hasSize(sent);
        assertUnfinishedResults();
        assertThat(summary().get("sent_this_run").asLong()).isZero();
    }

    @Test
    void theReportCommandOfACompletedRunGivesItsExitCode() throws Exception {
        Path file = input();
        provider.answers(uuid(3), json(200, "{}"));
        assertThat(command.run("--cancel.input=" + file).exitCode()).isEqualTo(3);
        int sent = provider.requests().size();

        CancelCommand.Result report =
                command.withEnv("FRONTPAYMENT_TOKEN", null).run("--cancel.input=" + file, "--cancel.report");

        assertThat(report.exitCode()).as(report.err()).isEqualTo(3);
        assertThat(provider.requests()).hasSize(sent);
        assertThat(results()).hasSize(ROWS).extracting(r -> r.get("outcome")).doesNotContain("PENDING");
        assertThat(summary().get("results_complete").asBoolean()).isTrue();
    }

    @Test
    void theReportCommandWithoutARunIsRefusedInOneLine() throws Exception {
        CancelCommand.Result report =
                command.withEnv("FRONTPAYMENT_TOKEN", null).run("--cancel.input=" + input(), "--cancel.report");

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.err().lines().toList()).hasSize(1).first().asString().contains("no run");
        assertThat(provider.requests()).isEmpty();
        assertThat(dir.resolve("reservations.results.csv")).doesNotExist();
    }

    @Test
    void theReportCommandWritesNothingForAReplacedInput() throws Exception {
        Path file = input();
        assertThat(outageStop(file).exitCode()).isEqualTo(1);
        byte[] results = Files.readAllBytes(dir.resolve("reservations.results.csv"));
        Files.writeString(file, Files.readString(file).replace(uuid(25), uuid(99)));

        CancelCommand.Result report = command.run("--cancel.input=" + file, "--cancel.report");

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.err().lines().toList()).hasSize(1).first().asString().contains("no run");
        assertThat(dir.resolve("reservations.results.csv")).hasBinaryContent(results);
    }

    @Test
    void aLineInARangeAKilledRunLeftDispatchedIsPendingAndSaysSo() throws Exception {
        Path file = input();
        assertThat(outageStop(file).exitCode()).isEqualTo(1);
        // What a run killed while sending lines 21..30 leaves: the range dispatched, no outcome for its lines.
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("jobs"), "sa", "")) {
            long instance;
            try (var rs = db.createStatement().executeQuery("SELECT MAX(JOB_INSTANCE_ID) FROM BULK_CANCEL_OUTCOME")) {
                rs.next();
                instance = rs.getLong(1);
            }
            db.createStatement()
                    .executeUpdate("INSERT INTO BULK_CANCEL_DISPATCH (JOB_INSTANCE_ID, FIRST_LINE,"
                            + " LAST_LINE) VALUES (" + instance + ", 21, 30)");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }

        CancelCommand.Result report = command.run("--cancel.input=" + file, "--cancel.report");

        assertThat(report.exitCode()).as(report.err()).isEqualTo(1);
        for (int line = 21; line <= ROWS; line++) {
            Map<String, String> row = ResultsCsv.line(results(), line);
            assertThat(row.get("outcome")).isEqualTo("PENDING");
            assertThat(row.get("detail")).isEqualTo("sent by a killed run without a recorded answer");
        }
        assertThat(results().subList(0, 20))
                .filteredOn(r -> r.get("outcome").equals("PENDING"))
                .allMatch(r -> r.get("detail").equals("not sent yet"));
    }
}
