package com.bulkcancel.job;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.bulkcancel.input.InputSettings;
import com.bulkcancel.outcomes.RecordSettings;
import com.bulkcancel.provider.CallSettings;
import com.bulkcancel.provider.SanitySettings;
import com.bulkcancel.report.ReportSettings;

/**
 * Every {@code cancel.*} setting, bound in one place so that a name no setting has (a typo in application.yml)
 * is refused rather than taken for another record's field, and each value is checked where it is declared. The
 * packages that use them get plain value records from here ({@link #callSettings()}, ...), so they never depend
 * on this type. The command-line-only switches ({@code cancel.dry-run}, ...) are not settings: they are taken
 * off the arguments before Spring sees them ({@link CommandLineFlags}) and refused anywhere else.
 *
 * @param input             the file of reservations to cancel
 * @param output            where a live run's results go (default: next to the input, as <name>.results.csv)
 * @param chunkSize         rows per chunk (default: about 10 s of calls, never fewer than in flight)
 * @param defaultNote       the note sent for a row without one
 * @param maxNoteLength     the longest note sent; a longer one is INVALID_INPUT
 * @param csv               how the file is read
 * @param maxAttempts       attempts per reservation, the first included
 * @param backoff           the wait between attempts
 * @param outageThreshold   FAILED rows in a row after which the provider is taken to be down and the run stops
 * @param maxRunsPerRow     runs (and retry passes) a row may end FAILED in before a rerun stops sending it again
 * @param ratePerSecond     calls started per second, at most
 * @param maxInFlight       calls in flight at once, at most
 * @param maxRetryAfter     the longest Retry-After honoured
 * @param stallTimeout      a run in which nothing moves for this long stops (exit 1)
 * @param sanityWindow      the wrong-environment brake: the first rows that may all be NOT_FOUND (0: off)
 * @param progressInterval  how often the progress line is logged
 * @param databaseTimeout   how long a job-database statement may take
 * @param shutdownGrace     how long SIGTERM or Ctrl-C waits for the calls in flight to be recorded
 * @param retention         finished runs that ended longer ago are deleted, each leaving a tombstone (default:
 *                          keep everything)
 */
@ConfigurationProperties(prefix = "cancel", ignoreUnknownFields = false)
@Validated
public record CancelSettings(
        Path input,
        Path output,
        @Min(1) Integer chunkSize,
        String defaultNote,
        @DefaultValue("1000") @Min(1) int maxNoteLength,
        @DefaultValue @Valid @NestedConfigurationProperty InputSettings.Csv csv,
        @DefaultValue("5") @Min(1) int maxAttempts,
        @DefaultValue @Valid @NestedConfigurationProperty CallSettings.Backoff backoff,
        @DefaultValue("20") @Min(1) int outageThreshold,
        @DefaultValue("3") @Min(1) int maxRunsPerRow,
        @DefaultValue("10") @Positive double ratePerSecond,
        @DefaultValue("16") @Min(1) @Max(1024) int maxInFlight,

        @DefaultValue("60s") @DurationMin(millis = 1, message = "must be at least 1ms")
        Duration maxRetryAfter,
        // A bare number would be milliseconds: "5" would stop every run at its first call.
        @DefaultValue("5m") @DurationMin(seconds = 1, message = "must be at least 1s")
        Duration stallTimeout,

        @DefaultValue("50") @PositiveOrZero int sanityWindow,

        @DefaultValue("10s") @DurationMin(millis = 10, message = "must be at least 10ms")
        Duration progressInterval,

        @DefaultValue("60s") @DurationMin(seconds = 1, message = "must be at least 1s")
        Duration databaseTimeout,

        @DefaultValue("25s") @DurationMin(seconds = 1, message = "must be at least 1s")
        Duration shutdownGrace,

        @DurationMin(days = 1, message = "must be at least 1d")
        Duration retention) {

    public CallSettings callSettings() {
        return new CallSettings(
                maxAttempts,
                backoff,
                outageThreshold,
                ratePerSecond,
                maxInFlight,
                maxRetryAfter,
                stallTimeout,
                maxRunsPerRow);
    }

    public SanitySettings sanitySettings() {
        return new SanitySettings(sanityWindow);
    }

    public InputSettings inputSettings() {
        return new InputSettings(defaultNote, maxNoteLength, csv);
    }

    public RunSettings runSettings() {
        return new RunSettings(input, output, chunkSize);
    }

    public ReportSettings reportSettings() {
        return new ReportSettings(progressInterval);
    }

    public RecordSettings recordSettings() {
        return new RecordSettings(databaseTimeout);
    }

    public RetentionSettings retentionSettings() {
        return new RetentionSettings(retention);
    }

    public ShutdownSettings shutdownSettings() {
        return new ShutdownSettings(shutdownGrace);
    }
}
