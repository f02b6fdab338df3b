package com.bulkcancel.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/** If the first rows sent all come back NOT_FOUND, the base URL probably points at the wrong environment. */
@ExtendWith(OutputCaptureExtension.class)
class WrongEnvironmentBrakeTest extends SimulatedProviderTest {

    /** The simulated provider knows none of the UUIDs: 404 orderNotFound for all. */
    @BeforeEach
    void prepare() {
        command.withArgs("--cancel.rate-per-second=1000", "--cancel.max-in-flight=4", "--cancel.chunk-size=10");
    }

    Path input(int rows) throws Exception {
        List<String> lines = new ArrayList<>(List.of("reservation_uuid,note"));
        for (int i = 0; i < rows; i++) {
            lines.add(new UUID(0x5eed_0000_0000_4000L, 0x8000_0000_0000_0000L + i) + ",event cancelled");
        }
        Path file = dir.resolve("reservations.csv");
        Files.write(file, lines);
        return file;
    }

    @Test
    void theFirstWindowOfNotFoundAnswersStopsTheRunWithExit2AndTheConfirmedRerunResumes() throws Exception {
        Path file = input(60);

        CancelCommand.Result braked = command.run("--cancel.input=" + file, "--cancel.sanity-window=20");

        assertThat(braked.exitCode()).isEqualTo(2);
        int sentBeforeBrake = provider.requests().size();
        assertThat(sentBeforeBrake).isBetween(20, 20 + 4); // the window, plus at most the calls then in flight

        CancelCommand.Result confirmed = command.run("--cancel.input=" + file, "--cancel.sanity-window=0");

        assertThat(confirmed.exitCode()).isZero();
        List<Map<String, String>> rows = ResultsCsv.read(dir.resolve("reservations.results.csv"));
        assertThat(rows).hasSize(60).extracting(r -> r.get("outcome")).containsOnly("NOT_FOUND");
        assertThat(new HashSet<>(
                        provider.requests().stream().map(r -> r.getUrl()).toList()))
                .hasSize(60);
        assertThat(provider.requests()).hasSize(60); // no row sent twice across the two runs
    }

    @Test
    void anyOtherAnswerInTheWindowReleasesTheBrake() throws Exception {
        Path file = input(30);
        String fifth = new UUID(0x5eed_0000_0000_4000L, 0x8000_0000_0000_0000L + 4).toString();
        provider.reservation(fifth);

        CancelCommand.Result result = command.run("--cancel.input=" + file, "--cancel.sanity-window=20");

        assertThat(result.exitCode()).isZero();
        assertThat(provider.requests()).hasSize(30);
    }

    @Test
    void fewerAnswersThanTheWindowNeverTripIt() {
        WrongEnvironmentBrake brake = new WrongEnvironmentBrake(3);
        assertThat(brake.tripsOn(Outcome.NOT_FOUND)).isFalse();
        assertThat(brake.tripsOn(Outcome.FAILED)).isFalse(); // no answer: does not count
        assertThat(brake.tripsOn(Outcome.NOT_FOUND)).isFalse();
        assertThat(brake.tripsOn(Outcome.NOT_FOUND)).isTrue();
        assertThat(brake.tripsOn(Outcome.NOT_FOUND)).isFalse(); // trips once
        assertThat(new WrongEnvironmentBrake(0).tripsOn(Outcome.NOT_FOUND)).isFalse();
    }

    /** The brake's default window: the first 50 answers. */
    static final int WINDOW = 50;
    /** How long the first 49 NOT_FOUND answers take. */
    static final int FAST_MILLIS = 150;
    /**
     * How long the 50th and every later NOT_FOUND answer takes: the brake trips no sooner than this after the 50th
     * line is sent, so the lines sent right after it (at 100 calls/s, with the workers of the fast lines free again)
     * are surely on the wire by then, even if a thread is held up for a second.
     */
    static final int SLOW_MILLIS = 1_500;

    /**
     * 49 UUIDs the provider does not know, answered after {@link #FAST_MILLIS}; a 50th, answered after
     * {@link #SLOW_MILLIS}; then {@code known} ones it cancels after {@code cancelMillis}; then {@code unknownAfter}
     * unknown ones again, answered after {@link #SLOW_MILLIS}.
     */
    Path brakeInput(int known, int unknownAfter, int cancelMillis) throws Exception {
        List<String> lines = new ArrayList<>(List.of("reservation_uuid,note"));
        for (int i = 0; i < WINDOW + known + unknownAfter; i++) {
            String uuid = uuid(i);
            if (i < WINDOW - 1) {
                answersNotFound(uuid, FAST_MILLIS);
            } else if (i == WINDOW - 1 || i >= WINDOW + known) {
                answersNotFound(uuid, SLOW_MILLIS);
            } else {
                provider.cancelsSlowly(uuid, cancelMillis);
            }
            lines.add(uuid + ",event cancelled");
        }
        Path file = dir.resolve("reservations.csv");
        Files.write(file, lines);
        return file;
    }

    static String uuid(int index) {
        return new UUID(0x5eed_0000_0000_4000L, 0x8000_0000_0000_0000L + index).toString();
    }

    void answersNotFound(String uuid, int latencyMillis) {
        provider.answers(
                uuid, SimulatedFrontpayment.document(404, "not-found.json").withFixedDelay(latencyMillis));
    }

