package com.bulkcancel.provider;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How hard and how fast to call: attempts, backoff, rate limit, concurrency. {@code stall-timeout}: a run in
 * which no call starts or finishes and no outcome is recorded for this long stops (exit 1) rather than wait on.
 * {@code max-runs-per-row}: a row that ended FAILED in this many runs (and retry passes) is no longer sent again
 * by a rerun.
 * Bound and checked as part of the {@code cancel} settings.
 */
public record CallSettings(
        int maxAttempts,
        Backoff backoff,
        int outageThreshold,
        double ratePerSecond,
        int maxInFlight,
        Duration maxRetryAfter,
        Duration stallTimeout,
        int maxRunsPerRow) {

    /**
     * {@code cancel.backoff.*}: the wait before a retry grows from {@code initial} to {@code max}.
     *
     * @param initial the wait before the first retry
     * @param max     the longest wait between attempts
     */
    public record Backoff(
            @DefaultValue("500ms") @DurationMin(millis = 1, message = "must be at least 1ms")
            Duration initial,

            @DefaultValue("30s") Duration max) {
        public Backoff {
            if (initial != null && max != null && max.compareTo(initial) < 0) {
                throw new IllegalArgumentException(
                        "cancel.backoff.max (" + max + ") is below cancel.backoff.initial (" + initial + ")");
            }
        }
    }
}
