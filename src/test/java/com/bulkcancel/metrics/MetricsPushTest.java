package com.bulkcancel.metrics;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.json;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.SimulatedProviderTest;

/**
 * The run's meters are pushed at the end of the run, to a Pushgateway (text format) and to an OTLP endpoint, with
 * the run's real counts; a dead target costs one warning and never the exit code; nothing is pushed unconfigured.
 */
@ExtendWith(OutputCaptureExtension.class)
class MetricsPushTest extends SimulatedProviderTest {

    static final String A = "7c1e0c3a-7d2f-4a6b-8c9d-0e1f2a3b4c01";
    static final String B = "7c1e0c3a-7d2f-4a6b-8c9d-0e1f2a3b4c02";
    static final String UNKNOWN = "7c1e0c3a-7d2f-4a6b-8c9d-0e1f2a3b4c03";
    static final String PUSHGATEWAY = "--management.prometheus.metrics.export.pushgateway.address=";
    static final String OTLP = "--management.otlp.metrics.export.url=";

    WireMockServer collector;
    Path input;

    @BeforeEach
    void threeRows() throws IOException {
        collector = new WireMockServer(options().dynamicPort());
        collector.start();
        collector.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200)));
        collector.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));
        provider.reservation(A);
        // B is throttled once (429), then cancelled: 2 calls, 1 retry, 1 answer 429.
        provider.failsThenCancels(B, 1, json(429, "{}").withHeader("Retry-After", "1"));
        input = dir.resolve("reservations.csv");
        Files.writeString(input, "reservation_uuid,note\n" + A + ",x\n" + B + ",x\n" + UNKNOWN + ",x\n");
    }

    @AfterEach
    void stopCollector() {
        collector.stop();
    }

    @Test
    void aRunPushesItsCountsToThePushgatewayInTextFormat() {
        CancelCommand.Result result = command.run(
                "--cancel.input=" + input,
                PUSHGATEWAY + "127.0.0.1:" + collector.port(),
                "--management.prometheus.metrics.export.pushgateway.format=text");

        assertThat(result.exitCode()).isZero();
        List<LoggedRequest> pushes =
                collector.findAll(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(anyUrl()));
        assertThat(pushes).hasSize(1);
        assertThat(pushes.get(0).getUrl()).isEqualTo("/metrics/job/bulk-cancel");
        String body = pushes.get(0).getBodyAsString();
        assertThat(sample(body, "bulkcancel_rows", "outcome=\"CANCELLED\"")).isEqualTo(2);
        assertThat(sample(body, "bulkcancel_rows", "outcome=\"NOT_FOUND\"")).isEqualTo(1);
        assertThat(sample(body, "bulkcancel_rows", "outcome=\"FAILED\"")).isZero();
        assertThat(sample(body, "bulkcancel_calls_sent_total", "")).isEqualTo(4);
        assertThat(sample(body, "bulkcancel_calls_retries_total", "")).isEqualTo(1);
        assertThat(sample(body, "bulkcancel_calls_throttled_total", "")).isEqualTo(1);
        assertThat(sample(body, "bulkcancel_run_exit_code", "")).isZero();
        assertThat(sample(body, "bulkcancel_run_duration_seconds", "")).isGreaterThan(0);
        assertThat(sample(body, "bulkcancel_call_latency_seconds_count", "status=\"202\""))
                .isEqualTo(2);
        assertThat(sample(body, "bulkcancel_call_latency_seconds_bucket", "status=\"429\",le=\"+Inf\""))
                .isEqualTo(1);
        // Spring Batch's own timers, through the builders' observation registry
        assertThat(sample(body, "spring_batch_job_seconds_count", "spring_batch_job_status=\"COMPLETED\""))
                .isEqualTo(1);
        assertThat(sample(body, "spring_batch_step_seconds_count", "spring_batch_step_name=\"cancel\""))
                .isEqualTo(1);
    }

    @Test
    void aRunStoppedByARefusedTokenPushesItsExitCode() {
        CancelCommand.Result result = command.withEnv("FRONTPAYMENT_TOKEN", "refused-token-0123456789")
                .run(
                        "--cancel.input=" + input,
                        PUSHGATEWAY + "127.0.0.1:" + collector.port(),
                        "--management.prometheus.metrics.export.pushgateway.format=text");

        assertThat(result.exitCode()).isEqualTo(4);
        List<LoggedRequest> pushes =
                collector.findAll(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(anyUrl()));
        assertThat(pushes).hasSize(1);
        String body = pushes.get(0).getBodyAsString();
        assertThat(sample(body, "bulkcancel_run_exit_code", "")).isEqualTo(4);
        assertThat(sample(body, "bulkcancel_rows", "outcome=\"CANCELLED\"")).isZero();
        assertThat(body).doesNotContain("refused-token");
    }

    @Test
    void aCommandRefusedBeforeItsRunStartedPushesItsExitCodeAndNoRows() {
        CancelCommand.Result result = command.run(
                "--cancel.input=" + dir.resolve("not-delivered-tonight.csv"),
                PUSHGATEWAY + "127.0.0.1:" + collector.port(),
                "--management.prometheus.metrics.export.pushgateway.format=text");

        assertThat(result.exitCode()).isEqualTo(2);
        List<LoggedRequest> pushes =
                collector.findAll(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(anyUrl()));
        assertThat(pushes).hasSize(1);
        String body = pushes.get(0).getBodyAsString();
        assertThat(sample(body, "bulkcancel_run_exit_code", "")).isEqualTo(2);
        assertThat(sample(body, "bulkcancel_calls_sent_total", "")).isZero();
        // No rows were counted: zeros would read as an empty file.
        assertThat(body).doesNotContain("bulkcancel_rows");
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void aRunBrakedByItsFirstCallPushesOnceWithExit2() {
        provider.answers(A, json(404, "{\"message\":\"routeNotFound\"}"));
        CancelCommand.Result result = command.run(
                "--cancel.input=" + input,
                "--cancel.max-in-flight=1",
                PUSHGATEWAY + "127.0.0.1:" + collector.port(),
                "--management.prometheus.metrics.export.pushgateway.format=text");

        assertThat(result.exitCode()).isEqualTo(2);
        List<LoggedRequest> pushes =
                collector.findAll(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(anyUrl()));
        assertThat(pushes).hasSize(1);
        String body = pushes.get(0).getBodyAsString();
        assertThat(sample(body, "bulkcancel_run_exit_code", "")).isEqualTo(2);
        assertThat(sample(body, "bulkcancel_rows", "outcome=\"CANCELLED\"")).isZero();
    }

    @Test
    void aRunPushesItsCountsToAnOtlpEndpoint() throws Exception {
        // The registry also publishes on its own once a step, at wall-clock step boundaries (a minute by default:
        // CI saw a run that crossed one post twice). A step of a year keeps that publish out of this test.
        CancelCommand.Result result = command.run(
                "--cancel.input=" + input,
                OTLP + "http://127.0.0.1:" + collector.port() + "/v1/metrics",
                "--management.otlp.metrics.export.step=365d");

        assertThat(result.exitCode()).isZero();
        List<LoggedRequest> pushes =
                collector.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(anyUrl()));
        assertThat(pushes).hasSize(1);
        assertThat(pushes.get(0).getUrl()).isEqualTo("/v1/metrics");
        ExportMetricsServiceRequest request =
                ExportMetricsServiceRequest.parseFrom(pushes.get(0).getBody());
        List<Metric> metrics = new ArrayList<>();
        request.getResourceMetricsList()
                .forEach(r -> r.getScopeMetricsList().forEach(s -> metrics.addAll(s.getMetricsList())));
        assertThat(gauge(metrics, "bulkcancel.rows", "outcome", "CANCELLED")).isEqualTo(2);
        assertThat(gauge(metrics, "bulkcancel.rows", "outcome", "NOT_FOUND")).isEqualTo(1);
        Metric sent = metric(metrics, "bulkcancel.calls.sent");
        assertThat(sent.getSum().getDataPoints(0).getAsDouble()).isEqualTo(4);
        assertThat(gauge(metrics, "bulkcancel.run.exit.code", null, null)).isZero();
        assertThat(metric(metrics, "bulkcancel.call.latency").getHistogram().getDataPointsList())
                .isNotEmpty();
    }

    @Test
    void aPushgatewayThatNeverAnswersCostsOneWarningAndNotTheExitCode(CapturedOutput output) throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = acceptForever(silent);
            CancelCommand.Result result =
                    command.run("--cancel.input=" + input, PUSHGATEWAY + "127.0.0.1:" + silent.getLocalPort());

            assertThat(result.exitCode()).isZero();
            assertThat(accepted).isNotEmpty(); // the push was tried
            assertThat(output.getOut().lines().filter(l -> l.contains("Could not push the run's metrics")))
                    .singleElement()
                    .satisfies(l -> assertThat(l).contains("WARN", "Pushgateway", "the exit code stands"));
        }
    }

    @Test
    void anOtlpEndpointThatRefusesCostsOneWarningAndNotTheExitCode(CapturedOutput output) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        provider.answers(UNKNOWN, com.bulkcancel.sandbox.SimulatedFrontpayment.serverError());
        CancelCommand.Result result = command.run(
                "--cancel.input=" + input,
                "--cancel.max-attempts=1",
                OTLP + "http://127.0.0.1:" + closed + "/v1/metrics",
                "--management.otlp.metrics.export.step=365d"); // no publish on the registry's own schedule

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(output.getOut().lines().filter(l -> l.contains("Could not push the run's metrics")))
                .singleElement()
                .satisfies(l -> assertThat(l).contains("WARN", "OTLP", "the exit code stands"));
        assertThat(output.getOut()).doesNotContain("Failed to publish metrics to OTLP receiver");
    }

    @Test
    void nothingIsPushedWhenNoTargetIsGiven() {
        CancelCommand.Result result = command.run(
                "--cancel.input=" + input, "--management.prometheus.metrics.export.pushgateway.format=text");

        assertThat(result.exitCode()).isZero();
        assertThat(collector.getAllServeEvents()).isEmpty();
    }

    /** Accepts connections and never answers them (a Pushgateway that hangs). */
    private static List<Socket> acceptForever(ServerSocket server) {
        List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread t = new Thread(
                () -> {
                    try {
                        while (true) {
                            accepted.add(server.accept());
                        }
                    } catch (IOException closed) {
                        // test over
                    }
                },
                "silent-pushgateway");
        t.setDaemon(true);
        t.start();
        return accepted;
    }

    /** The value of the Prometheus text-format sample of this name whose labels contain {@code labels}. */
    static double sample(String body, String name, String labels) {
        return body.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> l.substring(0, l.lastIndexOf(' ')).contains(labels))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + "{" + labels + "} in:\n" + body));
    }

    static Metric metric(List<Metric> metrics, String name) {
        return metrics.stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in "
                        + metrics.stream().map(Metric::getName).toList()));
    }

    static double gauge(List<Metric> metrics, String name, String attribute, String value) {
        for (NumberDataPoint point : metric(metrics, name).getGauge().getDataPointsList()) {
            if (attribute == null || point.getAttributesList().stream().anyMatch(a -> has(a, attribute, value))) {
                return point.getAsDouble();
            }
        }
        throw new AssertionError("no point " + attribute + "=" + value + " of " + name);
    }

    private static boolean has(KeyValue attribute, String key, String value) {
        return attribute.getKey().equals(key)
                && attribute.getValue().getStringValue().equals(value);
    }
}
