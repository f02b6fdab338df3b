package com.bulkcancel.input;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/** Bad rows among good ones, through the whole job: each bad line answered on its own, the rest carries on. */
class HostileRowsJobTest extends SimulatedProviderTest {

    static final String A = "3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c01";
    static final String B = "3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c02";
    static final String C = "3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c03";
    static final String D = "3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c04";
    static final String E = "3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c05";
    static final String CANONICAL_PATH =
            "/api/v1/connect/reservations/cancel/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}" + "-[0-9a-f]{4}-[0-9a-f]{12}";

    @BeforeEach
    void prepare() {
        provider.reservation(A).reservation(B).reservation(C).reservation(D).reservation(E);
    }

    Path input(String content) throws Exception {
        return Files.writeString(dir.resolve("reservations.csv"), content);
    }

    List<Map<String, String>> results() {
        return ResultsCsv.read(dir.resolve("reservations.results.csv"));
    }

    void assertSent(String uuid, String note) {
        provider.server()
                .verify(
                        1,
                        getRequestedFor(urlEqualTo(SimulatedFrontpayment.PATH + uuid))
                                .withRequestBody(equalToJson("{\"note\": \"" + note + "\"}")));
    }

    @Test
    void malformedRowsAreInvalidWithTheReasonAndTheRestContinuesOnTheirLines() throws Exception {
        Path file = input("reservation_uuid,note\n"
                + A + ",fine\n"
                + B + ",\"never closed\n"
                + C + ",fine\n"
                + D + "\n"
                + "\n"
                + E + ",fine\n");

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).isZero();
        List<Map<String, String>> rows = results();
        assertThat(rows).extracting(r -> r.get("line")).containsExactly("1", "2", "3", "4", "6");
        assertThat(rows)
                .extracting(r -> r.get("outcome"))
                .containsExactly("CANCELLED", "INVALID_INPUT", "CANCELLED", "INVALID_INPUT", "CANCELLED");
        assertThat(ResultsCsv.line(rows, 2).get("detail")).startsWith("unbalanced quote");
        assertThat(ResultsCsv.line(rows, 4).get("detail")).contains("has 1 field, header has 2");
        assertThat(ResultsCsv.line(rows, 6).get("reservation_uuid")).isEqualTo(E);
        assertThat(provider.requestsFor(B) + provider.requestsFor(D)).isZero();
    }

    @Test
    void anUnbalancedQuoteNearTheTopOfABigFileDoesNotSwallowTheRest() throws Exception {
        // The UUID is the second column, so only cancel.csv.max-record-lines (50) can end the runaway quote.
        // Most notes are blank (INVALID_INPUT, not sent) to keep the test fast; every 100th line is sent.
        StringBuilder file = new StringBuilder("note,reservation_uuid\n");
        int rows = 5000;
        for (int line = 1; line <= rows; line++) {
            file.append(line == 3 ? "\"oops" : note(line))
                    .append(',')
                    .append(uuid(line))
                    .append('\n');
        }

        // All 50 sent rows are unknown to the simulator: the wrong-environment brake must not stop this test.
        CancelCommand.Result result = command.run(
                "--cancel.input=" + input(file.toString()),
                "--cancel.rate-per-second=1000",
                "--cancel.sanity-window=0");

        assertThat(result.exitCode()).isZero();
        List<Map<String, String>> results = results();
        assertThat(results).hasSize(rows);
        assertThat(ResultsCsv.line(results, 3).get("detail"))
                .contains("unbalanced quote")
                .contains("50");
        for (int line = 1; line <= rows; line++) {
            Map<String, String> row = results.get(line - 1);
            assertThat(row.get("line")).isEqualTo(String.valueOf(line));
            if (line != 3) {
                assertThat(row.get("reservation_uuid")).isEqualTo(uuid(line));
                assertThat(row.get("note")).isEqualTo(note(line));
                // Sent ones are unknown to the simulator.
                assertThat(row.get("outcome")).isEqualTo(note(line).isEmpty() ? "INVALID_INPUT" : "NOT_FOUND");
            }
        }
        assertThat(provider.requests()).hasSize(rows / 100);
    }

    private static String note(int line) {
        return line % 100 == 0 ? "note " + line : "";
    }

    @Test
    void aLineTooLongToReadIsInvalidAndTheRestContinues() throws Exception {
        Path file = input("reservation_uuid,note\n" + A + ",fine\n" + "x".repeat(3 << 20) + "\n" + B + ",fine\n");

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).isZero();
        List<Map<String, String>> rows = results();
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("CANCELLED", "INVALID_INPUT", "CANCELLED");
        assertThat(ResultsCsv.line(rows, 2).get("detail")).startsWith("line is longer than 1024 KiB");
        assertThat(ResultsCsv.line(rows, 3).get("reservation_uuid")).isEqualTo(B);
    }

    @Test
    void notesAreTrimmedAndBlankNotesTakeTheDefaultNote() throws Exception {
        Path file = input("reservation_uuid,note\n" + A + ",\"  padded \t\"\n" + B + ",   \n" + C + ",own\n");

        CancelCommand.Result result = command.run("--cancel.input=" + file, "--cancel.default-note=Event cancelled");

        assertThat(result.exitCode()).isZero();
        assertSent(A, "padded");
        assertSent(B, "Event cancelled");
        assertSent(C, "own");
        assertThat(results()).extracting(r -> r.get("note")).containsExactly("padded", "Event cancelled", "own");
    }

    @Test
    void aBlankNoteWithoutDefaultIsInvalid() throws Exception {
        Path file = input("reservation_uuid,note\n" + A + ",  \n" + B + ",ok\n");

        command.run("--cancel.input=" + file);

        assertThat(results()).extracting(r -> r.get("outcome")).containsExactly("INVALID_INPUT", "CANCELLED");
        assertThat(ResultsCsv.line(results(), 1).get("detail")).isEqualTo("note is blank");
        assertThat(provider.requestsFor(A)).isZero();
    }

    @Test
    void aNoteLongerThanMaxNoteLengthIsInvalid() throws Exception {
        // Counted in characters: "æøå😀" is 4, whatever its UTF-8 or UTF-16 length.
        Path file = input("reservation_uuid,note\n" + A + ",æøå😀123456\n" + B + ",æøå😀1234567\n");

        CancelCommand.Result result = command.run("--cancel.input=" + file, "--cancel.max-note-length=10");

        assertThat(result.exitCode()).isZero();
        assertThat(results()).extracting(r -> r.get("outcome")).containsExactly("CANCELLED", "INVALID_INPUT");
        assertThat(ResultsCsv.line(results(), 2).get("detail"))
                .contains("11 characters")
                .contains("cancel.max-note-length=10");
        assertSent(A, "æøå😀123456");
        assertThat(provider.requestsFor(B)).isZero();
    }

    @Test
    void onlyCanonicalLowerCaseUuidsEverReachTheUrlPath() throws Exception {
        String[] hostile = {
            "../../etc/passwd",
            "%2e%2e%2f" + A.substring(9),
            "{" + A + "}",
            A.replace("-4a0b-", "-4a 0b-"),
            A.substring(1),
            A + "0",
            A.replace("-", ""),
            A + "/../" + B,
            A.replace('a', 'g'),
            A + "?x=1",
            A + "#"
        };
        StringBuilder file = new StringBuilder("reservation_uuid,note\n");
        for (String uuid : hostile) {
            file.append('"').append(uuid).append("\",x\n");
        }
        file.append("  ").append(C.toUpperCase()).append("  ,x\n");

        CancelCommand.Result result = command.run("--cancel.input=" + input(file.toString()));

        assertThat(result.exitCode()).isZero();
        List<Map<String, String>> rows = results();
        assertThat(rows).hasSize(hostile.length + 1);
        assertThat(rows.subList(0, hostile.length)).allSatisfy(r -> {
            assertThat(r.get("outcome")).isEqualTo("INVALID_INPUT");
            assertThat(r.get("detail")).contains("not a canonical UUID");
        });
        assertThat(ResultsCsv.line(rows, 1).get("detail"))
                .isEqualTo("reservation_uuid '../../etc/passwd' is not a canonical UUID");
        assertThat(rows.get(hostile.length))
                .containsEntry("outcome", "CANCELLED")
                .containsEntry("reservation_uuid", C);
        assertThat(provider.requests())
                .extracting(LoggedRequest::getUrl)
                .containsExactly(SimulatedFrontpayment.PATH + C)
                .allMatch(url -> url.matches(CANONICAL_PATH));
    }

    @Test
    void formulaLikeCellsAreQuotedInTheResultsButSentUnchanged() throws Exception {
        Path file = input("reservation_uuid,note\n"
                + A + ",\"=HYPERLINK(\"\"http://x\"\")\"\n"
                + B + ",+47 cancelled\n"
                + C + ",-1 day\n"
                + D + ",@SUM(1)\n"
                + E + ",a=b is fine\n"
                + "\"\t=1+1\",x\n"
                + "\"\r=2+2\",x\n");

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).isZero();
        assertSent(A, "=HYPERLINK(\\\"http://x\\\")");
        assertSent(B, "+47 cancelled");
        assertSent(C, "-1 day");
        assertSent(D, "@SUM(1)");
        List<Map<String, String>> rows = results();
        assertThat(rows)
                .extracting(r -> r.get("note"))
                .startsWith("'=HYPERLINK(\"http://x\")", "'+47 cancelled", "'-1 day", "'@SUM(1)", "a=b is fine");
        assertThat(ResultsCsv.line(rows, 6).get("reservation_uuid")).isEqualTo("'\t=1+1");
        // (ResultsCsv reads a lone CR as a line break, so look at the bytes for that one.)
        assertThat(Files.readString(dir.resolve("reservations.results.csv"))).contains("7,\"'\r=2+2\",x,INVALID_INPUT");
    }

    private static String uuid(int line) {
        return new UUID(0x4b5c6d7e8f904a1bL, 0x8c00000000000000L + line).toString();
    }
}
