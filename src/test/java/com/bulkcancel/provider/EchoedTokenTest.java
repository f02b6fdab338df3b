package com.bulkcancel.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;

/**
 * A server that echoes the request headers in its error bodies (raw, and JSON-escaped the way PHP's json_encode
 * does, '/' as '\/') never gets the token into anything the run writes: results, retry file, summary, logs, the
 * job database file.
 */
@ExtendWith(OutputCaptureExtension.class)
class EchoedTokenTest {

    /** A token with the characters JSON encoders escape differently: its escaped form differs from the raw one. */
    static final String TOKEN = "echo/t0ken+Secret/d41d8cd98f00b204==";

    static final String REFUSED = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a01";
    static final String SERVER_ERROR = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a02";

    @TempDir
    Path dir;

    final WireMockServer echo = new WireMockServer(options().dynamicPort().extensions(new EchoHeaders()));

    @AfterEach
    void stop() {
        echo.stop();
    }

    @Test
    void aServerEchoingTheAuthorizationHeaderPutsTheTokenNowhere(CapturedOutput console) throws Exception {
        echo.start();
        echo.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400)));
        Path input = Files.writeString(
                dir.resolve("r.csv"), "reservation_uuid,note\n" + REFUSED + ",x\n" + SERVER_ERROR + ",y\n");
        CancelCommand command = new CancelCommand(dir, null)
                .withEnv("FRONTPAYMENT_TOKEN", TOKEN)
                .withArgs("--frontpayment.base-url=" + echo.baseUrl(), "--cancel.max-attempts=2")
                .withArgs(TokenSafetyTest.DEBUG);

        CancelCommand.Result result = command.run("--cancel.input=" + input);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(echo.getAllServeEvents())
                .as("the token was sent, and echoed")
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.getResponse().getBodyAsString()).contains(TOKEN, escaped(TOKEN)));
        List<java.util.Map<String, String>> rows = ResultsCsv.read(dir.resolve("r.results.csv"));
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("FAILED", "FAILED");
        assertThat(rows.get(0).get("api_message")).isEqualTo("echo: Authorization: Bearer [redacted]");
        assertThat(rows.get(0).get("detail")).contains("[redacted]");
        assertThat(dir.resolve("r.results.retry.csv"))
                .as("the retry file is searched too")
                .exists();
        assertThat(dir.resolve("r.results.summary.json")).as("the summary too").exists();
        for (String form : List.of(TOKEN, escaped(TOKEN))) {
            assertThat(console.getAll()).doesNotContain(form);
            assertThat(result.out() + result.err()).doesNotContain(form);
            assertThat(filesContaining(form.getBytes(StandardCharsets.UTF_8)))
                    .as("files holding " + form)
                    .isEmpty();
        }
    }

    @Test
    void aStopCausedByAnEchoingServerNamesItsLastErrorWithTheTokenRedacted(CapturedOutput console) throws Exception {
        echo.start();
        echo.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
        Path input = Files.writeString(
                dir.resolve("r.csv"),
                "reservation_uuid,note\n" + SERVER_ERROR + ",x\n" + SERVER_ERROR.replace("a02", "a03") + ",y\n"
                        + SERVER_ERROR.replace("a02", "a04") + ",z\n");
        CancelCommand command = new CancelCommand(dir, null)
                .withEnv("FRONTPAYMENT_TOKEN", TOKEN)
                .withArgs(
                        "--frontpayment.base-url=" + echo.baseUrl(),
                        "--cancel.max-attempts=1",
                        "--cancel.outage-threshold=2");

        CancelCommand.Result result = command.run("--cancel.input=" + input);
        CancelCommand.Result history = command.run("--cancel.history");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        String summary = Files.readString(dir.resolve("r.results.summary.json"));
        assertThat(summary).contains("\"stop_reason\"", "outage", "Bearer [redacted]");
        for (String form : List.of(TOKEN, escaped(TOKEN))) {
            assertThat(console.getAll()).doesNotContain(form);
            assertThat(result.out() + result.err() + history.out() + history.err())
                    .doesNotContain(form);
            assertThat(filesContaining(form.getBytes(StandardCharsets.UTF_8)))
                    .as("files holding " + form)
                    .isEmpty();
        }
    }

    static String escaped(String token) {
        return token.replace("/", "\\/");
    }

    /** Answers 400 (or 500 for SERVER_ERROR) with the Authorization header in the message, errors and body. */
    static final class EchoHeaders implements ResponseDefinitionTransformerV2 {
        private final JsonMapper json = JsonMapper.builder().build();

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String authorization = event.getRequest().getHeader("Authorization");
            String body = "{\"message\":" + json.writeValueAsString("echo: Authorization: " + authorization)
                    + ",\"errors\":{\"headers\":\"Authorization: " + escaped(authorization) + "\"}"
                    + ",\"request\":\"GET " + event.getRequest().getUrl() + "\\nAuthorization: "
                    + escaped(authorization) + "\\nAccept: application/json\"}";
            int status = event.getRequest().getUrl().endsWith(SERVER_ERROR) ? 500 : 400;
            return new ResponseDefinition(status, body);
        }

        @Override
        public String getName() {
            return "echo-headers";
        }
    }

    private List<Path> filesContaining(byte[] needle) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> contains(read(f), needle))
                    .toList();
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
