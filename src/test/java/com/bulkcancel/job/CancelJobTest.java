package com.bulkcancel.job;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.document;
import static com.bulkcancel.sandbox.SimulatedFrontpayment.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/** The whole job against the simulated provider: one outcome per documented answer. */
class CancelJobTest {

    static final String A = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a01";
    static final String B = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a02";
    static final String C = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a03";
    static final String D = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a04";
    static final String E = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a05";
    static final String F = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a06";
    static final String G = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a07";

    @TempDir
    Path dir;
    SimulatedFrontpayment provider;
    CancelCommand command;

    @BeforeEach
    void start() {
        provider = new SimulatedFrontpayment();
        command = new CancelCommand(dir, provider);
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    Path input(String... rows) throws Exception {
        Path file = dir.resolve("reservations.csv");
        Files.writeString(file, "reservation_uuid,note\n" + String.join("\n", rows) + "\n");
        return file;
    }

    List<Map<String, String>> results() {
        return ResultsCsv.read(dir.resolve("reservations.results.csv"));
    }

    @Test
    void eachDocumentedAnswerGivesItsOutcome() throws Exception {
        provider.reservation(A)
                .answers(C, document(417, "rejected.json"))
                .answers(D, document(400, "already-completed.json"))
                .answers(E, document(400, "not-cancellable.json"));
        Path file = input(A + ",cancelled", B + ",cancelled", C + ",cancelled", D + ",cancelled", E + ",cancelled");

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).isZero();
        List<Map<String, String>> rows = results();
        assertThat(rows).extracting(r -> r.get("outcome"))
                .containsExactly("CANCELLED", "NOT_FOUND", "REJECTED", "ALREADY_FINAL", "NOT_CANCELLABLE");
        assertThat(rows).extracting(r -> r.get("http_status")).containsExactly("202", "404", "417", "400", "400");
        assertThat(rows).extracting(r -> r.get("attempts")).containsOnly("1");
        assertThat(ResultsCsv.line(rows, 3).get("detail")).contains("Array");
    }

    @Test
    void a404Or400WithoutTheDocumentedMessageIsFailedNotAnAnswer() throws Exception {
        provider.answers(A, json(404, "<html>Not Found</html>"))
                .answers(B, json(400, "{\"message\":\"Bad Request\"}"));
        Path file = input(A + ",cancelled", B + ",cancelled");

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).isEqualTo(3);
        List<Map<String, String>> rows = results();
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("FAILED", "FAILED");
        assertThat(ResultsCsv.line(rows, 1).get("detail")).contains("HTTP 404").contains("Not Found");
        assertThat(ResultsCsv.line(rows, 1).get("attempts")).isEqualTo("1");
    }
}
