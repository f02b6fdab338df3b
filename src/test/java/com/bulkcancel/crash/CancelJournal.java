package com.bulkcancel.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import com.bulkcancel.ResultsCsv;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * A file of cancellable reservations and the checks every crash test ends with, from the provider's request
 * journal and the results file: every line exactly once, no call for a UUID after its 202 was recorded, and
 * calls repeated only for lines whose answer the interrupted run never recorded (at most once per interruption).
 */
final class CancelJournal {

    private final SimulatedFrontpayment provider;
    private final List<String> uuids = new ArrayList<>();

    CancelJournal(SimulatedFrontpayment provider, long seed, int rows) {
        this.provider = provider;
        for (int i = 0; i < rows; i++) {
            String uuid = new UUID(seed << 16 | 0x4000L, 0x8000_0000_0000_0000L + i).toString();
            uuids.add(uuid);
            provider.reservation(uuid);
        }
    }

    Path writeInput(Path file) throws Exception {
        List<String> lines = new ArrayList<>(List.of("reservation_uuid,note"));
        uuids.forEach(u -> lines.add(u + ",event cancelled"));
        Files.write(file, lines);
        return file;
    }

    /**
     * The provider answers the first {@code calls} calls for these reservations, then holds its answers (each at
     * most {@code atMost}) until {@link SimulatedFrontpayment#releaseAnswers}: the run stays mid-run meanwhile.
     */
    void holdAnswersAfter(int calls, Duration atMost) {
        provider.holdAnswers(uuids, calls, atMost);
    }

    int requestCount() {
        return provider.server().getAllServeEvents().size();
    }

    /** @param interruptions kill -9s before the run that completed (a SIGTERM records its answers: 0) */
    void assertCompleteAndNeverCancelledTwice(Path results, int interruptions, int maxInFlight) {
        List<Map<String, String>> rows = ResultsCsv.read(results);
        assertThat(rows)
                .extracting(r -> r.get("line"))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, uuids.size())
                        .mapToObj(String::valueOf)
                        .toList());
        Map<String, List<ServeEvent>> calls = new HashMap<>();
        for (ServeEvent event : provider.server().getAllServeEvents()) {
            String url = event.getRequest().getUrl();
            calls.computeIfAbsent(url.substring(url.lastIndexOf('/') + 1), k -> new ArrayList<>())
                    .add(event);
        }
        int resentAfterInterruption = 0;
        for (Map<String, String> row : rows) {
            String uuid = row.get("reservation_uuid");
            assertThat(uuid).isEqualTo(uuids.get(Integer.parseInt(row.get("line")) - 1));
            List<ServeEvent> events = calls.getOrDefault(uuid, List.of());
            events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
            assertThat(events)
                    .as("calls for line %s", row.get("line"))
                    .isNotEmpty()
                    .hasSizeLessThanOrEqualTo(1 + interruptions);
            int first202 = indexOf202(events);
            assertThat(first202)
                    .as("line %s was cancelled by one of its calls", row.get("line"))
                    .isNotNegative();
            switch (row.get("outcome")) {
                case "CANCELLED" ->
                    assertThat(first202)
                            .as("no call for line %s after its 202", row.get("line"))
                            .isEqualTo(events.size() - 1);
                case "ALREADY_FINAL" -> {
                    // Its 202 reached the provider but the answer was lost with the killed run: sent once more,
                    // and reported truthfully.
                    assertThat(row.get("detail")).contains("interrupted earlier run");
                    assertThat(events.size() - 1 - first202).isEqualTo(1);
                    resentAfterInterruption++;
                }
                default -> throw new AssertionError("line " + row.get("line") + " ended " + row);
            }
        }
        assertThat(resentAfterInterruption).isLessThanOrEqualTo(interruptions * maxInFlight);
    }

    private static int indexOf202(List<ServeEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).getResponseDefinition().getStatus() == 202) {
                return i;
            }
        }
        return -1;
    }
}
