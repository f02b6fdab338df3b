package com.bulkcancel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The mistakes operators make on the command line never cancel anything: each fails before the first call with
 * exit 2 and one line naming the mistake and the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class MistakenCommandTest extends SimulatedProviderTest {

    Path file;

    @BeforeEach
    void prepare() throws Exception {
        file = dir.resolve("reservations.csv");
        Files.writeString(file, "reservation_uuid,note\n2f1c4b7e-3a5d-4c6e-9f8a-1b2c3d4e5f60,x\n");
    }

    private void assertRefused(CancelCommand.Result result, CapturedOutput console, String... expected) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).startsWith("bulk-cancel: ").contains(expected);
        assertThat(console.getAll()).doesNotContain("\tat ").doesNotContain("APPLICATION FAILED TO START");
        assertThat(provider.requests()).isEmpty();
        assertThat(dir.resolve("reservations.results.csv")).doesNotExist();
    }

    @Test
    void aBareDryRunIsRefusedNamingTheRealSwitch(CapturedOutput console) {
        assertRefused(
                command.run("--cancel.input=" + file, "--dry-run"),
                console,
                "--dry-run",
                "did you mean --cancel.dry-run?");
    }

    @Test
    void aMisspelledDryRunIsRefused(CapturedOutput console) {
        assertRefused(command.run("--cancel.input=" + file, "--dryrun"), console, "--dryrun", "--cancel.dry-run");
    }

    @Test
    void aMisspelledOptionOfOurOwnIsRefusedNamingTheClosest(CapturedOutput console) {
        assertRefused(
                command.run("--cancel.inptu=" + file),
                console,
                "unknown option --cancel.inptu",
                "did you mean --cancel.input?");
        assertRefused(
                command.run("--cancel.input=" + file, "--cancel.rate-per-secnd=50"),
                console,
                "unknown option --cancel.rate-per-secnd",
                "did you mean --cancel.rate-per-second?");
    }

    @Test
    void aWordWithoutDashesIsRefused(CapturedOutput console) {
        assertRefused(
                command.run("--cancel.input=" + file, "dry-run"),
                console,
                "'dry-run' is not an option",
                "--cancel.dry-run");
    }

    @Test
    void aSystemPropertyAfterTheJarIsRefused(CapturedOutput console) {
        assertRefused(
                command.run("--cancel.input=" + file, "-Dcancel.dry-run=true"),
                console,
                "'-Dcancel.dry-run=true' comes after -jar",
                "--cancel.dry-run=true");
    }

    @Test
    void aDryRunSwitchInTheEnvironmentIsRefused(CapturedOutput console) {
        command.withEnv("CANCEL_DRY_RUN", "true");
        assertRefused(
                command.run("--cancel.input=" + file),
                console,
                "cancel.dry-run is a command-line-only switch",
                "CANCEL_DRY_RUN");
    }

    @Test
    void theReportSwitchInTheEnvironmentIsRefused(CapturedOutput console) {
        command.withEnv("CANCEL_REPORT", "true");
        assertRefused(
                command.run("--cancel.input=" + file),
                console,
                "cancel.report is a command-line-only switch",
                "CANCEL_REPORT");
    }

    @Test
    void aSwitchSpelledWithoutItsDashInTheEnvironmentIsRefused(CapturedOutput console) {
        command.withEnv("CANCEL_DRYRUN", "true");
        assertRefused(command.run("--cancel.input=" + file), console, "CANCEL_DRYRUN");
        command.withEnv("CANCEL_DRYRUN", null).withEnv("CANCEL_NEW_RUN", "true");
        assertRefused(command.run("--cancel.input=" + file), console, "cancel.new-run");
    }

    @Test
    void aSwitchInAnApplicationYmlIsRefused(CapturedOutput console) throws Exception {
        Path yml = dir.resolve("application.yml");
        Files.writeString(yml, "cancel:\n  dry-run: true\n");
        assertRefused(
                command.run("--cancel.input=" + file, "--spring.config.additional-location=file:" + yml),
                console,
                "cancel.dry-run is a command-line-only switch",
                "application.yml");
    }

    @Test
    void aDurationWithoutAUnitIsRefused(CapturedOutput console) {
        assertRefused(
                command.run("--cancel.input=" + file, "--frontpayment.response-timeout=15"),
                console,
                "--frontpayment.response-timeout=15 has no unit",
                "give a unit, e.g. 500ms or 15s");
    }

    @Test
    void relaxedSpellingsOfKnownOptionsAndSpringSettingsRun() {
        CancelCommand.Result result = command.run(
                "--cancel.input=" + file,
                "--cancel.ratePerSecond=5",
                "--cancel.max_in_flight=2",
                "--frontpayment.response-timeout=15s",
                "--logging.level.root=info",
                "--spring.main.banner-mode=off");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void versionPrintsTheBuildVersionAndExitsZero() {
        CancelCommand.Result result = command.run("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).matches("bulk-cancel \\d+\\.\\d+\\.\\d+.*\\R");
        assertThat(provider.requests()).isEmpty();
    }
}
