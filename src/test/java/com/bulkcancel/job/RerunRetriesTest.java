package com.bulkcancel.job;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.json;
import static com.bulkcancel.sandbox.SimulatedFrontpayment.serverError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;

/**
 * The plain command, run again, retries the rows that ended FAILED for a transient reason: in every chunk of a
 * resumed run, and in a retry pass after a completed one; never a row with any other outcome, and no row after
 * it ended FAILED in {@code cancel.max-runs-per-row} runs.
 */
class RerunRetriesTest extends SimulatedProviderTest {

    Path file;
    List<String> uuids = new ArrayList<>();

    @BeforeEach
    void prepare() throws Exception {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (int i = 1; i <= 30; i++) {
            String uuid = String.format("5d1e6679-7425-40de-944b-e07fc1f9%04d", i);
            uuids.add(uuid);
            csv.append(uuid).append(",event cancelled\n");
        }
        file = dir.resolve("reservations.csv");
        Files.writeString(file, csv);
    }

    List<Map<String, String>> results() {
        return ResultsCsv.read(dir.resolve("reservations.results.csv"));
    }

    String[] args(String... more) {
        return Stream.concat(
                        Stream.of(
                                "--cancel.input=" + file,
                                "--cancel.max-in-flight=1",
                                "--cancel.rate-per-second=1000",
                                "--cancel.backoff.initial=10ms",
                                "--cancel.backoff.max=10ms"),
                        Stream.of(more))
                .toArray(String[]::new);
    }

    @Test
    void aResumeAfterAnOutageRetriesTheFailedRowsOfCommittedChunksToo() {
        uuids.forEach(provider::reservation);
        // Lines 3-17 fail: the outage stop comes at line 17, after the chunk of lines 1-10 was committed.
        provider.goesDownAt(uuids.get(2));
        String[] args = args("--cancel.chunk-size=10", "--cancel.outage-threshold=15", "--cancel.max-attempts=2");
        assertThat(command.run(args).exitCode()).isEqualTo(1);
        provider.comeBack();

        CancelCommand.Result rerun = command.run(args);

        assertThat(results()).extracting(r -> r.get("outcome")).hasSize(30).containsOnly("CANCELLED");
        assertThat(provider.uuidsCalledAfterTheir202()).isEmpty();
        assertThat(rerun.exitCode()).isZero();
    }

    @Test
    void aRerunAfterACompletedRunSendsOnlyTheTransientFailedRowsAgain() {
        uuids.forEach(provider::reservation);
        List<String> transientlyFailed = List.of(uuids.get(3), uuids.get(4), uuids.get(5));
        transientlyFailed.forEach(u -> provider.failsThenCancels(u, 2, json(503, "{\"message\":\"busy\"}")));
        String undocumented = uuids.get(7);
        provider.answers(undocumented, json(200, "{}"));
        String[] args = args("--cancel.max-attempts=2");
        assertThat(command.run(args).exitCode()).isEqualTo(3);
        int sent = provider.requests().size();

        CancelCommand.Result rerun = command.run(args);

        assertThat(provider.requests()).hasSize(sent + 3);
        transientlyFailed.forEach(u -> assertThat(provider.requestsFor(u)).isEqualTo(3));
        assertThat(provider.requestsFor(undocumented)).isEqualTo(1);
        List<Map<String, String>> rows = results();
        assertThat(rows).hasSize(30);
        for (int line : List.of(4, 5, 6)) {
            assertThat(ResultsCsv.line(rows, line).get("outcome")).isEqualTo("CANCELLED");
            assertThat(ResultsCsv.line(rows, line).get("attempts")).isEqualTo("3"); // attempts count across runs
        }
        assertThat(ResultsCsv.line(rows, 8).get("outcome")).isEqualTo("FAILED");
        assertThat(rows).filteredOn(r -> r.get("outcome").equals("FAILED")).hasSize(1);
        assertThat(rerun.exitCode()).isEqualTo(3); // the undocumented answer stays FAILED for a person

        CancelCommand.Result third = command.run(args);

        assertThat(provider.requests()).hasSize(sent + 3);
        assertThat(third.exitCode()).isEqualTo(3);
    }

    @Test
    void aRerunAfterACompletedRunWhoseTransientRowsNowSucceedExits0() {
        uuids.forEach(provider::reservation);
        provider.failsThenCancels(uuids.get(9), 1, serverError());
        String[] args = args("--cancel.max-attempts=1");
        assertThat(command.run(args).exitCode()).isEqualTo(3);
        int sent = provider.requests().size();

        CancelCommand.Result rerun = command.run(args);

        assertThat(rerun.exitCode()).isZero();
        assertThat(provider.requests()).hasSize(sent + 1);
        assertThat(results()).extracting(r -> r.get("outcome")).hasSize(30).containsOnly("CANCELLED");
        CancelCommand.Result third = command.run(args);
        assertThat(third.exitCode()).isZero();
        assertThat(provider.requests()).hasSize(sent + 1);
    }

    @Test
    void aRowIsNoLongerRetriedOnceItEndedFailedInMaxRunsPerRowRuns() {
        uuids.forEach(provider::reservation);
        String failing = uuids.get(4);
        provider.answers(failing, serverError());
        String[] args = args("--cancel.max-attempts=1", "--cancel.max-runs-per-row=2");
        assertThat(command.run(args).exitCode()).isEqualTo(3);
        assertThat(command.run(args).exitCode()).isEqualTo(3);
        assertThat(provider.requestsFor(failing)).isEqualTo(2);
        int sent = provider.requests().size();

        CancelCommand.Result third = command.run(args);

        assertThat(third.exitCode()).isEqualTo(3);
        assertThat(provider.requests()).hasSize(sent);
        Map<String, String> row = ResultsCsv.line(results(), 5);
        assertThat(row.get("outcome")).isEqualTo("FAILED");
        assertThat(row.get("detail")).contains("cancel.max-runs-per-row");
    }
}
