package com.bulkcancel.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import com.bulkcancel.sandbox.RawProvider;

/** The request body and the reading of answers, byte for byte, against WireMock. */
class FrontpaymentClientTest {

    static final String UUID = "9b2f6c1e-3f4a-4b7e-9c1d-2a5e8f7b6c3d";
    static WireMockServer server;
    static CloseableHttpClient http;
    static FrontpaymentClient client;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        http = HttpClients.createDefault();
        client = new FrontpaymentClient(
                http,
                URI.create(server.baseUrl()),
                new BearerToken("t0ken"),
                Clock.systemUTC(),
                Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        server.stop();
    }

    @Test
    void theNoteBodyIsWhatJacksonWritesForTheMapEvenForHostileNotes() {
        JsonMapper json = JsonMapper.builder().build();
        for (String note : List.of(
                "",
                "Event cancelled",
                "quote \" backslash \\ slash /",
                "tab\tnewline\ncr\r",
                "bell\u0007 nul\u0000 del\u007f",
                "Zürich – 東京 😀",
                "\u2028\u2029",
                "{\"note\":\"x\"}")) {
            assertThat(new String(FrontpaymentClient.noteBody(note), StandardCharsets.UTF_8))
                    .as(note)
                    .isEqualTo(new String(json.writeValueAsBytes(Map.of("note", note)), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "{\"message\":\"orderNotFound\"}                                  | orderNotFound | NULL",
                "{\"data\":{\"message\":\"nested\"},\"message\":\"top\"}          | top           | NULL",
                "{\"message\":\"payloadValidationErrors\",\"errors\":{\"note\":[\"too long\"]}} | payloadValidationErrors | {\"note\":[\"too long\"]}",
                "{\"message\":null,\"errors\":null}                               | NULL          | NULL",
                "{\"message\":404}                                                | 404           | NULL",
                "{\"message\":\"orderNotFound\",                                  | NULL          | NULL",
                "{\"message\":\"orderNotFound\"} {\"message\":\"x\"}                  | NULL          | NULL",
                "<html>Not Found</html>                                           | NULL          | NULL",
                "[\"message\",\"orderNotFound\"]                                  | NULL          | NULL",
            })
    void readsOnlyTheTopLevelMessageAndErrorsOfAWholeJsonBody(String body, String message, String errors)
            throws Exception {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404).withBody(body)));

        ProviderAnswer answer = client.cancel(UUID, "n");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.message()).isEqualTo(message);
        assertThat(answer.errors()).isEqualTo(errors);
        assertThat(answer.body()).isEqualTo(body);
    }

    @Test
    void aBodyWithBytesThatAreNotUtf8StillYieldsItsMessage() throws Exception {
        byte[] latin1 = "{\"message\":\"payloadValidationErrors\",\"errors\":{\"note\":[\"Avlyst på grunn av vær\"]}}"
                .getBytes(StandardCharsets.ISO_8859_1);
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(417).withBody(latin1)));

        ProviderAnswer answer = client.cancel(UUID, "n");

        assertThat(answer.message()).isEqualTo("payloadValidationErrors");
        assertThat(answer.errors()).isEqualTo("{\"note\":[\"Avlyst p\uFFFD grunn av v\uFFFDr\"]}");
    }

    @Test
    void aBodyOverTheCapIsCutThereAndTheRestIsNeverRead() throws Exception {
        // A huge Content-Length, 70 KB at once, then a byte every 200 ms: draining it would never end.
        try (RawProvider raw = new RawProvider(out -> {
            out.write(("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 100000000\r\n\r\n"
                            + "x".repeat(70_000))
                    .getBytes(StandardCharsets.US_ASCII));
            RawProvider.trickle("x".repeat(100_000), 200).answer(out);
        })) {
            PoolingHttpClientConnectionManager pool =
                    PoolingHttpClientConnectionManagerBuilder.create().build();
            try (CloseableHttpClient pooled =
                    HttpClients.custom().setConnectionManager(pool).build()) {
                FrontpaymentClient rawClient = new FrontpaymentClient(
                        pooled,
                        URI.create(raw.baseUrl()),
                        new BearerToken("t0ken"),
                        Clock.systemUTC(),
                        Duration.ofSeconds(60));

                ProviderAnswer answer =
                        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> rawClient.cancel(UUID, "n"));

                assertThat(answer.status()).isEqualTo(404);
                assertThat(answer.body()).hasSize(64 * 1024);
                assertThat(pool.getTotalStats().getLeased()).isZero();
                assertThat(pool.getTotalStats().getAvailable())
                        .as("the cut connection is not reused")
                        .isZero();
            }
        }
    }

    @Test
    void aBodyStillTricklingAtTheCallDeadlineIsCutThereAndItsStatusKept() throws Exception {
        try (RawProvider raw = new RawProvider(out -> {
                    out.write(
                            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 600; i++) {
                        out.write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(100);
                    }
                });
                CloseableHttpClient pooled = HttpClients.createDefault()) {
            FrontpaymentClient rawClient = new FrontpaymentClient(
                    pooled,
                    URI.create(raw.baseUrl()),
                    new BearerToken("t0ken"),
                    Clock.systemUTC(),
                    Duration.ofSeconds(1));

            ProviderAnswer answer =
                    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> rawClient.cancel(UUID, "n"));

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.message()).isNull();
            assertThat(answer.body()).isEqualTo("(body cut at the call deadline, frontpayment.call-timeout (1 s))");
        }
    }

    @Test
    void aWholeAnswerLeavesItsConnectionOpenForTheNextCall() throws Exception {
        server.stubFor(any(anyUrl())
                .willReturn(aResponse().withStatus(202).withBody("{\"message\":\"cancelledOrderSuccessfully\"}")));
        PoolingHttpClientConnectionManager pool =
                PoolingHttpClientConnectionManagerBuilder.create().build();
        try (CloseableHttpClient pooled =
                HttpClients.custom().setConnectionManager(pool).build()) {
            FrontpaymentClient pooledClient = new FrontpaymentClient(
                    pooled,
                    URI.create(server.baseUrl()),
                    new BearerToken("t0ken"),
                    Clock.systemUTC(),
                    Duration.ofSeconds(60));

            pooledClient.cancel(UUID, "n");
            pooledClient.cancel(UUID, "n");

            assertThat(pool.getTotalStats().getLeased()).isZero();
            assertThat(pool.getTotalStats().getAvailable()).isEqualTo(1);
        }
    }
}
