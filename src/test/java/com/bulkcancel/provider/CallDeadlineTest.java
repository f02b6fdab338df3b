package com.bulkcancel.provider;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.example;
import static com.bulkcancel.sandbox.SimulatedFrontpayment.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.report.ResultsFile;
import com.bulkcancel.sandbox.RawProvider;

/**
 * No call and no run can hang: every attempt ends at {@code frontpayment.call-timeout} however the provider
 * trickles, and a run in which nothing moves for {@code cancel.stall-timeout} stops. The bounds are generous
 * (a loaded machine starts the command slowly): the fixed code ends each run a few seconds after its start, the
 * old one held it for 80 s or more.
 */
@ExtendWith(OutputCaptureExtension.class)
class CallDeadlineTest extends SimulatedProviderTest {

    static final String A = "3d6f0a2b-8c1e-4f5a-9b7d-6e2c1a0f4b01";
    static final Duration BOUND = Duration.ofSeconds(60);

    Path file;

    @BeforeEach
    void prepare() throws Exception {
        file = dir.resolve("reservations.csv");
        Files.writeString(file, "reservation_uuid,note\n" + A + ",cancelled\n");
    }

    Map<String, String> row() {
        return ResultsCsv.line(ResultsCsv.read(dir.resolve("reservations.results.csv")), 1);
    }

    @Test
    void aBodyTricklingAfterA202IsCutAtTheCallDeadlineAndTheRowIsCancelled() {
        // About one byte a second: the idle timeout (response-timeout) never fires. The call deadline leaves a
        // loaded machine's first call time for its status line.
        String body = "{\"message\":\"cancelledOrderSuccessfully\"" + " ".repeat(200) + "}";
        provider.answers(A, json(202, body).withChunkedDribbleDelay(120, 120_000));

        CancelCommand.Result result = assertTimeoutPreemptively(
                BOUND,
                () -> command.run(
                        "--cancel.input=" + file,
                        "--frontpayment.call-timeout=4s",
                        "--frontpayment.response-timeout=5s"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(row().get("outcome")).isEqualTo("CANCELLED");
        assertThat(row().get("attempts")).isEqualTo("1");
        assertThat(row().get("detail")).contains("body cut at the call deadline");
        assertThat(provider.requestsFor(A)).isEqualTo(1);
    }

    @Test
    void aStatusLineThatTricklesPastTheCallDeadlineIsAnUnclearAttemptRetriedThenFailed() throws Exception {
        try (RawProvider raw = new RawProvider(RawProvider.trickle(
                "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", 1000))) {
            CancelCommand rawCommand = new CancelCommand(dir, null);

            CancelCommand.Result result = assertTimeoutPreemptively(
                    BOUND,
                    () -> rawCommand.run(
                            "--cancel.input=" + file,
                            "--frontpayment.base-url=" + raw.baseUrl(),
                            "--frontpayment.call-timeout=1s",
                            "--frontpayment.response-timeout=3s",
                            "--cancel.max-attempts=2"));

            assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
            assertThat(row().get("outcome")).isEqualTo("FAILED");
            assertThat(row().get("attempts")).isEqualTo("2");
            assertThat(row().get("detail"))
                    .contains("frontpayment.call-timeout")
                    .contains("may have acted");
            assertThat(raw.requests()).isEqualTo(2);
        }
    }

    @Test
    void aRunInWhichNothingMovesStopsWithExit1NamingWhatItWaitsForAndTheRerunSaysTheLineMayBeCancelled(
            CapturedOutput console) throws Exception {
        try (RawProvider raw = new RawProvider(RawProvider.silence())) {
            CancelCommand rawCommand = new CancelCommand(dir, null)
                    .withArgs("--cancel.input=" + file, "--frontpayment.base-url=" + raw.baseUrl());

            // A call that never ends within its own deadline: only the watchdog can end this run.
            CancelCommand.Result stalled = assertTimeoutPreemptively(
                    BOUND,
                    () -> rawCommand.run(
                            "--frontpayment.call-timeout=120s", "--frontpayment.response-timeout=120s",
                            "--cancel.shutdown-grace=125s", "--cancel.stall-timeout=1s"));

            assertThat(stalled.exitCode()).as(stalled.err()).isEqualTo(1);
            assertThat(console.getAll())
                    .contains("cancel.stall-timeout")
                    .contains("waiting for the provider's answer (line 1)");
            // The results say the line may have been acted on: sent, no answer recorded.
            assertThat(ResultsCsv.line(ResultsCsv.read(dir.resolve("reservations.results.csv")), 1))
                    .containsEntry("outcome", "PENDING")
                    .containsEntry("detail", ResultsFile.SENT_WITHOUT_ANSWER);

            // The provider did act on that call: the rerun hears "already completed" and says why that may be.
            raw.answerWith(RawProvider.answer(400, example("already-completed.json")));
            CancelCommand.Result rerun = assertTimeoutPreemptively(BOUND, () -> rawCommand.run());

            assertThat(rerun.exitCode()).as(rerun.err()).isZero();
            assertThat(row().get("outcome")).isEqualTo("ALREADY_FINAL");
            assertThat(row().get("detail")).contains("may have been cancelled by the interrupted earlier run");
            assertThat(raw.requests()).isEqualTo(2);
        }
    }
}
