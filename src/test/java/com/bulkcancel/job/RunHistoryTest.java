package com.bulkcancel.job;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.serverError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/** --cancel.history: the recent runs from the job database, newest first, without a token or base URL. */
class RunHistoryTest {

    static final String A = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a01";
    static final String B = "0a4f6c2e-1b3d-4e5f-8a7b-9c0d1e2f3a02";

    @TempDir
    Path dir;

    @Test
    void historyListsBothRunsNewestFirstWithStatusCountsAndResultsAndNeedsNoTokenOrBaseUrl() throws Exception {
        Path monday = dir.resolve("monday.csv");
        Path tuesday = dir.resolve("tuesday.csv");
        Files.writeString(monday, "reservation_uuid,note\n" + A + ",x\n");
        Files.writeString(tuesday, "reservation_uuid,note\n" + B + ",y\nnot-a-uuid,z\n");
        try (SimulatedFrontpayment provider = new SimulatedFrontpayment()) {
            provider.reservation(A).answers(B, serverError());
            CancelCommand command = new CancelCommand(dir, provider).withArgs("--cancel.max-attempts=1");
            assertThat(command.run("--cancel.input=" + monday).exitCode()).isZero();
            assertThat(command.run("--cancel.input=" + tuesday).exitCode()).isEqualTo(3);
            int sent = provider.requests().size();

            CancelCommand.Result history = new CancelCommand(dir, null)
                    .withEnv("FRONTPAYMENT_TOKEN", null)
                    .run("--cancel.history");

            assertThat(history.exitCode()).isZero();
            assertThat(history.err()).isEmpty();
            assertThat(provider.requests()).hasSize(sent);
            String out = history.out();
            assertThat(out).contains("Recent runs (2), newest first");
            int tuesdayAt = out.indexOf("input     " + tuesday.toRealPath());
            int mondayAt = out.indexOf("input     " + monday.toRealPath());
            assertThat(tuesdayAt).isPositive().isLessThan(mondayAt);
            String tuesdayRun = out.substring(out.lastIndexOf("run ", tuesdayAt), mondayAt);
            String mondayRun = out.substring(out.lastIndexOf("run ", mondayAt));
            assertThat(tuesdayRun)
                    .contains(
                            "COMPLETED",
                            "started 20",
                            "base URL  " + provider.baseUrl(),
                            "counts    FAILED 1, INVALID_INPUT 1",
                            "results   " + dir.resolve("tuesday.results.csv"));
            assertThat(mondayRun)
                    .contains("COMPLETED", "counts    CANCELLED 1", "results   " + dir.resolve("monday.results.csv"));
        }
    }

    @Test
    void historyOfAnEmptyJobDatabaseSaysSo() {
        CancelCommand.Result history =
                new CancelCommand(dir, null).withEnv("FRONTPAYMENT_TOKEN", null).run("--cancel.history");

        assertThat(history.exitCode()).isZero();
        assertThat(history.out()).contains("No runs in the job database yet.");
    }
}
