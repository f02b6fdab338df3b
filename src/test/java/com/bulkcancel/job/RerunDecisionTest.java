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

/** What the same command does with earlier runs of the same path: generations, replaced files, abandoning. */
class RerunDecisionTest extends SimulatedProviderTest {

    static final String A = "7c1e0d2a-5b3f-4a6e-9d8c-1f2e3d4c5b01";
    static final String B = "7c1e0d2a-5b3f-4a6e-9d8c-1f2e3d4c5b02";
    static final String C = "7c1e0d2a-5b3f-4a6e-9d8c-1f2e3d4c5b03";

    Path file;

    @BeforeEach
    void prepare() throws Exception {
        provider.reservation(A).reservation(B).reservation(C);
        file = dir.resolve("reservations.csv");
    }

    void write(String... uuids) throws Exception {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (String uuid : uuids) {
            csv.append(uuid).append(",event cancelled\n");
        }
        Files.writeString(file, csv);
    }

    List<Map<String, String>> results(String name) {
        return ResultsCsv.read(dir.resolve(name));
    }

    @Test
    void newRunAfterACompletedRunStartsGenerationTwoAndKeepsTheEarlierResults() throws Exception {
        write(A, B);
        assertThat(command.run("--cancel.input=" + file).exitCode()).isZero();

        CancelCommand.Result plain = command.run("--cancel.input=" + file);
        assertThat(plain.exitCode()).isZero();
        assertThat(provider.requests()).hasSize(2); // the plain rerun of a completed file sends nothing

        CancelCommand.Result second = command.run("--cancel.input=" + file, "--cancel.new-run=true");

        assertThat(second.exitCode()).isZero();
        assertThat(provider.requests()).hasSize(4); // every row sent again, deliberately
        assertThat(results("reservations.results.gen1.csv"))
                .extracting(r -> r.get("outcome"))
                .containsExactly("CANCELLED", "CANCELLED");
        assertThat(results("reservations.results.csv"))
                .extracting(r -> r.get("outcome"))
                .containsExactly("ALREADY_FINAL", "ALREADY_FINAL");
        assertThat(Files.readString(dir.resolve("reservations.results.gen1.summary.json")))
                .containsPattern("\"CANCELLED\"\\s*:\\s*2");
        assertThat(Files.readString(dir.resolve("reservations.results.summary.json")))
                .containsPattern("\"ALREADY_FINAL\"\\s*:\\s*2");
        // The plain command now reports generation 2, and sends nothing.
        assertThat(command.run("--cancel.input=" + file).exitCode()).isZero();
        assertThat(provider.requests()).hasSize(4);
    }

    @Test
    void newRunOnAnUnfinishedRunIsRefusedAndThePlainCommandResumesIt() throws Exception {
        write(A, B);
        CancelCommand refused = new CancelCommand(dir, provider).withEnv("FRONTPAYMENT_TOKEN", "wrong-token");
        assertThat(refused.run("--cancel.input=" + file).exitCode()).isEqualTo(4); // FAILED: unfinished

        CancelCommand.Result newRun = command.run("--cancel.input=" + file, "--cancel.new-run=true");

        assertThat(newRun.exitCode()).isEqualTo(2);
        assertThat(newRun.err().lines()).hasSize(1);
        assertThat(newRun.err()).contains("FAILED, not finished").contains("--cancel.abandon-unfinished=true");
        assertThat(command.run("--cancel.input=" + file).exitCode()).isZero();
        assertThat(results("reservations.results.csv"))
                .extracting(r -> r.get("outcome"))
                .containsExactly("CANCELLED", "CANCELLED");
    }

    @Test
    void anUnfinishedRunResumesOnlyWithTheSameReadingSettings() throws Exception {
        write(A, B);
        CancelCommand refused = new CancelCommand(dir, provider).withEnv("FRONTPAYMENT_TOKEN", "wrong-token");
        assertThat(refused.run("--cancel.input=" + file).exitCode()).isEqualTo(4);

        CancelCommand.Result otherSettings = command.run("--cancel.input=" + file, "--cancel.max-note-length=500");

        assertThat(otherSettings.exitCode()).isEqualTo(2);
        assertThat(otherSettings.err().lines()).hasSize(1);
        assertThat(otherSettings.err()).contains("max-note-length=1000").contains("max-note-length=500");
        assertThat(provider.requestsFor(A) + provider.requestsFor(B)).isEqualTo(1); // only the refused call
        assertThat(command.run("--cancel.input=" + file).exitCode()).isZero();
        assertThat(results("reservations.results.csv"))
                .extracting(r -> r.get("outcome"))
                .containsExactly("CANCELLED", "CANCELLED");
    }

    @Test
    void aReplacedFileWithAnUnfinishedRunIsRefusedUntilTheRunIsAbandoned() throws Exception {
        write(A, B);
        CancelCommand refused = new CancelCommand(dir, provider).withEnv("FRONTPAYMENT_TOKEN", "wrong-token");
        assertThat(refused.run("--cancel.input=" + file).exitCode()).isEqualTo(4);
        write(C); // yesterday's file overwritten

        CancelCommand.Result replaced = command.run("--cancel.input=" + file);

        assertThat(replaced.exitCode()).isEqualTo(2);
        assertThat(replaced.err().lines()).hasSize(1);
        assertThat(replaced.err())
                .contains("has changed since its unfinished run")
                .contains("FAILED")
                .contains("--cancel.abandon-unfinished=true");
        assertThat(provider.requestsFor(C)).isZero();

        CancelCommand.Result abandoned = command.run("--cancel.input=" + file, "--cancel.abandon-unfinished=true");

        assertThat(abandoned.exitCode()).isZero();
        assertThat(results("reservations.results.csv"))
                .extracting(r -> r.get("reservation_uuid"))
                .containsExactly(C);
        // The earlier content is abandoned for good: putting it back needs a deliberate new run.
        write(A, B);
        CancelCommand.Result back = command.run("--cancel.input=" + file);
        assertThat(back.exitCode()).isEqualTo(2);
        assertThat(back.err()).contains("was abandoned").contains("--cancel.new-run=true");
    }
}
