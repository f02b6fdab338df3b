package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.PostgresJobDatabase;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;

/**
 * One ledger per environment on PostgreSQL, where several runs go at once: two runs of files sharing reservations,
 * started together, send each reservation once; a row whose reservation another live run holds waits for it and
 * then ends FAILED "in flight in run N", and a rerun finds it CANCELLED_EARLIER.
 */
class LedgerPostgresTest extends SimulatedProviderTest {

    PostgresJobDatabase database;
    List<String> uuids = new ArrayList<>();

    @BeforeEach
    void prepare() {
        database = PostgresJobDatabase.create();
        for (int i = 1; i <= 24; i++) {
            String uuid = String.format("7d1e6679-7425-40de-944b-e07fc1f9%04d", i);
            uuids.add(uuid);
        }
    }

    @AfterEach
    void dropSchema() {
        if (database != null) {
            database.close();
        }
    }

    Path file(String name, List<String> rows) throws Exception {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        rows.forEach(u -> csv.append(u).append(",event cancelled\n"));
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return file;
    }

    String[] args(Path file, String... more) {
        return Stream.of(
                        Stream.of(database.args()),
                        Stream.of("--cancel.input=" + file, "--cancel.chunk-size=4", "--cancel.rate-per-second=1000"),
                        Stream.of(more))
                .flatMap(s -> s)
                .toArray(String[]::new);
    }

    static List<Map<String, String>> results(Path file) {
        String name = file.getFileName().toString();
        return ResultsCsv.read(file.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".results.csv"));
    }

    @Test
    void twoRunsSharingReservationsStartedTogetherSendEachOnce() throws Exception {
        uuids.forEach(u -> provider.cancelsSlowly(u, 300));
        Path a = file("a.csv", uuids);
        List<String> reversed = new ArrayList<>(uuids);
        java.util.Collections.reverse(reversed);
        Path b = file("b.csv", reversed);
        command.run(args(a, "--cancel.dry-run")); // creates the schema, so both runs start at once below

        CompletableFuture<CancelCommand.Result> first =
                CompletableFuture.supplyAsync(() -> command.run(args(a, "--cancel.max-in-flight=2")));
        // Two Spring Boot start-ups at the same instant in one JVM race on the shared logging system (a test-only
        // artefact): the second starts once the first sends, while it still has about 3 s of calls to go.
        while (provider.requests().isEmpty()) {
            Thread.sleep(10);
        }
        CompletableFuture<CancelCommand.Result> second =
                CompletableFuture.supplyAsync(() -> command.run(args(b, "--cancel.max-in-flight=2")));
        CancelCommand.Result ra = first.join();
        CancelCommand.Result rb = second.join();

        uuids.forEach(u -> assertThat(provider.requestsFor(u)).as(u).isEqualTo(1));
        assertThat(ra.exitCode()).as(ra.err()).isIn(0, 3);
        assertThat(rb.exitCode()).as(rb.err()).isIn(0, 3);
        // Reruns finish what waited in vain: still one call per reservation.
        assertThat(command.run(args(a)).exitCode()).isZero();
        assertThat(command.run(args(b)).exitCode()).isZero();
        uuids.forEach(u -> assertThat(provider.requestsFor(u)).as(u).isEqualTo(1));
        for (String u : uuids) {
            List<String> outcomes = Stream.of(results(a), results(b))
                    .flatMap(List::stream)
                    .filter(r -> r.get("reservation_uuid").equals(u))
                    .map(r -> r.get("outcome"))
                    .toList();
            assertThat(outcomes).as(u).containsExactlyInAnyOrder("CANCELLED", "CANCELLED_EARLIER");
        }
    }

    @Test
    void aRowAnotherLiveRunHoldsEndsFailedInFlightThenCancelledEarlier() throws Exception {
        String slow = uuids.get(0);
        provider.cancelsSlowly(slow, 12_000);
        uuids.subList(1, 4).forEach(provider::reservation);
        Path a = file("a.csv", List.of(slow));
        Path b = file("b.csv", uuids.subList(0, 4));
        command.run(args(a, "--cancel.dry-run"));
        CompletableFuture<CancelCommand.Result> first = CompletableFuture.supplyAsync(() -> command.run(args(a)));
        while (provider.requestsFor(slow) == 0) {
            Thread.sleep(50);
        }

        CancelCommand.Result held = command.run(args(b));

        assertThat(held.exitCode()).isEqualTo(3);
        Map<String, String> row = ResultsCsv.line(results(b), 1);
        assertThat(row.get("outcome")).isEqualTo("FAILED");
        assertThat(row.get("detail"))
                .contains("in flight in run ")
                .contains(a.toRealPath().toString());
        assertThat(first.join().exitCode()).isZero();

        CancelCommand.Result rerun = command.run(args(b));

        assertThat(rerun.exitCode()).isZero();
        assertThat(provider.requestsFor(slow)).isEqualTo(1);
        row = ResultsCsv.line(results(b), 1);
        assertThat(row.get("outcome")).isEqualTo("CANCELLED_EARLIER");
        assertThat(row.get("detail")).contains(a.toRealPath().toString());
    }
}
