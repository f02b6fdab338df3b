package com.bulkcancel.input;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/** Files as spreadsheets and hand edits write them, through the whole job: what the provider receives, exactly. */
class CsvFormatsJobTest extends SimulatedProviderTest {

    static final String A = "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c01";
    static final String B = "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c02";
    static final String C = "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c03";

    @BeforeEach
    void prepare() {
        provider.reservation(A).reservation(B).reservation(C);
    }

    Path file(byte[] content) throws Exception {
        return Files.write(dir.resolve("reservations.csv"), content);
    }

    Path file(String content) throws Exception {
        return file(content.getBytes(StandardCharsets.UTF_8));
    }

    List<Map<String, String>> results() {
        return ResultsCsv.read(dir.resolve("reservations.results.csv"));
    }

    void assertSent(String uuid, String note) {
        provider.server()
                .verify(
                        1,
                        getRequestedFor(urlEqualTo(SimulatedFrontpayment.PATH + uuid))
                                .withRequestBody(equalToJson("{\"note\": " + jsonString(note) + "}")));
    }

    static String jsonString(String s) {
        return "\""
                + s.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\r", "\\r")
                        .replace("\t", "\\t")
                + "\"";
    }

    @Test
    void commaFileWithQuotedDelimitersQuotesAndNewlines() throws Exception {
        Path input =
                file("reservation_uuid,note\n" + A + ",\"Storm, closed \"\"early\"\"\nsee you\"\n" + B + ",plain\n");

        CancelCommand.Result result = command.run("--cancel.input=" + input);

        assertThat(result.exitCode()).isZero();
        assertSent(A, "Storm, closed \"early\"\nsee you");
        assertSent(B, "plain");
        assertThat(results())
                .extracting(r -> r.get("line"), r -> r.get("note"), r -> r.get("outcome"))
                .containsExactly(
                        Tuple.tuple("1", "Storm, closed \"early\"\nsee you", "CANCELLED"),
                        Tuple.tuple("2", "plain", "CANCELLED"));
    }

    @Test
    void semicolonIsDetectedFromTheHeader() throws Exception {
        Path input = file("reservation_uuid;note;customer\n"
                + A + ";\"Konsert avlyst; beklager\";Ola, Nordmann\n"
                + B + ";Avlyst, dessverre;Kari\n");

        CancelCommand.Result result = command.run("--cancel.input=" + input);

        assertThat(result.exitCode()).isZero();
        assertSent(A, "Konsert avlyst; beklager");
        assertSent(B, "Avlyst, dessverre");
    }

    @Test
    void tabIsDetectedFromTheHeader() throws Exception {
        Path input = file("reservation_uuid\tnote\n" + A + "\tclosed, sorry; really\n");

        CancelCommand.Result result = command.run("--cancel.input=" + input);

        assertThat(result.exitCode()).isZero();
        assertSent(A, "closed, sorry; really");
    }

    @Test
    void theDelimiterOptionOverridesDetection() throws Exception {
        // Comma and semicolon split this header equally often; detection picks the comma and finds no UUID column.
        Path input = file("reservation_uuid;note;customer, name, city\n" + A + ";closed, sorry;Doe, John, Oslo\n");
        assertThat(command.run("--cancel.input=" + input).exitCode()).isEqualTo(2);

        CancelCommand.Result result = command.run("--cancel.input=" + input, "--cancel.csv.delimiter=;");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertSent(A, "closed, sorry");
    }

    @Test
    void utf8WithBomAndCrlfLineEndings() throws Exception {
        byte[] text = ("Reservation_UUID,Note\r\n" + A + ",Avlyst på grunn av været\r\n" + B + ",\"two\r\nlines\"\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        CancelCommand.Result result = command.run("--cancel.input=" + file(withBom));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertSent(A, "Avlyst på grunn av været");
        assertSent(B, "two\r\nlines"); // inside quotes the line break is part of the note, as written
        assertThat(ResultsCsv.line(results(), 1).get("note")).isEqualTo("Avlyst på grunn av været");
    }

    @Test
    void windows1252FileWithTheEncodingOption() throws Exception {
        Path input = file(windows1252File());

        CancelCommand.Result result = command.run("--cancel.input=" + input, "--cancel.csv.encoding=windows-1252");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertSent(A, "Avlyst: været, æøå ÆØÅ");
        assertSent(B, "plain ascii");
        assertThat(ResultsCsv.line(results(), 1).get("note")).isEqualTo("Avlyst: været, æøå ÆØÅ");
    }

    @Test
    void windows1252FileReadAsUtf8MarksTheBadLinesAndNeverSendsThem() throws Exception {
        Path input = file(windows1252File());

        CancelCommand.Result result = command.run("--cancel.input=" + input);

        assertThat(result.exitCode()).isZero();
        List<Map<String, String>> rows = results();
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("INVALID_INPUT", "CANCELLED");
        assertThat(ResultsCsv.line(rows, 1).get("detail")).contains("UTF-8").contains("--cancel.csv.encoding");
        assertThat(provider.requestsFor(A)).isZero();
        assertSent(B, "plain ascii");
    }

    private static byte[] windows1252File() {
        return ("reservation_uuid;note\r\n" + A + ";Avlyst: været, æøå ÆØÅ\r\n" + B + ";plain ascii\r\n")
                .getBytes(Charset.forName("windows-1252"));
    }
}
