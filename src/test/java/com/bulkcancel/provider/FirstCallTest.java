package com.bulkcancel.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * The run's first call goes alone, so it can tell a mistaken command (a wrong path, a proxy, a certificate, a
 * mistyped host) from an outage before any other row is sent: exit 2 and one line for the first, exit 1 naming
 * the address for a server that cannot be reached, and an outage's 5xx is retried as always.
 */
@ExtendWith(OutputCaptureExtension.class)
class FirstCallTest extends SimulatedProviderTest {

    Path input(int rows) throws Exception {
        List<String> lines = new ArrayList<>(List.of("reservation_uuid,note"));
        for (int i = 0; i < rows; i++) {
            lines.add(uuid(i) + ",event cancelled");
        }
        Path file = dir.resolve("reservations.csv");
        Files.write(file, lines);
        return file;
    }

    static String uuid(int i) {
        return new UUID(0xf175_0000_0000_4000L, 0x8000_0000_0000_0000L + i).toString();
    }

    JsonNode summary() {
        return JsonMapper.builder()
                .build()
                .readTree(dir.resolve("reservations.results.summary.json").toFile());
    }

    void assertOneLineExit2(CancelCommand.Result result, String expected) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().lines()).as(result.err()).hasSize(1);
        assertThat(result.err()).startsWith("bulk-cancel: ").contains(expected);
    }

    @Test
    void aBaseUrlWithAPathIsRefusedBeforeAnyCall() throws Exception {
        Path file = input(3);

        CancelCommand.Result result =
                command.run("--cancel.input=" + file, "--frontpayment.base-url=" + provider.baseUrl() + "/api/v1");

        assertOneLineExit2(result, "drop /api/v1");
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void aFirstCallAnswered404WithoutOrderNotFoundEndsTheRunWithExit2() throws Exception {
        Path file = input(5);
        for (int i = 0; i < 5; i++) {
            provider.answers(uuid(i), SimulatedFrontpayment.json(404, "{\"message\":\"routeNotFound\"}"));
        }

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertOneLineExit2(result, "HTTP 404");
        assertThat(result.err()).contains("--frontpayment.base-url");
        assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void aFirstCallRedirectedEndsTheRunWithExit2() throws Exception {
        Path file = input(5);
        for (int i = 0; i < 5; i++) {
            provider.answers(uuid(i), aResponse().withStatus(301).withHeader("Location", "https://elsewhere.example/"));
        }

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertOneLineExit2(result, "HTTP 301");
        assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void aFirstCallAnswered405EndsTheRunWithExit2() throws Exception {
        Path file = input(5);
        for (int i = 0; i < 5; i++) {
            provider.answers(uuid(i), aResponse().withStatus(405));
        }

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertOneLineExit2(result, "HTTP 405");
        assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void aCertificateTheClientDoesNotTrustEndsTheRunWithExit2AndNoCallCounted() throws Exception {
        Path file = input(5);
        WireMockServer tls = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
        tls.start();
        try {
            tls.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(202)));

            CancelCommand.Result result = command.run(
                    "--cancel.input=" + file, "--frontpayment.base-url=https://localhost:" + tls.httpsPort());

            assertOneLineExit2(result, "TLS");
            assertThat(summary().get("sent_this_run").asLong()).isZero();
            assertThat(summary().get("counts").get("FAILED").asLong()).isEqualTo(1);
        } finally {
            tls.stop();
        }
    }

    @Test
    void anUnknownHostEndsTheRunWithExit2AndNoCallCounted() throws Exception {
        Path file = input(5);

        CancelCommand.Result result = command.run(
                "--cancel.input=" + file,
                "--frontpayment.base-url=https://no-such-host.invalid",
                "--cancel.max-attempts=2",
                "--cancel.max-in-flight=2");

        assertOneLineExit2(result, "no-such-host.invalid");
        assertThat(summary().get("sent_this_run").asLong()).isZero();
        assertThat(summary().get("retries_this_run").asLong()).isZero();
    }

    @Test
    void aRefusedConnectionOnTheFirstCallStopsWithExit1NamingTheAddress(CapturedOutput console) throws Exception {
        Path file = input(5);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        CancelCommand.Result result = command.run(
                "--cancel.input=" + file,
                "--frontpayment.base-url=http://127.0.0.1:" + closed,
                "--cancel.max-attempts=3",
                "--cancel.max-in-flight=2"); // every worker but the first row's waits for it

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(console.getAll())
                .contains("could not connect to 127.0.0.1:" + closed)
                .contains("after 3 attempts")
                .doesNotContain("the provider looks down");
        JsonNode summary = summary();
        assertThat(summary.get("sent_this_run").asLong()).isZero();
        assertThat(summary.get("counts").get("FAILED").asLong())
                .as("only the first row was attempted")
                .isEqualTo(1);
    }

    @Test
    void aLoadBalancersHtml502OnTheFirstCallIsAnOutageRetriedNotAConfigurationError() throws Exception {
        Path file = input(3);
        ResponseDefinitionBuilder html502 = aResponse()
                .withStatus(502)
                .withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>");
        provider.failsThenCancels(uuid(0), 1, html502);
        provider.reservation(uuid(1)).reservation(uuid(2));

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(ResultsCsv.read(dir.resolve("reservations.results.csv")))
                .extracting(r -> r.get("outcome"))
                .containsOnly("CANCELLED");
    }

    @Test
    void a404WithoutOrderNotFoundAfterTheFirstCallStaysFailedAndTheRunGoesOn() throws Exception {
        Path file = input(4);
        provider.reservation(uuid(0)).reservation(uuid(2)).reservation(uuid(3));
        provider.answers(uuid(1), aResponse().withStatus(404));

        CancelCommand.Result result = command.run("--cancel.input=" + file, "--cancel.max-in-flight=1");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(ResultsCsv.read(dir.resolve("reservations.results.csv")))
                .extracting(r -> r.get("outcome"))
                .containsExactly("CANCELLED", "FAILED", "CANCELLED", "CANCELLED");
    }
}
