package com.bulkcancel.job;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.json;
import static com.bulkcancel.sandbox.SimulatedFrontpayment.serverError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.sandbox.RawProvider;

/**
 * Every run that stops early names its cause in the same words in three places: the last lines of the console,
 * the summary JSON ({@code stop_reason}, {@code last_error}) and {@code --cancel.history}. Spring Batch's own
 * lines about steps and executions stay out of the console.
 */
@ExtendWith(OutputCaptureExtension.class)
class StopCauseTest extends SimulatedProviderTest {

    static String uuid(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    Path input(int rows) throws IOException {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(uuid(i)).append(",cancelled\n");
        }
        Path file = dir.resolve("reservations.csv");
        Files.writeString(file, csv);
        return file;
    }

    JsonNode summary() {
        return JsonMapper.builder()
                .build()
                .readTree(dir.resolve("reservations.results.summary.json").toFile());
    }

    /**
     * The last {@code n} non-blank lines the command printed itself: on a terminal they come after every log line
     * (the summary is printed last), but a test captures the two apart.
     */
    static String lastLines(String console, int n) {
        List<String> lines = console.lines().filter(l -> !l.isBlank()).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** The history's block for the newest run. */
    String newestRunInHistory() {
        CancelCommand.Result history = command.run("--cancel.history");
        assertThat(history.exitCode()).as(history.err()).isZero();
        String out = history.out();
        int first = out.indexOf("\nrun ");
        int second = out.indexOf("\nrun ", first + 1);
        return second < 0 ? out.substring(first) : out.substring(first, second);
    }

    @Test
    void anOutageNamesItselfAndTheProvidersLastAnswerInTheConsoleSummaryAndHistory() throws Exception {
        for (int i = 1; i <= 3; i++) {
            provider.answers(uuid(i), serverError());
        }
        Path file = input(3);

        CancelCommand.Result result = command.run(
                "--cancel.input=" + file,
                "--cancel.outage-threshold=2",
                "--cancel.max-attempts=1",
                "--cancel.max-in-flight=1");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode summary = summary();
        assertThat(summary.get("stop_reason").asString()).isEqualTo("outage");
        assertThat(summary.get("last_error").get("status").asInt()).isEqualTo(510);
        assertThat(summary.get("last_error").get("message").asString()).isEqualTo("Something Went Wrong");
        assertThat(lastLines(result.out(), 3))
                .contains("outage")
                .contains("510 Something Went Wrong")
                .contains("rerun the same command");
        assertThat(newestRunInHistory()).contains("stopped   outage").contains("HTTP 510 Something Went Wrong");
    }

    @Test
    void aRefusedTokenNamesItselfAndTheProvidersAnswer() throws Exception {
        provider.answers(uuid(1), json(401, "{\"message\":\"Unauthenticated.\"}"));
        Path file = input(3);

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
        JsonNode summary = summary();
        assertThat(summary.get("stop_reason").asString()).isEqualTo("token_refused");
        assertThat(summary.get("last_error").get("status").asInt()).isEqualTo(401);
        assertThat(summary.get("last_error").get("message").asString()).isEqualTo("Unauthenticated.");
        assertThat(lastLines(result.out(), 3))
                .contains("token_refused")
                .contains("401 Unauthenticated.")
                .contains("FRONTPAYMENT_TOKEN");
        assertThat(newestRunInHistory()).contains("stopped   token_refused").contains("HTTP 401 Unauthenticated.");
    }

    @Test
    void theWrongEnvironmentBrakeNamesItselfAndSaysItsOneLineOnStandardError() throws Exception {
        Path file = input(5); // unknown to the provider: 404 orderNotFound

        CancelCommand.Result result =
                command.run("--cancel.input=" + file, "--cancel.sanity-window=3", "--cancel.max-in-flight=1");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().lines().toList())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("bulk-cancel: every row sent came back NOT_FOUND")
                .endsWith("(exit 2)");
        JsonNode summary = summary();
        assertThat(summary.get("stop_reason").asString()).isEqualTo("wrong_environment");
        assertThat(summary.get("last_error").get("status").asInt()).isEqualTo(404);
        assertThat(summary.get("last_error").get("message").asString()).isEqualTo("orderNotFound");
        assertThat(lastLines(result.out(), 3)).contains("wrong_environment").contains("--frontpayment.base-url");
        assertThat(newestRunInHistory()).contains("stopped   wrong_environment").contains("HTTP 404 orderNotFound");
    }

    @Test
    void aStallNamesItselfAndWhatTheRunWaitedFor() throws Exception {
        Path file = input(1);
        try (RawProvider raw = new RawProvider(RawProvider.silence())) {
            CancelCommand rawCommand = new CancelCommand(dir, null);

            CancelCommand.Result result = assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () -> rawCommand.run(
                            "--cancel.input=" + file,
                            "--frontpayment.base-url=" + raw.baseUrl(),
                            "--frontpayment.call-timeout=120s",
                            "--frontpayment.response-timeout=120s",
                            "--cancel.shutdown-grace=125s",
                            "--cancel.stall-timeout=1s"));

            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            JsonNode summary = summary();
            assertThat(summary.get("stop_reason").asString()).isEqualTo("stalled");
            assertThat(summary.get("last_error").get("status").isNull()).isTrue();
            assertThat(summary.get("last_error").get("message").asString())
                    .contains("waiting for the provider's answer (line 1)");
            assertThat(lastLines(result.out(), 3)).contains("stalled").contains("rerun the same command");
            assertThat(newestRunInHistory())
                    .contains("stopped   stalled")
                    .contains("waiting for the provider's answer (line 1)");
        }
    }

    @Test
    void aCompletedRunHasNoStopReason() throws Exception {
        Path file = input(2);
        provider.reservation(uuid(1)).reservation(uuid(2));

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(summary().get("stop_reason").isNull()).isTrue();
        assertThat(summary().get("last_error").isNull()).isTrue();
        assertThat(newestRunInHistory()).doesNotContain("stopped");
    }

    @Test
    void resumingARunWhoseFirstStepCompletedShowsNoSpringBatchInternals(CapturedOutput console) throws Exception {
        Path file = input(3);
        String sent = Files.readString(file);
        for (int i = 1; i <= 3; i++) {
            provider.reservation(uuid(i));
        }
        // Another file moved over the input at the first call: the cancel step completes, the report step fails.
        Path other = dir.resolve("other.csv");
        Files.writeString(other, sent.replace(",cancelled", ",other note"));
        AtomicBoolean moved = new AtomicBoolean();
        provider.server().addMockServiceRequestListener((request, response) -> {
            if (moved.compareAndSet(false, true)) {
                try {
                    Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertThat(command.run("--cancel.input=" + file, "--cancel.max-in-flight=1")
                        .exitCode())
                .isEqualTo(1);
        assertThat(summary().get("stop_reason").asString()).isEqualTo("input_changed");

        Files.writeString(file, sent);
        int before = console.getAll().length();
        CancelCommand.Result resumed = command.run("--cancel.input=" + file);

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        String resumeConsole = console.getAll().substring(before);
        assertThat(resumed.out()).contains("bulk-cancel summary");
        assertThat(resumeConsole)
                .contains("Resuming the FAILED run")
                .doesNotContain("StepExecution: id=")
                .doesNotContain("Step already complete")
                .doesNotContain("Executing step")
                .doesNotContain("launched with the following parameters")
                .doesNotContain("\tat org.springframework");
    }
}
