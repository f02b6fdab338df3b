package com.bulkcancel.provider;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.document;
import static com.bulkcancel.sandbox.SimulatedFrontpayment.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.benchmark.LoadProvider;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/** The real job with several calls in flight: rate limit, concurrency cap, 429 pause, order and exact attempts. */
@ExtendWith(OutputCaptureExtension.class)
class ConcurrentCallsTest extends SimulatedProviderTest {

    static List<String> uuids(int n, long seed) {
        Random random = new Random(seed);
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            uuids.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        return uuids;
    }

    Path input(List<String> uuids) throws Exception {
        Path file = dir.resolve("reservations.csv");
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        uuids.forEach(u -> csv.append(u).append(",event cancelled\n"));
        Files.writeString(file, csv);
        return file;
    }

    List<Map<String, String>> results() {
        return ResultsCsv.read(dir.resolve("reservations.results.csv"));
    }

    static List<Long> startMillis(List<LoggedRequest> requests) {
        return requests.stream().map(r -> r.getLoggedDate().getTime()).toList();
    }

    @Test
    void callsStartNoFasterThanTheRateInAnyOneSecondWindow() throws Exception {
        List<String> uuids = uuids(60, 1);
        uuids.forEach(provider::reservation);

        CancelCommand.Result result = command.run(
                "--cancel.input=" + input(uuids), "--cancel.rate-per-second=20", "--cancel.max-in-flight=8");

        assertThat(result.exitCode()).isZero();
        List<Long> arrivals = startMillis(provider.requests());
        assertThat(arrivals).hasSize(60);
        // Server-side arrival times stand in for start times. The run's first call also opens the connection, so
        // it arrives tens of milliseconds after it started: it is left out of the window check.
        List<Long> starts = arrivals.subList(1, arrivals.size());
        assertThat(StartWindows.maxInAnyWindow(starts, 1000))
                .as("starts %s", starts)
                .isLessThanOrEqualTo(21);
        double achieved = (starts.size() - 1) * 1000.0 / (starts.get(starts.size() - 1) - starts.get(0));
        assertThat(achieved).as("calls/s").isBetween(20 * 0.9, 21.0);
    }

    @Test
    void inFlightCallsNeverExceedMaxInFlight() throws Exception {
        List<String> uuids = uuids(40, 2);
        try (LoadProvider slow = new LoadProvider(Duration.ofMillis(100))) {
            CancelCommand.Result result = new CancelCommand(dir, null)
                    .withArgs("--frontpayment.base-url=" + slow.baseUrl())
                    .run("--cancel.input=" + input(uuids), "--cancel.rate-per-second=1000", "--cancel.max-in-flight=4");

            assertThat(result.exitCode()).isZero();
            assertThat(slow.arrivals()).hasSize(40);
            assertThat(slow.maxInFlight()).as("most calls in flight at once").isEqualTo(4);
        }
        assertThat(results()).extracting(r -> r.get("outcome")).containsOnly("CANCELLED");
    }

    @Test
    void a429WithRetryAfterPausesAllCallsCountsAsAnAttemptAndLowersTheRate(CapturedOutput log) throws Exception {
        List<String> uuids = uuids(30, 3);
        uuids.forEach(provider::reservation);
        String throttled = uuids.get(4);
        provider.failsThenCancels(
                throttled, 1, json(429, "{\"message\":\"Too Many Attempts.\"}").withHeader("Retry-After", "1"));

        CancelCommand.Result result = command.run(
                "--cancel.input=" + input(uuids), "--cancel.rate-per-second=20", "--cancel.max-in-flight=4");

        assertThat(result.exitCode()).isZero();
        List<LoggedRequest> requests = provider.requests();
        assertThat(requests).hasSize(31);
        long throttledAt = requests.stream()
                .filter(r -> r.getUrl().endsWith(throttled))
                .findFirst()
                .orElseThrow()
                .getLoggedDate()
                .getTime();
        // Calls already on their way when the 429 came back may land just after it; none start in the pause.
        assertThat(startMillis(requests)).noneMatch(t -> t > throttledAt + 100 && t < throttledAt + 1000);
        assertThat(startMillis(requests))
                .filteredOn(t -> t >= throttledAt + 1000)
                .hasSizeGreaterThan(20);
        Map<String, String> row = results().stream()
                .filter(r -> r.get("reservation_uuid").equals(throttled))
                .findFirst()
                .orElseThrow();
        assertThat(row.get("outcome")).isEqualTo("CANCELLED");
        assertThat(row.get("attempts")).isEqualTo("2");
        assertThat(log).contains("pausing all calls for 1000 ms, rate lowered to 10/s (configured 20/s)");
    }

    @Test
    void resultsKeepInputOrderAndAttemptCountsStayExactUnderConcurrency() throws Exception {
        List<String> uuids = uuids(40, 4);
        Random delays = new Random(5);
        Map<String, String[]> expected = new LinkedHashMap<>(); // uuid -> outcome, attempts
        for (int i = 0; i < uuids.size(); i++) {
            String uuid = uuids.get(i);
            int delay = delays.nextInt(80);
            switch (i % 5) {
                case 0, 1 -> {
                    provider.answers(uuid, document(202, "cancelled.json").withFixedDelay(delay));
                    expected.put(uuid, new String[] {"CANCELLED", "1"});
                }
                case 2 -> {
                    provider.failsThenCancels(
                            uuid, 2, SimulatedFrontpayment.serverError().withFixedDelay(delay));
                    expected.put(uuid, new String[] {"CANCELLED", "3"});
                }
                case 3 -> {
                    provider.answers(uuid, document(417, "rejected.json").withFixedDelay(delay));
                    expected.put(uuid, new String[] {"REJECTED", "1"});
                }
                default -> expected.put(uuid, new String[] {"NOT_FOUND", "1"});
            }
        }
        String alwaysFails = uuids.get(7);
        provider.answers(alwaysFails, SimulatedFrontpayment.serverError());
        expected.put(alwaysFails, new String[] {"FAILED", "5"});

        CancelCommand.Result result = command.run(
                "--cancel.input=" + input(uuids),
                "--cancel.rate-per-second=1000",
                "--cancel.max-in-flight=8",
                "--cancel.chunk-size=16");

        assertThat(result.exitCode()).isEqualTo(3);
        List<Map<String, String>> rows = results();
        assertThat(rows).extracting(r -> r.get("reservation_uuid")).containsExactlyElementsOf(uuids);
        assertThat(rows).extracting(r -> Long.parseLong(r.get("line"))).isSorted();
        for (Map<String, String> row : rows) {
            String uuid = row.get("reservation_uuid");
            assertThat(new String[] {row.get("outcome"), row.get("attempts")})
                    .as(uuid)
                    .containsExactly(expected.get(uuid));
            assertThat(provider.requestsFor(uuid))
                    .as("calls for " + uuid)
                    .isEqualTo(Long.parseLong(row.get("attempts")));
        }
    }
}
