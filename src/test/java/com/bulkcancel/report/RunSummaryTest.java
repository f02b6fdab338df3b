package com.bulkcancel.report;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.connectionReset;
import static com.bulkcancel.sandbox.SimulatedFrontpayment.serverError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

/** The end-of-run summary: a table on stdout and the same as JSON beside the results, true across resumes. */
@ExtendWith(OutputCaptureExtension.class)
class RunSummaryTest extends SimulatedProviderTest {

    static String uuid(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    Path input(int rows) throws Exception {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(uuid(i)).append(",cancelled\n");
        }
        Path file = dir.resolve("reservations.csv");
        Files.writeString(file, csv);
        return file;
    }

    JsonNode summary() throws Exception {
        return JsonMapper.builder()
                .build()
                .readTree(dir.resolve("reservations.results.summary.json").toFile());
    }

    /** Counts per outcome as the results file shows them, every reported outcome present. */
    Map<String, Long> resultsCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Outcome o : Outcome.reported()) {
            counts.put(o.name(), 0L);
        }
        ResultsCsv.read(dir.resolve("reservations.results.csv"))
                .forEach(r -> counts.merge(r.get("outcome"), 1L, Long::sum));
        return counts;
    }

    static Map<String, Long> counts(JsonNode summary) {
        Map<String, Long> counts = new LinkedHashMap<>();
        summary.get("counts")
                .properties()
                .forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    @Test
    void summaryJsonMatchesTheResultsFileAndCountsCallsAndRetriesOfThisRun() throws Exception {
        provider.reservation(uuid(1))
                .reservation(uuid(2))
                .failsThenCancels(uuid(3), 1, serverError()) // one retry, then CANCELLED
                .answers(uuid(4), serverError()); // 3 attempts, FAILED
        Path file = input(6); // 5 and 6: NOT_FOUND

        // cancel.max-runs-per-row=1: the rerun below has nothing left to retry and only reports the completed run.
        CancelCommand.Result result =
                command.run("--cancel.input=" + file, "--cancel.max-attempts=3", "--cancel.max-runs-per-row=1");

        assertThat(result.exitCode()).isEqualTo(3);
        JsonNode summary = summary();
        assertThat(counts(summary))
                .isEqualTo(resultsCounts())
                .containsEntry("CANCELLED", 3L)
                .containsEntry("FAILED", 1L)
                .containsEntry("NOT_FOUND", 2L);
        assertThat(summary.get("sent_this_run").asLong())
                .isEqualTo(provider.requests().size())
                .isEqualTo(9);
        assertThat(summary.get("retries_this_run").asLong()).isEqualTo(3);
        assertThat(summary.get("exit_code").asInt()).isEqualTo(3);
        assertThat(summary.get("base_url").asString()).isEqualTo(provider.baseUrl());
        assertThat(summary.get("results").asString())
                .isEqualTo(dir.resolve("reservations.results.csv").toString());
        assertThat(summary.get("retry_file").asString())
                .isEqualTo(dir.resolve("reservations.results.retry.csv").toString());
        assertThat(result.out())
                .contains(
                        "bulk-cancel summary",
                        "FAILED                      1",
                        "sent this run      9 calls (3 retries)",
                        "exit               3: completed, some rows FAILED",
                        dir.resolve("reservations.results.csv").toString(),
                        dir.resolve("reservations.results.retry.csv").toString(),
                        dir.resolve("reservations.results.summary.json").toString());
        assertThat(result.out()).doesNotContain(SimulatedFrontpayment.TOKEN);
        // The summary is written last: it is not older than the results and retry files.
        assertThat(Files.getLastModifiedTime(dir.resolve("reservations.results.summary.json")))
                .isGreaterThanOrEqualTo(Files.getLastModifiedTime(dir.resolve("reservations.results.csv")))
                .isGreaterThanOrEqualTo(Files.getLastModifiedTime(dir.resolve("reservations.results.retry.csv")));

        CancelCommand.Result rerun =
                command.run("--cancel.input=" + file, "--cancel.max-attempts=3", "--cancel.max-runs-per-row=1");

        assertThat(rerun.exitCode()).isEqualTo(3);
        assertThat(provider.requests()).hasSize(9);
        assertThat(summary().get("sent_this_run").asLong()).isZero();
        assertThat(counts(summary())).isEqualTo(resultsCounts());
        assertThat(rerun.out()).contains("ALREADY_COMPLETED", "sent this run      0 calls");
    }

    @Test
    void afterAnOutageAndAResumeTheSummaryCountsTheWholeFileAndThisRunsCalls(CapturedOutput output) throws Exception {
        for (int i = 11; i <= 14; i++) {
            provider.answers(uuid(i), connectionReset());
        }
        Path file = input(30); // every row unknown to the provider (NOT_FOUND) unless stubbed
        String[] args = {
            "--cancel.input=" + file,
            "--cancel.outage-threshold=2",
            "--cancel.max-attempts=1",
            "--cancel.max-in-flight=1",
            "--cancel.chunk-size=5",
            "--cancel.rate-per-second=100"
        };

        CancelCommand.Result failed = command.run(args);

        assertThat(failed.exitCode()).isEqualTo(1);
        int sentFirst = provider.requests().size();
        JsonNode first = summary();
        assertThat(first.get("exit_code").asInt()).isEqualTo(1);
        assertThat(first.get("results_complete").asBoolean()).isFalse();
        assertThat(first.get("sent_this_run").asLong()).isEqualTo(sentFirst).isEqualTo(12);
        assertThat(counts(first)).containsEntry("NOT_FOUND", 10L).containsEntry("FAILED", 2L);
        assertThat(failed.out())
                .contains(
                        "exit               1: stopped or failed mid-run",
                        "(unfinished: PENDING rows have no final outcome yet)");
        assertThat(counts(first)).containsEntry("PENDING", 18L);
        assertThat(first.get("rows").asLong()).isEqualTo(30);

        for (int i = 11; i <= 14; i++) {
            provider.reservation(uuid(i)); // the provider is back (newer stubs win)
        }
        CancelCommand.Result resumed = command.run(args);

        assertThat(resumed.exitCode()).isZero();
        JsonNode second = summary();
        assertThat(counts(second))
                .isEqualTo(resultsCounts())
                .containsEntry("CANCELLED", 4L)
                .containsEntry("NOT_FOUND", 26L)
                .containsEntry("FAILED", 0L);
        assertThat(second.get("rows").asLong()).isEqualTo(30);
        assertThat(second.get("sent_this_run").asLong())
                .isEqualTo(provider.requests().size() - sentFirst)
                .isEqualTo(20);
        assertThat(second.get("exit_code").asInt()).isZero();
        assertThat(second.get("results_complete").asBoolean()).isTrue();
        assertThat(second.get("retry_file").isNull()).isTrue();
        assertThat(dir.resolve("reservations.results.retry.csv")).doesNotExist();
        // The resumed run's progress counts the rows finished before it.
        assertThat(output.getOut()).contains("30 rows to go through (12 already finished by earlier runs)");
        List<ProgressLogTest.Progress> lines = ProgressLogTest.progressLines(output.getOut());
        assertThat(lines.get(lines.size() - 1).done()).isEqualTo(30);
        assertThat(lines.stream().map(ProgressLogTest.Progress::total).collect(Collectors.toSet()))
                .containsOnly(30L);
    }
}
