package com.bulkcancel.provider;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": half the exponential delay, plus a random share of the other half,
 * so retries of many rows spread out instead of hitting the provider together. Capped at {@code max}.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait after {@code failedAttempts} failed attempts (1 = after the first). */
    public Duration after(int failedAttempts) {
        long base = initial.toNanos();
        for (int i = 1; i < failedAttempts && base < max.toNanos(); i++) {
            base *= 2;
        }
        base = Math.min(base, max.toNanos());
        long half = base / 2;
        return Duration.ofNanos(half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
