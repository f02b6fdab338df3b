package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;

/** --cancel.dry-run: the whole file checked and reported, nothing sent, nothing left that a real run would see. */
class DryRunTest extends SimulatedProviderTest {

    static final String A = "5b1e0c9a-7d2f-4e31-9a8b-1c2d3e4f5a01";
    static final String B = "5b1e0c9a-7d2f-4e31-9a8b-1c2d3e4f5a02";

    Path input;

    @BeforeEach
    void prepare() throws Exception {
        provider.reservation(A).reservation(B);
        input = Files.writeString(
                dir.resolve("reservations.csv"),
                "reservation_uuid,note\n"
                        + A + ",event cancelled\n"
                        + "not-a-uuid,event cancelled\n"
                        + B.toUpperCase() + ",  event cancelled  \n"
                        + A + ",again\n");
    }

    @Test
    void bareDryRunFlagSendsNothingAndReportsWhatWouldHappen() {
        CancelCommand.Result result = command.run("--cancel.input=" + input, "--cancel.dry-run");

        assertThat(result.exitCode()).isZero();
        assertThat(provider.requests()).isEmpty();
        List<Map<String, String>> rows = ResultsCsv.read(dir.resolve("reservations.dry-run.csv"));
        assertThat(rows)
                .extracting(r -> r.get("outcome"))
                .containsExactly("WOULD_CANCEL", "INVALID_INPUT", "WOULD_CANCEL", "DUPLICATE");
        assertThat(ResultsCsv.line(rows, 2).get("detail")).contains("not a canonical UUID");
        assertThat(ResultsCsv.line(rows, 3).get("reservation_uuid")).isEqualTo(B); // as it would be sent
        assertThat(ResultsCsv.line(rows, 3).get("note")).isEqualTo("event cancelled");
        assertThat(ResultsCsv.line(rows, 4).get("detail")).isEqualTo("same reservation UUID as line 1");
        assertThat(rows).extracting(r -> r.get("attempts")).containsOnly("0");
        assertThat(dir.resolve("reservations.results.csv")).doesNotExist();
    }

    @Test
    void dryRunPrintsTheCountsOnStandardOutput() {
        CancelCommand.Result result = command.run("--cancel.input=" + input, "--cancel.dry-run");

        assertThat(result.out())
                .contains("nothing was sent")
                .contains("4 rows: WOULD_CANCEL 2, INVALID_INPUT 1, DUPLICATE 1")
                .contains(dir.resolve("reservations.dry-run.csv").toString());
        assertThat(result.err()).isEmpty();
    }

    @Test
    void dryRunNeedsNeitherTokenNorBaseUrl() {
        CancelCommand noProvider = new CancelCommand(dir, null).withEnv("FRONTPAYMENT_TOKEN", null);

        CancelCommand.Result result = noProvider.run("--cancel.input=" + input, "--cancel.dry-run");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(ResultsCsv.read(dir.resolve("reservations.dry-run.csv"))).hasSize(4);
    }

    @Test
    void dryRunWritesToCancelOutputWithDryRunInsertedWhenGiven() {
        Path output = dir.resolve("check.csv");

        CancelCommand.Result result =
                command.run("--cancel.input=" + input, "--cancel.dry-run", "--cancel.output=" + output);

        assertThat(result.exitCode()).isZero();
        assertThat(output).doesNotExist();
        assertThat(ResultsCsv.read(dir.resolve("check.dry-run.csv")))
                .extracting(r -> r.get("outcome"))
                .contains("WOULD_CANCEL");
        assertThat(dir.resolve("reservations.dry-run.csv")).doesNotExist();
    }

    @Test
    void dryRunLeavesNoJobInstanceSoTheRealRunCancelsEverything() {
        command.run("--cancel.input=" + input, "--cancel.dry-run");
        assertThat(dir.resolve("jobs.mv.db"))
                .as("the job database is not even opened")
                .doesNotExist();

        CancelCommand.Result live = command.run("--cancel.input=" + input);

        assertThat(live.exitCode()).isZero();
        assertThat(ResultsCsv.read(dir.resolve("reservations.results.csv")))
                .extracting(r -> r.get("outcome"))
                .containsExactly("CANCELLED", "INVALID_INPUT", "CANCELLED", "DUPLICATE");
        assertThat(provider.requests()).hasSize(2);
    }

    @Test
    void dryRunFalseRunsLive() {
        CancelCommand.Result result = command.run("--cancel.input=" + input, "--cancel.dry-run=false");

        assertThat(result.exitCode()).isZero();
        assertThat(provider.requests()).hasSize(2);
        assertThat(dir.resolve("reservations.dry-run.csv")).doesNotExist();
    }

    @Test
    void dryRunOfAnUnusableFileExitsTwo() throws Exception {
        Path headerOnly = Files.writeString(dir.resolve("empty.csv"), "reservation_uuid,note\n");

        CancelCommand.Result result = command.run("--cancel.input=" + headerOnly, "--cancel.dry-run");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(headerOnly.toString()).contains("no data rows");
        assertThat(dir.resolve("empty.dry-run.csv")).doesNotExist();
    }
}
