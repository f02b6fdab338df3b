package com.bulkcancel.job;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.PATH;
import static com.bulkcancel.sandbox.SimulatedFrontpayment.document;
import static com.bulkcancel.sandbox.SimulatedFrontpayment.json;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/** The whole job against the simulated provider: one outcome per documented answer. */
class CancelJobTest extends SimulatedProviderTest {

    static final String A = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a01";
    static final String B = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a02";
    static final String C = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a03";
    static final String D = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a04";
    static final String E = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a05";
    static final String F = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a06";
    static final String G = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a07";

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
        assertThat(rows)
                .extracting(r -> r.get("outcome"))
                .containsExactly("CANCELLED", "NOT_FOUND", "REJECTED", "ALREADY_FINAL", "NOT_CANCELLABLE");
        assertThat(rows).extracting(r -> r.get("http_status")).containsExactly("202", "404", "417", "400", "400");
        assertThat(rows).extracting(r -> r.get("attempts")).containsOnly("1");
        assertThat(ResultsCsv.line(rows, 3).get("detail")).contains("Array");
    }

    @Test
    void theCallIsExactlyAsDocumented() throws Exception {
        provider.reservation(A);
        Path file = dir.resolve("reservations.csv");
        Files.writeString(
                file,
                "reservation_uuid,note\n" + A.toUpperCase()
                        + ",\"Avlyst, \"\"Julekonsert\"\" i Bjørvika\nse e-post: æøå ÆØÅ\"\n");

        assertThat(command.run("--cancel.input=" + file).exitCode()).isZero();

        provider.server()
                .verify(
                        1,
                        getRequestedFor(urlEqualTo(PATH + A))
                                .withHeader("Authorization", equalTo("Bearer " + SimulatedFrontpayment.TOKEN))
                                .withHeader("Content-Type", equalTo("application/json"))
                                .withHeader("Accept", equalTo("application/json"))
                                .withRequestBody(
                                        equalToJson(
                                                "{\"note\": \"Avlyst, \\\"Julekonsert\\\" i Bjørvika\\nse e-post: æøå ÆØÅ\"}")));
        assertThat(provider.requests()).hasSize(1);
        assertThat(provider.requests().get(0).getMethod().getName()).isEqualTo("GET");
    }

    @Test
    void invalidAndDuplicateLinesAreNeverSent() throws Exception {
        provider.reservation(A);
        Path file = input(
                A + ",first", "../" + B + ",traversal", B + ",", A.toUpperCase() + ",again", "{" + C + "},braces");

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).isZero();
        assertThat(provider.requests()).extracting(r -> r.getUrl()).containsExactly(PATH + A);
        List<Map<String, String>> rows = results();
        assertThat(rows)
                .extracting(r -> r.get("outcome"))
                .containsExactly("CANCELLED", "INVALID_INPUT", "INVALID_INPUT", "DUPLICATE", "INVALID_INPUT");
        assertThat(ResultsCsv.line(rows, 2).get("reservation_uuid")).isEqualTo("../" + B);
        assertThat(ResultsCsv.line(rows, 2).get("detail")).contains("not a canonical UUID");
        assertThat(ResultsCsv.line(rows, 3).get("detail")).contains("note is blank");
        assertThat(ResultsCsv.line(rows, 4).get("reservation_uuid")).isEqualTo(A);
        assertThat(ResultsCsv.line(rows, 4).get("detail")).contains("line 1");
        assertThat(rows).extracting(r -> r.get("attempts")).containsExactly("1", "0", "0", "0", "0");
    }

    @Test
    void blankRecordsKeepTheirLineNumberAndGetNoResultRow() throws Exception {
        provider.reservation(A).reservation(B);
        Path file = dir.resolve("reservations.csv");
        Files.writeString(file, "reservation_uuid,note\n\n" + A + ",x\n\n\n" + B + ",y\n");

        assertThat(command.run("--cancel.input=" + file).exitCode()).isZero();

        assertThat(results()).extracting(r -> r.get("line")).containsExactly("2", "5");
    }

    @Test
    void a404Or400WithoutTheDocumentedMessageIsFailedNotAnAnswer() throws Exception {
        provider.answers(A, json(404, "<html>Not Found</html>")).answers(B, json(400, "{\"message\":\"Bad Request\"}"));
        // The 404 second: on the run's first call it would show a wrong base URL (FirstCallTest).
        Path file = input(B + ",cancelled", A + ",cancelled");

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).isEqualTo(3);
        List<Map<String, String>> rows = results();
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("FAILED", "FAILED");
        assertThat(ResultsCsv.line(rows, 2).get("detail")).contains("HTTP 404").contains("Not Found");
        assertThat(ResultsCsv.line(rows, 2).get("attempts")).isEqualTo("1");
    }
}
