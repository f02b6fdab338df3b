package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.SimulatedProviderTest;

/** A command that cannot run says so in one line and exits 2, before anything is sent. */
@ExtendWith(OutputCaptureExtension.class)
class InvalidInvocationTest extends SimulatedProviderTest {

    Path file;

    @BeforeEach
    void prepare() throws Exception {
        file = dir.resolve("reservations.csv");
        Files.writeString(file, "reservation_uuid,note\n2f1c4b7e-3a5d-4c6e-9f8a-1b2c3d4e5f60,x\n");
    }

    private void assertOneLineExit2(CancelCommand.Result result, CapturedOutput console, String expected) {
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).startsWith("bulk-cancel: ").contains(expected);
        assertThat(console.getAll())
                .doesNotContain("APPLICATION FAILED TO START")
                .doesNotContain("\tat ")
                .doesNotContain("Exception encountered")
                .doesNotContain("Error starting ApplicationContext");
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void noInput(CapturedOutput console) {
        assertOneLineExit2(command.run(), console, "no input");
    }

    @Test
    void aMissingInputFile(CapturedOutput console) {
        assertOneLineExit2(command.run("--cancel.input=" + dir.resolve("nope.csv")), console, "does not exist");
    }

    @Test
    void aDirectoryAsInput(CapturedOutput console) {
        assertOneLineExit2(command.run("--cancel.input=" + dir), console, "is a directory");
    }

    @Test
    void noToken(CapturedOutput console) {
        command.withEnv("FRONTPAYMENT_TOKEN", null);
        assertOneLineExit2(command.run("--cancel.input=" + file), console, "FRONTPAYMENT_TOKEN");
    }

    @Test
    void aTokenOnTheCommandLineIsRefused(CapturedOutput console) {
        assertOneLineExit2(
                command.run("--cancel.input=" + file, "--frontpayment.token=secret-on-argv"),
                console,
                "never taken from the command line");
        assertThat(console.getAll()).doesNotContain("secret-on-argv");
    }

    @Test
    void noBaseUrl(CapturedOutput console) {
        CancelCommand withoutProvider = new CancelCommand(dir, null);
        assertOneLineExit2(withoutProvider.run("--cancel.input=" + file), console, "no base URL");
    }

    @Test
    void plainHttpToARemoteHost(CapturedOutput console) {
        CancelCommand remote = new CancelCommand(dir, null);
        assertOneLineExit2(
                remote.run("--cancel.input=" + file, "--frontpayment.base-url=http://demo-api.frontpayment.no"),
                console,
                "plain http");
    }

    @Test
    void aSettingThatDoesNotBind(CapturedOutput console) {
        assertOneLineExit2(
                command.run("--cancel.input=" + file, "--cancel.max-attempts=lots"), console, "cancel.max-attempts");
    }

    @Test
    void aSettingOutOfRange(CapturedOutput console) {
        assertOneLineExit2(
                command.run("--cancel.input=" + file, "--cancel.max-attempts=0"),
                console,
                "invalid setting cancel.max-attempts=0: must be greater than or equal to 1");
    }

    @Test
    void aShutdownGraceThatCannotOutlastACallInFlight(CapturedOutput console) {
        // The default grace (25 s) is shorter than a 30 s call plus 5 s to record its outcome.
        assertOneLineExit2(
                command.run("--cancel.input=" + file, "--frontpayment.call-timeout=30s"),
                console,
                "cancel.shutdown-grace");
    }

    @Test
    void aStallTimeoutBelowOneSecond(CapturedOutput console) {
        // A bare number is milliseconds: "5" would stop every run at once.
        assertOneLineExit2(
                command.run("--cancel.input=" + file, "--cancel.stall-timeout=5"), console, "cancel.stall-timeout");
    }

    @Test
    void aFileWithoutTheUuidColumn(CapturedOutput console) throws Exception {
        Files.writeString(file, "id,note\n1,x\n");
        assertOneLineExit2(command.run("--cancel.input=" + file), console, "reservation_uuid");
    }

    @Test
    void aHeaderOnlyFile(CapturedOutput console) throws Exception {
        Files.writeString(file, "reservation_uuid,note\n");
        assertOneLineExit2(command.run("--cancel.input=" + file), console, "no data rows");
    }

    /** User info, a query or a fragment have no meaning for the API: refused before any call, and not echoed. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://operator:s3cret-pw@127.0.0.1:%d",
                "http://127.0.0.1:%d/?key=s3cret-pw",
                "http://127.0.0.1:%d#s3cret-pw"
            })
    void aBaseUrlWithUserInfoQueryOrFragment(String spelling, CapturedOutput console) {
        CancelCommand.Result result =
                command.run("--cancel.input=" + file, "--frontpayment.base-url=" + spelling.formatted(provider.port()));

        assertOneLineExit2(result, console, "base URL");
        assertThat(console.getAll() + result.err() + result.out()).doesNotContain("s3cret-pw");
    }
}
