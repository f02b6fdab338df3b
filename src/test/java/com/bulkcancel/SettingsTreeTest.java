package com.bulkcancel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.validation.annotation.Validated;

/**
 * One settings tree per prefix, validated when it binds: a value out of range or a name no setting has, wherever
 * it comes from (command line, environment, application.yml), fails before the first call with exit 2 and one line
 * naming the option.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingsTreeTest extends SimulatedProviderTest {

    Path file;

    @BeforeEach
    void prepare() throws Exception {
        file = dir.resolve("reservations.csv");
        Files.writeString(file, "reservation_uuid,note\n2f1c4b7e-3a5d-4c6e-9f8a-1b2c3d4e5f60,x\n");
    }

    private void assertRefused(CancelCommand.Result result, CapturedOutput console, String... expected) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().lines()).as(result.err()).hasSize(1);
        assertThat(result.err()).startsWith("bulk-cancel: ").contains(expected);
        assertThat(console.getAll())
                .doesNotContain("\tat ")
                .doesNotContain("APPLICATION FAILED TO START")
                .doesNotContain("Binding validation errors");
        assertThat(provider.requests()).isEmpty();
        assertThat(dir.resolve("reservations.results.csv")).doesNotExist();
    }

    @Test
    void aRateOfZeroIsRefusedNamingTheOption(CapturedOutput console) {
        assertRefused(
                command.run("--cancel.input=" + file, "--cancel.rate-per-second=0"),
                console,
                "cancel.rate-per-second=0");
    }

    @Test
    void aResponseTimeoutUnder100msIsRefused(CapturedOutput console) {
        assertRefused(
                command.run("--cancel.input=" + file, "--frontpayment.response-timeout=50ms"),
                console,
                "frontpayment.response-timeout=50ms",
                "at least 100ms");
    }

    @Test
    void aConnectOrCallTimeoutUnder100msIsRefused(CapturedOutput console) {
        assertRefused(
                command.run("--cancel.input=" + file, "--frontpayment.connect-timeout=99ms"),
                console,
                "frontpayment.connect-timeout=99ms",
                "at least 100ms");
        assertRefused(
                command.run("--cancel.input=" + file, "--frontpayment.call-timeout=20ms"),
                console,
                "frontpayment.call-timeout=20ms",
                "at least 100ms");
    }

    @Test
    void noCallsInFlightIsRefused(CapturedOutput console) {
        assertRefused(
                command.run("--cancel.input=" + file, "--cancel.max-in-flight=0"), console, "cancel.max-in-flight=0");
    }

    /** Every bounded setting, just out of its range: refused naming the option and the value given. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "cancel.max-attempts=0",
                "cancel.outage-threshold=0",
                "cancel.max-in-flight=1025",
                "cancel.chunk-size=0",
                "cancel.max-note-length=0",
                "cancel.sanity-window=-1",
                "cancel.rate-per-second=-1",
                "cancel.stall-timeout=999ms",
                "cancel.progress-interval=9ms",
                "cancel.database-timeout=999ms",
                "cancel.max-retry-after=0s",
                "cancel.backoff.initial=0s",
                "cancel.shutdown-grace=0s",
                "frontpayment.call-timeout=99ms"
            })
    void eachSettingOutOfRangeIsRefusedNamingIt(String setting, CapturedOutput console) {
        assertRefused(
                command.run("--cancel.input=" + file, "--" + setting), console, "invalid setting " + setting + ": ");
    }

    @Test
    void aBackoffWhoseMaxIsBelowItsInitialIsRefused(CapturedOutput console) {
        assertRefused(
                command.run("--cancel.input=" + file, "--cancel.backoff.initial=1s", "--cancel.backoff.max=500ms"),
                console,
                "cancel.backoff.max",
                "cancel.backoff.initial");
    }

    @Test
    void aNestedSettingOutOfRangeIsRefusedByItsFullName(CapturedOutput console) {
        assertRefused(
                command.run("--cancel.input=" + file, "--cancel.csv.max-record-lines=0"),
                console,
                "cancel.csv.max-record-lines=0");
    }

    @Test
    void aMisspelledSettingInAnApplicationYmlIsRefusedNamingIt(CapturedOutput console) throws Exception {
        Path yml = dir.resolve("application.yml");
        Files.writeString(yml, "cancel:\n  rate-per-secnd: 50\n");
        assertRefused(
                command.run("--cancel.input=" + file, "--spring.config.additional-location=file:" + yml),
                console,
                "cancel.rate-per-secnd",
                "cancel.rate-per-second");
    }

    @Test
    void aDurationWithoutAUnitInAnApplicationYmlIsRefused(CapturedOutput console) throws Exception {
        Path yml = dir.resolve("application.yml");
        Files.writeString(yml, "cancel:\n  progress-interval: 30\n");
        assertRefused(
                command.run("--cancel.input=" + file, "--spring.config.additional-location=file:" + yml),
                console,
                "cancel.progress-interval",
                "give a unit, e.g. 500ms or 15s");
    }

    @Test
    void aMisspelledNestedSettingInAnApplicationYmlIsRefusedNamingIt(CapturedOutput console) throws Exception {
        Path yml = dir.resolve("application.yml");
        Files.writeString(yml, "frontpayment:\n  response-timout: 30s\ncancel:\n  csv:\n    encodng: windows-1252\n");
        CancelCommand.Result result =
                command.run("--cancel.input=" + file, "--spring.config.additional-location=file:" + yml);
        assertRefused(result, console, "unknown setting");
        assertThat(result.err()).containsAnyOf("cancel.csv.encodng", "frontpayment.response-timout");
    }

    @Test
    void aMisspelledSettingInTheEnvironmentIsRefusedNamingIt(CapturedOutput console) {
        command.withEnv("CANCEL_RATE_PER_SECND", "50");
        assertRefused(
                command.run("--cancel.input=" + file), console, "CANCEL_RATE_PER_SECND", "cancel.rate-per-second");
    }

    @Test
    void aMisspelledSettingAsASystemPropertyIsRefusedNamingIt(CapturedOutput console) {
        System.setProperty("cancel.max-in-fligth", "2");
        try {
            assertRefused(
                    command.run("--cancel.input=" + file), console, "-Dcancel.max-in-fligth", "cancel.max-in-flight");
        } finally {
            System.clearProperty("cancel.max-in-fligth");
        }
    }

    @Test
    void knownSettingsInTheEnvironmentAndAnApplicationYmlRun() throws Exception {
        Path yml = dir.resolve("application.yml");
        Files.writeString(
                yml,
                "cancel:\n  rate-per-second: 50\n  csv:\n    encoding: UTF-8\n"
                        + "frontpayment:\n  response-timeout: 10s\n");
        command.withEnv("CANCEL_MAX_IN_FLIGHT", "2")
                .withEnv("CANCEL_RATEPERSECOND", "20")
                .withEnv("FRONTPAYMENT_TOKEN_FILE", null);
        CancelCommand.Result result =
                command.run("--cancel.input=" + file, "--spring.config.additional-location=file:" + yml);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void eachPrefixIsBoundByExactlyOneValidatedTypeThatRefusesUnknownNames() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<String> prefixes = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("com.bulkcancel")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            prefixes.add(annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix());
            assertThat(annotation.ignoreUnknownFields()).as(type.getName()).isFalse();
            assertThat(type.getAnnotation(Validated.class)).as(type.getName()).isNotNull();
        }
        assertThat(prefixes).containsExactlyInAnyOrder("cancel", "frontpayment");
    }
}
