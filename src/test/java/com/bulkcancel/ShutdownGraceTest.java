package com.bulkcancel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGTERM while a call is still in flight when {@code cancel.shutdown-grace} is over: the process ends there, and
 * the summary on disk at that moment says the run is unfinished and its results are not complete.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownGraceTest extends SimulatedProviderTest {

    static final String SLOW = "00000000-0000-4000-8000-000000000001";

    @Test
    void aRunCutOffAtTheShutdownGraceStillLeavesASummarySayingResultsAreNotComplete() throws Exception {
        Path input = dir.resolve("reservations.csv");
        Files.writeString(input, "reservation_uuid,note\n" + SLOW + ",a\n00000000-0000-4000-8000-000000000002,b\n");
        provider.cancelsSlowly(SLOW, 8_000);
        Path summaryFile = dir.resolve("reservations.results.summary.json");
        AtomicInteger haltedWith = new AtomicInteger(-1);
        AtomicReference<String> summaryAtHalt = new AtomicReference<>();
        CountDownLatch halted = new CountDownLatch(1);
        GracefulShutdown shutdown = new GracefulShutdown(code -> {
            // What a real halt would leave behind: the files on disk at this moment.
            haltedWith.set(code);
            summaryAtHalt.set(Files.exists(summaryFile) ? read(summaryFile) : null);
            halted.countDown();
        });

        CompletableFuture<CancelCommand.Result> run = CompletableFuture.supplyAsync(
                () -> command.run(shutdown, "--cancel.input=" + input, "--cancel.max-in-flight=1"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (provider.requests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(provider.requests()).hasSize(1);
        Thread signal = new Thread(shutdown::onSignal, "test-sigterm");
        signal.start();
        // The hook's wait ends as at the grace, whatever grace is configured: its wait is cut short.
        signal.interrupt();

        assertThat(halted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(haltedWith.get()).isEqualTo(1);
        assertThat(summaryAtHalt.get())
                .as("summary on disk when the process halted")
                .isNotNull();
        JsonNode summary = JsonMapper.builder().build().readTree(summaryAtHalt.get());
        assertThat(summary.get("results_complete").asBoolean()).isFalse();
        assertThat(summary.get("status").asString()).isEqualTo("UNFINISHED");
        assertThat(summary.get("exit_code").asInt()).isEqualTo(1);
        assertThat(summary.get("stop_reason").asString()).isEqualTo("shutdown");
        assertThat(summary.get("stop_description").asString()).contains("shutdown grace");
        assertThat(summary.get("next").asString()).contains("--cancel.report");

        // The in-process command goes on until the slow answer came (a real halt would have ended it).
        assertThat(run.get(60, TimeUnit.SECONDS).exitCode()).isEqualTo(1);
        signal.join(10_000);
    }

    /** SIGTERM once the slow first call is in flight; the run stops within the grace. */
    CancelCommand.Result stoppedBySigterm(Path input) throws Exception {
        provider.cancelsSlowly(SLOW, 2_000);
        AtomicInteger haltedWith = new AtomicInteger(-1);
        GracefulShutdown shutdown = new GracefulShutdown(haltedWith::set);
        CompletableFuture<CancelCommand.Result> run = CompletableFuture.supplyAsync(() -> command.run(
                shutdown, "--cancel.input=" + input, "--cancel.max-in-flight=1", "--cancel.shutdown-grace=60s"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (provider.requests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(provider.requests()).hasSize(1);
        Thread signal = new Thread(shutdown::onSignal, "test-sigterm");
        signal.start();
        CancelCommand.Result result = run.get(60, TimeUnit.SECONDS);
        signal.join(10_000);
        assertThat(haltedWith.get()).isEqualTo(1);
        assertThat(result.exitCode()).isEqualTo(1);
        return result;
    }

    Path input(int rows) throws IOException {
        StringBuilder csv =
                new StringBuilder("reservation_uuid,note\n").append(SLOW).append(",a\n");
        for (int i = 2; i <= rows; i++) {
            csv.append(String.format("00000000-0000-4000-8000-%012d", i)).append(",cancelled by the support team\n");
        }
        Path input = dir.resolve("reservations.csv");
        Files.writeString(input, csv);
        return input;
    }

    @Test
    void aSigtermStopOfASmallFileWritesTheResultsSoFar() throws Exception {
        stoppedBySigterm(input(3));

        var rows = ResultsCsv.read(dir.resolve("reservations.results.csv"));
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("CANCELLED", "PENDING", "PENDING");
        JsonNode summary = JsonMapper.builder()
                .build()
                .readTree(dir.resolve("reservations.results.summary.json").toFile());
        assertThat(summary.get("results_complete").asBoolean()).isFalse();
        assertThat(summary.get("next").asString()).contains("--cancel.report");
    }

    @Test
    void aSigtermStopOfALargeFileLeavesTheResultsToTheReportCommand(CapturedOutput console) throws Exception {
        Path input = input(25_000); // over 1 MiB
        assertThat(Files.size(input)).isGreaterThan(1L << 20);

        CancelCommand.Result result = stoppedBySigterm(input);

        assertThat(dir.resolve("reservations.results.csv")).doesNotExist();
        assertThat(console.getAll()).contains("results are not written now").contains("--cancel.report");
        assertThat(result.out()).contains("--cancel.report");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
