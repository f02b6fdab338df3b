package com.bulkcancel.provider;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * Decides when the next cancel call may start. The limit is Resilience4j's RateLimiter with one permit per
 * 1/rate seconds: calls start evenly spaced rather than in a burst at each second's start, and no more than
 * rate (+1 at a window's edge) start in any one-second window. Retries take permits like first attempts.
 *
 * <p>A 429 means the provider's limit (per token) is below ours: every worker pauses for Retry-After, and the
 * effective rate halves; it climbs back toward the configured rate while no 429 comes.
 */
public final class RequestPacer {

    private static final Logger log = LoggerFactory.getLogger(RequestPacer.class);
    private static final long RECOVERY_STEP_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final double MIN_RATE = 0.5;

    private final double configuredRate;
    private final Duration maxPause;
    private final LongSupplier nanoTime;
    private final AtomicReference<RateLimiter> limiter = new AtomicReference<>();
    private volatile double currentRate;
    private final AtomicLong pausedUntil;
    private final AtomicLong lastRateChange;

    public RequestPacer(double ratePerSecond, Duration maxPause, LongSupplier nanoTime) {
        this.configuredRate = ratePerSecond;
        this.maxPause = maxPause;
        this.nanoTime = nanoTime;
        this.pausedUntil = new AtomicLong(nanoTime.getAsLong());
        this.lastRateChange = new AtomicLong(nanoTime.getAsLong());
        setRate(ratePerSecond);
    }

    /** Blocks until a call may start. */
    public void awaitTurn() throws InterruptedException {
        long pause;
        while ((pause = pausedUntil.get() - nanoTime.getAsLong()) > 0) {
            TimeUnit.NANOSECONDS.sleep(pause);
        }
        while (!limiter.get().acquirePermission()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** The provider answered 429: pause all new calls and slow down. */
    public void throttled(Duration retryAfter) {
        Duration pause = retryAfter == null ? Duration.ofSeconds(1)
                : retryAfter.compareTo(maxPause) > 0 ? maxPause : retryAfter;
        long until = nanoTime.getAsLong() + pause.toNanos();
        pausedUntil.accumulateAndGet(until, Math::max);
        double lowered = Math.max(MIN_RATE, currentRate / 2);
        if (lowered < currentRate) {
            setRate(lowered);
            log.warn("Provider answered 429 (rate limited): pausing all calls for {} ms, rate lowered to {}/s",
                    pause.toMillis(), format(lowered));
        }
    }

    /** A call got a non-429 answer: step the rate back up, at most once per recovery period. */
    public void answered() {
        if (currentRate >= configuredRate) {
            return;
        }
        long now = nanoTime.getAsLong();
        long last = lastRateChange.get();
        if (now - last >= RECOVERY_STEP_NANOS && lastRateChange.compareAndSet(last, now)) {
            double raised = Math.min(configuredRate, currentRate * 1.5);
            setRate(raised);
            log.info("No 429 for {} s: rate raised to {}/s (configured {}/s)",
                    TimeUnit.NANOSECONDS.toSeconds(RECOVERY_STEP_NANOS), format(raised), format(configuredRate));
        }
    }

    public double currentRate() {
        return currentRate;
    }

    private synchronized void setRate(double rate) {
        currentRate = rate;
        lastRateChange.set(nanoTime.getAsLong());
        long periodNanos = Math.max(1, Math.round(1_000_000_000d / rate));
        limiter.set(RateLimiter.of("cancel-calls", RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(Duration.ofSeconds(5))
                .build()));
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.format("%.2f", rate);
    }
}
