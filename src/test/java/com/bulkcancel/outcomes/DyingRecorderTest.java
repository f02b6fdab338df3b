package com.bulkcancel.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.SimulatedProviderTest;

/**
 * The outcome recorder's thread dying (an Error while it commits) or a commit that never returns stops the run
 * with exit 1 in bounded time; no worker is left waiting for a commit that will never come.
 */
@ExtendWith(OutputCaptureExtension.class)
class DyingRecorderTest extends SimulatedProviderTest {

    static final String A = "3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c01";
    static final String B = "3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c02";
    static final String C = "3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c03";

    @Test
    void anErrorWhileRecordingStopsTheRunWithExit1(CapturedOutput console) throws Exception {
        CancelCommand.Result result = runWith(SabotagedStore.ThrowsError.class);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(console.getAll()).contains("could not be recorded in the job database");
    }

    @Test
    void aCommitThatNeverReturnsStopsTheRunWithExit1(CapturedOutput console) throws Exception {
        CancelCommand.Result result = runWith(SabotagedStore.NeverReturns.class, "--cancel.database-timeout=1s");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(console.getAll()).contains("could not be recorded in the job database");
    }

    private CancelCommand.Result runWith(Class<?> sabotage, String... more) throws Exception {
        provider.reservation(A).reservation(B).reservation(C);
        Path input = Files.writeString(
                dir.resolve("r.csv"), "reservation_uuid,note\n" + A + ",x\n" + B + ",y\n" + C + ",z\n");
        command.withArgs("--spring.main.sources=" + sabotage.getName()).withArgs(more);
        // Without the fix the run waits forever: a generous bound where the fixed run takes a few seconds.
        return assertTimeoutPreemptively(Duration.ofSeconds(180), () -> command.run("--cancel.input=" + input));
    }
}
