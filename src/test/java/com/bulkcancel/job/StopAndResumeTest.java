package com.bulkcancel.job;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.json;
import static com.bulkcancel.sandbox.SimulatedFrontpayment.serverError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/** What stops a run, what the exit code says, and how the same command resumes. */
class StopAndResumeTest extends SimulatedProviderTest {

    Path file;
    List<String> uuids = new ArrayList<>();

    @BeforeEach
    void prepare() throws Exception {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (int i = 1; i <= 30; i++) {
            String uuid = String.format("7c9e6679-7425-40de-944b-e07fc1f9%04d", i);
            uuids.add(uuid);
            provider.reservation(uuid);
            csv.append(uuid).append(",event cancelled\n");
        }
        file = dir.resolve("reservations.csv");
        Files.writeString(file, csv);
    }

    List<Map<String, String>> results() {
        return ResultsCsv.read(dir.resolve("reservations.results.csv"));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void aRefusedTokenStopsAtOnceWithExit4AndSendsNothingMore(int status) {
        provider.answers(uuids.get(0), json(status, "{\"message\":\"Unauthenticated.\"}"));

        CancelCommand.Result result = command.run("--cancel.input=" + file, "--cancel.max-in-flight=1");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(provider.requests()).hasSize(1);
        // The results say so: nothing cancelled, the lines not sent PENDING (issue 13: results while unfinished).
        assertThat(ResultsCsv.read(dir.resolve("reservations.results.csv")))
                .extracting(r -> r.get("outcome"))
                .doesNotContain("CANCELLED")
                .contains("PENDING");
    }

    @Test
    void aRefusedTokenCostsOneCallEvenWithManyInFlight() {
        provider.answers(uuids.get(0), json(401, "{}"));

        CancelCommand.Result result =
                command.run("--cancel.input=" + file, "--cancel.max-in-flight=8", "--cancel.rate-per-second=1000");

        assertThat(result.exitCode()).isEqualTo(4);
        // A run's first call goes alone: the others wait for its answer, and after a 401 none starts.
        assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void aRefusedTokenMidRunLetsCallsInFlightFinishAndStartsNoNewOne() {
        // The first line is answered, then the second is refused while slow calls of later lines are in flight.
        // They take 2 s: their workers stay busy until the 401 is seen, even if its worker is held up for a second.
        provider.answers(uuids.get(1), json(401, "{}"));
        uuids.subList(2, uuids.size())
                .forEach(u -> provider.answers(
                        u, SimulatedFrontpayment.document(202, "cancelled.json").withFixedDelay(2_000)));

        CancelCommand.Result result =
                command.run("--cancel.input=" + file, "--cancel.max-in-flight=4", "--cancel.rate-per-second=1000");

        assertThat(result.exitCode()).isEqualTo(4);
        // The first call, then at most the four workers' calls: slow calls hold every worker until the 401 is seen.
        assertThat(provider.requests().size()).isBetween(2, 5);
    }

    @Test
    void afterTheTokenIsFixedTheSameCommandResumesAndCancelsEverything() {
        command.withEnv("FRONTPAYMENT_TOKEN", "wrong-token");
        assertThat(command.run("--cancel.input=" + file, "--cancel.max-in-flight=1")
                        .exitCode())
                .isEqualTo(4);

        command.withEnv("FRONTPAYMENT_TOKEN", SimulatedFrontpayment.TOKEN);
        CancelCommand.Result rerun = command.run("--cancel.input=" + file, "--cancel.max-in-flight=1");

        assertThat(rerun.exitCode()).isZero();
        assertThat(results())
                .extracting(r -> r.get("outcome"))
                .containsOnly("CANCELLED")
                .hasSize(30);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8})
    void anOutageStopsTheRunWithExit1AndTheRerunCompletesEveryLineOnce(int inFlight) {
        provider.goesDownAt(uuids.get(15));
        String[] args = {
            "--cancel.input=" + file,
            "--cancel.max-in-flight=" + inFlight,
            "--cancel.chunk-size=10",
            "--cancel.outage-threshold=3",
            "--cancel.max-attempts=2",
            "--cancel.rate-per-second=1000"
        };

        CancelCommand.Result first = command.run(args);

        assertThat(first.exitCode()).isEqualTo(1);
        provider.comeBack();
        CancelCommand.Result rerun = command.run(args);

        List<Map<String, String>> rows = results();
        assertThat(rows)
                .extracting(r -> r.get("line"))
                .containsExactlyElementsOf(uuids.stream()
                        .map(u -> String.valueOf(uuids.indexOf(u) + 1))
                        .toList());
        assertThat(rows).extracting(r -> r.get("reservation_uuid")).containsExactlyElementsOf(uuids);
        if (inFlight == 1) {
            assertThat(provider.uuidsCalledAfterTheir202()).isEmpty();
            assertThat(rerun.exitCode()).isZero();
            assertThat(rows).extracting(r -> r.get("outcome")).containsOnly("CANCELLED");
        } else {
            // Calls cut off when the provider went down stay FAILED if their chunk had finished: exit 3.
            assertThat(rerun.exitCode()).isIn(0, 3);
            assertThat(rows)
                    .filteredOn(r -> r.get("outcome").equals("FAILED"))
                    .allMatch(r -> r.get("detail").contains("may have acted"));
            // A call cut off by the outage may have been answered 202 that never arrived: sent again, it must
            // say it may have been cancelled by the interrupted attempt, never pretend it was not.
            for (String uuid : provider.uuidsCalledAfterTheir202()) {
                Map<String, String> row = rows.get(uuids.indexOf(uuid));
                assertThat(row.get("outcome")).isEqualTo("ALREADY_FINAL");
                assertThat(row.get("detail")).contains("may have been cancelled");
            }
        }
    }

    @Test
    void aStoppingRunDoesNotWaitForALineInALongBackoff() {
        provider.answers(uuids.get(0), serverError()); // retried after 30-60 s
        provider.answers(uuids.get(1), json(404, "<html>proxy</html>")); // FAILED at once: the outage threshold

        CancelCommand.Result result = command.run(
                "--cancel.input=" + file,
                "--cancel.outage-threshold=1",
                "--cancel.backoff.initial=60s",
                "--cancel.backoff.max=60s");
        Instant ended = Instant.now();

        assertThat(result.exitCode()).isEqualTo(1);
        // From the provider receiving the call whose answer stops the run to the command's end (the start-up, slow
        // on a loaded machine, left out): a run that waited for line 1's retry would take 30 s or more.
        Instant stoppingCall = provider.requests().stream()
                .filter(r -> r.getUrl().equals(SimulatedFrontpayment.PATH + uuids.get(1)))
                .map(r -> r.getLoggedDate().toInstant())
                .findFirst()
                .orElseThrow();
        assertThat(Duration.between(stoppingCall, ended)).isLessThan(Duration.ofSeconds(20));
        assertThat(provider.requestsFor(uuids.get(0))).isEqualTo(1);
    }

    @Test
    void duplicatesAreJudgedTheSameAcrossAResume() throws Exception {
        // Line 31 repeats line 3 (decided before the outage) and line 32 repeats line 18 (in the replayed chunk).
        Files.writeString(file, Files.readString(file) + uuids.get(2) + ",again\n" + uuids.get(17) + ",again\n");
        provider.goesDownAt(uuids.get(15));
        String[] args = {
            "--cancel.input=" + file,
            "--cancel.max-in-flight=1",
            "--cancel.chunk-size=10",
            "--cancel.outage-threshold=3",
            "--cancel.max-attempts=2",
            "--cancel.rate-per-second=1000"
        };
        assertThat(command.run(args).exitCode()).isEqualTo(1);
        provider.comeBack();

        assertThat(command.run(args).exitCode()).isZero();

        List<Map<String, String>> rows = results();
        assertThat(rows).hasSize(32);
        assertThat(rows.subList(0, 30)).extracting(r -> r.get("outcome")).containsOnly("CANCELLED");
        assertThat(ResultsCsv.line(rows, 31).get("outcome")).isEqualTo("DUPLICATE");
        assertThat(ResultsCsv.line(rows, 31).get("detail")).contains("line 3");
        assertThat(ResultsCsv.line(rows, 32).get("outcome")).isEqualTo("DUPLICATE");
        assertThat(ResultsCsv.line(rows, 32).get("detail")).contains("line 18");
        assertThat(provider.uuidsCalledAfterTheir202()).isEmpty();
    }

    @Test
    void aRerunAfterCompletionSendsNothingAndRepeatsExit0() {
        assertThat(command.run("--cancel.input=" + file).exitCode()).isZero();
        int sent = provider.requests().size();

        CancelCommand.Result again = command.run("--cancel.input=" + file);

        assertThat(again.exitCode()).isZero();
        assertThat(provider.requests()).hasSize(sent);
    }

    @Test
    void aRerunAfterCompletionWithNothingLeftToRetrySendsNothingAndRepeatsExit3() {
        // With cancel.max-runs-per-row=1 the FAILED row is not retried by a rerun (RerunRetriesTest: when it is).
        provider.answers(uuids.get(4), serverError());
        assertThat(command.run("--cancel.input=" + file, "--cancel.max-attempts=2", "--cancel.max-runs-per-row=1")
                        .exitCode())
                .isEqualTo(3);
        int sent = provider.requests().size();

        CancelCommand.Result again =
                command.run("--cancel.input=" + file, "--cancel.max-attempts=2", "--cancel.max-runs-per-row=1");

        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(provider.requests()).hasSize(sent);
    }

    @Test
    void theBaseUrlIsPartOfTheIdentitySoAnotherEnvironmentStartsAfresh() {
        assertThat(command.run("--cancel.input=" + file).exitCode()).isZero();
        int sent = provider.requests().size();
        CancelCommand elsewhereCommand = new CancelCommand(dir, null);

        CancelCommand.Result elsewhere = elsewhereCommand.run(
                "--cancel.input=" + file,
                "--frontpayment.base-url=" + provider.baseUrl().replace("127.0.0.1", "localhost"));

        assertThat(elsewhere.exitCode()).as(elsewhere.err()).isZero();
        assertThat(provider.requests().size()).isEqualTo(sent + 30);
        assertThat(results()).extracting(r -> r.get("outcome")).containsOnly("ALREADY_FINAL");
    }
}
