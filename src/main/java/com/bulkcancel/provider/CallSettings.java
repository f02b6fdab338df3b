package com.bulkcancel.provider;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How hard and how fast to call: attempts, backoff, rate limit, concurrency. {@code stall-timeout}: a run in
 * which no call starts or finishes and no outcome is recorded for this long stops (exit 1) rather than wait on.
 */
@ConfigurationProperties("cancel")
public record CallSettings(
        @DefaultValue("5") int maxAttempts,
        @DefaultValue Backoff backoff,
        @DefaultValue("20") int outageThreshold,
        @DefaultValue("10") double ratePerSecond,
        @DefaultValue("16") int maxInFlight,
        @DefaultValue("60s") Duration maxRetryAfter,
        @DefaultValue("5m") Duration stallTimeout) {

    public record Backoff(@DefaultValue("500ms") Duration initial, @DefaultValue("30s") Duration max) {
        public Backoff {
            FrontpaymentSettings.requirePositive(initial, "cancel.backoff.initial");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("cancel.backoff.max (" + max + ") is below cancel.backoff.initial ("
                        + initial + ")");
            }
        }
    }

    public CallSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("cancel.max-attempts must be at least 1, was " + maxAttempts);
        }
        if (outageThreshold < 1) {
            throw new IllegalArgumentException("cancel.outage-threshold must be at least 1, was " + outageThreshold);
        }
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("cancel.rate-per-second must be above 0, was " + ratePerSecond);
        }
        if (maxInFlight < 1 || maxInFlight > 1024) {
            throw new IllegalArgumentException("cancel.max-in-flight must be 1..1024, was " + maxInFlight);
        }
        FrontpaymentSettings.requirePositive(maxRetryAfter, "cancel.max-retry-after");
        // A bare number is milliseconds: "5" would stop every run at its first call.
        if (stallTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("cancel.stall-timeout must be at least 1s, was " + stallTimeout);
        }
    }
}