    long answered202() {
        return provider.server().getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() == 202)
                .count();
    }

    JsonNode summary() {
        return JsonMapper.builder()
                .build()
                .readTree(dir.resolve("reservations.results.summary.json").toFile());
    }

    /**
     * 50 unknown UUIDs, then 5 real ones, then 80 unknown ones, at 100 calls/s: the 5 real reservations' calls are
     * sent within some 100 ms of the 50th line, whose NOT_FOUND takes 1.5 s (as do the later unknown ones'), so they
     * are in flight when the brake trips, and they are cancelled. The run must not say nothing was. The rerun finds
     * CANCELLED answers recorded: the brake is off, so the 50 and more unknown UUIDs left, all the rerun sends, do
     * not trip it.
     */
    @Test
    void callsInFlightWhenTheBrakeTripsAreWaitedForAndTheirCancellationsAreNotDenied(CapturedOutput console)
            throws Exception {
        // The cancellations take 3 s: they surely arrive after the 50th NOT_FOUND, 1.5 s after the 50th line was
        // sent (a CANCELLED among the first 50 answers would release the brake instead).
        Path file = brakeInput(5, 80, 3_000);

        CancelCommand.Result braked = command.run(
                "--cancel.input=" + file,
                "--cancel.rate-per-second=100",
                "--cancel.max-in-flight=16",
                "--cancel.chunk-size=1000"); // the defaults at 100/s

        long cancelled = answered202();
        assertThat(cancelled)
                .as("calls of real reservations in flight when the brake tripped")
                .isEqualTo(5);
        assertThat(braked.exitCode()).as(braked.err()).isEqualTo(1);
        assertThat(console.getAll()).doesNotContain("None of those rows was cancelled");
        assertThat(braked.err()).doesNotContain("nothing was cancelled");
        assertThat(console.getAll())
                .contains("the first 50 answers were NOT_FOUND")
                .contains("(" + cancelled + " CANCELLED)")
                .contains("rerun the same command to resume");
        assertThat(summary().get("counts").get("CANCELLED").asLong()).isEqualTo(cancelled);
        assertThat(summary().get("counts").get("NOT_FOUND").asLong())
                .isEqualTo(provider.requests().size() - cancelled);
        assertThat(summary().get("exit_code").asInt()).isEqualTo(1);
        int sentBraked = provider.requests().size();

        // The instance has CANCELLED answers now: the brake stays off, and the same command completes the file.
        // (How long the answers take no longer matters: they come at once.)
        for (int i = WINDOW + 5; i < WINDOW + 5 + 80; i++) {
            answersNotFound(uuid(i), 0);
        }
        CancelCommand.Result resumed = command.run(
                "--cancel.input=" + file,
                "--cancel.rate-per-second=100",
                "--cancel.max-in-flight=16",
                "--cancel.chunk-size=1000"); // the defaults at 100/s

        assertThat(resumed.exitCode()).isZero();
        assertThat(provider.requests().size() - sentBraked)
                .as("calls the rerun sent, all answered NOT_FOUND: enough to trip a brake that was on")
                .isGreaterThanOrEqualTo(WINDOW);
        List<Map<String, String>> rows = ResultsCsv.read(dir.resolve("reservations.results.csv"));
        assertThat(rows).hasSize(135);
        assertThat(rows.subList(0, 50)).extracting(r -> r.get("outcome")).containsOnly("NOT_FOUND");
        assertThat(rows.subList(50, 55)).extracting(r -> r.get("outcome")).containsOnly("CANCELLED");
        assertThat(rows.subList(55, 135)).extracting(r -> r.get("outcome")).containsOnly("NOT_FOUND");
        assertThat(provider.requests()).hasSize(135); // no line sent twice
        assertThat(provider.uuidsCalledAfterTheir202()).isEmpty();
    }

    /**
     * A call in flight that ends FAILED (its retry cut by the stop) may have cancelled: no "nothing was cancelled".
     * Line 53 is sent within some 100 ms of line 50, whose NOT_FOUND trips the brake 1.5 s after it was sent; its
     * retry would come 30 to 60 s after its 5xx, long after the stop.
     */
    @Test
    void aSentRowLeftFailedWhenTheBrakeTripsMeansExit1() throws Exception {
        Path file = brakeInput(0, 30, 0);
        String troubled = uuid(52);
        provider.answers(troubled, SimulatedFrontpayment.serverError().withFixedDelay(FAST_MILLIS));

        CancelCommand.Result braked = command.run(
                "--cancel.input=" + file,
                "--cancel.rate-per-second=100",
                "--cancel.max-in-flight=16",
                "--cancel.chunk-size=1000",
                "--cancel.backoff.initial=60s",
                "--cancel.backoff.max=60s");

        assertThat(provider.requestsFor(troubled))
                .as("the troubled row was in flight")
                .isEqualTo(1);
        assertThat(braked.exitCode()).isEqualTo(1);
        assertThat(braked.err()).isEmpty();
        assertThat(summary().get("counts").get("FAILED").asLong()).isEqualTo(1);
    }

    @Test
    void whenEveryCallInFlightIsAlsoNotFoundTheBrakeSaysNothingWasCancelledInOneLineOnStderr() throws Exception {
        // Line 51 and later are sent within some 100 ms of line 50, whose NOT_FOUND takes 1.5 s: in flight then.
        Path file = brakeInput(0, 30, 0);

        CancelCommand.Result braked = command.run(
                "--cancel.input=" + file,
                "--cancel.rate-per-second=100",
                "--cancel.max-in-flight=16",
                "--cancel.chunk-size=1000"); // the defaults at 100/s

        assertThat(braked.exitCode()).isEqualTo(2);
        assertThat(provider.requests().size()).isBetween(51, 80); // the calls in flight were answered too
        assertThat(braked.err().lines().toList())
                .singleElement()
                .asString()
                .contains("came back NOT_FOUND")
                .contains("none was cancelled")
                .contains("--cancel.sanity-window=0")
                .endsWith("(exit 2)");
        assertThat(summary().get("counts").get("NOT_FOUND").asLong())
                .isEqualTo(provider.requests().size());
    }
}
