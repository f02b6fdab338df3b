package com.bulkcancel.report;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.connectionReset;
import static com.bulkcancel.sandbox.SimulatedFrontpayment.serverError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/** The retry file: the FAILED rows verbatim in the input's own format, and running it sends exactly those. */
class RetryFileTest extends SimulatedProviderTest {

    static final Charset CP1252 = Charset.forName("windows-1252");
    static final String A = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a01";
    static final String B = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a02";
    static final String C = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a03";
    static final String D = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a04";
    static final String E = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a05";

    @BeforeEach
    void prepare() {
        command.withArgs("--cancel.max-attempts=2");
    }

    @Test
    void theRetryFileHoldsTheFailedRowsVerbatimAndRunningItSendsExactlyThoseWithTheSameNotes() throws Exception {
        // Excel's Norwegian export: windows-1252, semicolons, CRLF; quoted notes, a blank line, no final newline.
        String header = "reservation_uuid;note\r\n";
        String rowA = A + ";\"Avlyst: «konsert»; sa \"\"Ærlig\"\" ø\"\r\n";
        String rowB = B + ";Refusjon æøå – 100 €\r\n";
        String blank = "\r\n";
        String rowC = C + ";\"to linjer\r\nmed ; semikolon\"\r\n";
        String rowD = D + ";vanlig\r\n";
        String rowE = E + ";siste uten linjeskift";
        Path input = dir.resolve("eksport.csv");
        Files.write(input, (header + rowA + rowB + blank + rowC + rowD + rowE).getBytes(CP1252));
        provider.reservation(A)
                .answers(B, serverError())
                .answers(C, connectionReset())
                .answers(E, serverError());

        CancelCommand.Result first = command.run("--cancel.input=" + input, "--cancel.csv.encoding=windows-1252");

        assertThat(first.exitCode()).isEqualTo(3);
        Path retry = dir.resolve("eksport.results.retry.csv");
        assertThat(Files.readAllBytes(retry)).isEqualTo((header + rowB + rowC + rowE + "\r\n").getBytes(CP1252));
        Map<String, List<byte[]>> firstBodies = bodiesByUuid(provider.requests());
        int sentFirst = provider.requests().size();
        assertThat(sentFirst).isEqualTo(1 + 2 + 2 + 1 + 2); // A, B twice, C twice, D, E twice

        provider.reservation(B).reservation(C).reservation(E); // the provider accepts them now
        CancelCommand.Result second = command.run("--cancel.input=" + retry, "--cancel.csv.encoding=windows-1252");

        assertThat(second.exitCode()).isZero();
        List<LoggedRequest> resent =
                provider.requests().subList(sentFirst, provider.requests().size());
        assertThat(resent)
                .extracting(r -> r.getUrl().substring(SimulatedFrontpayment.PATH.length()))
                .containsExactlyInAnyOrder(B, C, E);
        for (LoggedRequest request : resent) {
            String uuid = request.getUrl().substring(SimulatedFrontpayment.PATH.length());
            assertThat(request.getBody())
                    .as("body for %s", uuid)
                    .isEqualTo(firstBodies.get(uuid).get(0));
        }
        assertThat(note(bodiesByUuid(resent).get(B).get(0))).isEqualTo("Refusjon æøå – 100 €");
        assertThat(note(bodiesByUuid(resent).get(C).get(0))).isEqualTo("to linjer\r\nmed ; semikolon");
        List<Map<String, String>> rows = ResultsCsv.read(dir.resolve("eksport.results.retry.results.csv"));
        assertThat(rows).extracting(r -> r.get("reservation_uuid")).containsExactly(B, C, E);
        assertThat(rows).extracting(r -> r.get("outcome")).containsOnly("CANCELLED");
        assertThat(dir.resolve("eksport.results.retry.results.retry.csv")).doesNotExist();
    }

    @Test
    void aStaleRetryFileOfTheSameOutputIsRemovedWhenNothingFailed() throws Exception {
        Path output = dir.resolve("nightly.csv");
        Path retry = dir.resolve("nightly.retry.csv");
        Path monday = dir.resolve("monday.csv");
        Files.writeString(monday, "reservation_uuid,note\n" + A + ",x\n" + B + ",y\n");
        provider.reservation(A).answers(B, serverError());

        assertThat(command.run("--cancel.input=" + monday, "--cancel.output=" + output)
                        .exitCode())
                .isEqualTo(3);
        assertThat(Files.readString(retry)).isEqualTo("reservation_uuid,note\n" + B + ",y\n");

        Path tuesday = dir.resolve("tuesday.csv");
        Files.writeString(tuesday, "reservation_uuid,note\n" + C + ",z\n");
        provider.reservation(C);

        assertThat(command.run("--cancel.input=" + tuesday, "--cancel.output=" + output)
                        .exitCode())
                .isZero();
        assertThat(retry).doesNotExist();
        assertThat(ResultsCsv.read(output))
                .extracting(r -> r.get("reservation_uuid"))
                .containsExactly(C);
        assertThat(dir.resolve("nightly.summary.json")).exists();
    }

    private static Map<String, List<byte[]>> bodiesByUuid(List<LoggedRequest> requests) {
        return requests.stream()
                .collect(Collectors.groupingBy(
                        r -> r.getUrl().substring(SimulatedFrontpayment.PATH.length()),
                        Collectors.mapping(LoggedRequest::getBody, Collectors.toList())));
    }

    private static String note(byte[] body) {
        return JsonMapper.builder().build().readTree(body).get("note").asString();
    }
}
