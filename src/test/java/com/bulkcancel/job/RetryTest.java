package com.bulkcancel.job;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.connectionReset;
import static com.bulkcancel.sandbox.SimulatedFrontpayment.json;
import static com.bulkcancel.sandbox.SimulatedFrontpayment.serverError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;

/** Retries: exact attempt counts, what is retried, and what an unclear earlier attempt means. */
class RetryTest extends SimulatedProviderTest {

    static final String A = "5b1e0c3a-7d2f-4a6b-8c9d-0e1f2a3b4c01";
    static final String B = "5b1e0c3a-7d2f-4a6b-8c9d-0e1f2a3b4c02";

    Map<String, String> runOne(String uuid, String... args) throws Exception {
        Path file = dir.resolve("reservations.csv");
        Files.writeString(file, "reservation_uuid,note\n" + uuid + ",cancelled\n");
        String[] all = new String[args.length + 1];
        all[0] = "--cancel.input=" + file;
        System.arraycopy(args, 0, all, 1, args.length);
        lastExit = command.run(all).exitCode();
        List<Map<String, String>> rows = ResultsCsv.read(dir.resolve("reservations.results.csv"));
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    int lastExit;

    @Test
    void a510IsRetriedAndTheAttemptsCountEveryRequest() throws Exception {
        provider.failsThenCancels(A, 2, serverError());

        Map<String, String> row = runOne(A);

        assertThat(row.get("outcome")).isEqualTo("CANCELLED");
        assertThat(row.get("attempts")).isEqualTo("3");
        assertThat(provider.requestsFor(A)).isEqualTo(3);
        assertThat(lastExit).isZero();
    }

    @Test
    void retriesStopAtMaxAttemptsAndTheRowIsFailed() throws Exception {
        provider.answers(A, serverError());

        Map<String, String> row = runOne(A, "--cancel.max-attempts=4");

        assertThat(row.get("outcome")).isEqualTo("FAILED");
        assertThat(row.get("attempts")).isEqualTo("4");
        assertThat(row.get("http_status")).isEqualTo("510");
        assertThat(row.get("detail")).contains("gave up after 4 attempts");
        assertThat(provider.requestsFor(A)).isEqualTo(4);
        assertThat(lastExit).isEqualTo(3);
    }

    @Test
    void a429WithRetryAfterIsRetried() throws Exception {
        provider.failsThenCancels(A, 1, json(429, "{}").withHeader("Retry-After", "1"));

        Map<String, String> row = runOne(A);

        assertThat(row.get("outcome")).isEqualTo("CANCELLED");
        assertThat(row.get("attempts")).isEqualTo("2");
    }

    @Test
    void alreadyFinalRightAfterATimeoutSaysTheCancelMayHaveTakenEffect() throws Exception {
        // The first call cancels but answers too late; the retry then hears "already completed". The timeout
        // bounds every attempt: at 300 ms the retry's own answer overran it on a busy 2-core machine (3 or 4
        // attempts, 5 runs in 6 with 8 CPU burners), so 1 s, and the slow answer 4 s after it.
        provider.cancelsSlowly(A, 4000);

        Map<String, String> row = runOne(A, "--frontpayment.response-timeout=1s");

        assertThat(row.get("outcome")).isEqualTo("ALREADY_FINAL");
        assertThat(row.get("attempts")).isEqualTo("2");
        assertThat(row.get("detail")).contains("may have been cancelled by an earlier attempt");
    }

    @Test
    void a202WhoseBodyIsCutOffIsStillACancellationAndIsNotSentAgain() throws Exception {
        // A provider that sends "202 Accepted" and then drops the connection in the middle of the body.
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (java.net.ServerSocket server =
                new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread provider202 = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket socket = server.accept()) {
                        calls.incrementAndGet();
                        socket.getInputStream().read(new byte[8192]);
                        socket.getOutputStream()
                                .write(("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\n"
                                                + "Content-Length: 500\r\n\r\n{\"status_code\": 202,")
                                        .getBytes());
                        socket.getOutputStream().flush();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            provider202.start();
            Path file = dir.resolve("reservations.csv");
            Files.writeString(file, "reservation_uuid,note\n" + A + ",cancelled\n");

            int exit = new CancelCommand(dir, null)
                    .run("--cancel.input=" + file, "--frontpayment.base-url=http://127.0.0.1:" + server.getLocalPort())
                    .exitCode();

            Map<String, String> row =
                    ResultsCsv.read(dir.resolve("reservations.results.csv")).get(0);
            assertThat(exit).isZero();
            assertThat(row.get("outcome")).as(row.toString()).isEqualTo("CANCELLED");
            assertThat(row.get("attempts")).isEqualTo("1");
            assertThat(row.get("detail")).contains("body unreadable");
            assertThat(calls.get()).isEqualTo(1);
        }
    }

    @Test
    void aResetConnectionIsRetried() throws Exception {
        provider.failsThenCancels(A, 1, connectionReset());

        Map<String, String> row = runOne(A);

        assertThat(row.get("outcome")).isEqualTo("CANCELLED");
        assertThat(row.get("attempts")).isEqualTo("2");
    }

    @Test
    void anUndocumentedAnswerIsNotRetried() throws Exception {
        provider.answers(A, json(409, "{\"message\":\"conflict\"}"));

        Map<String, String> row = runOne(A);

        assertThat(row.get("outcome")).isEqualTo("FAILED");
        assertThat(row.get("attempts")).isEqualTo("1");
        assertThat(row.get("api_message")).isEqualTo("conflict");
    }
}
