package com.bulkcancel.provider;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when the next cancel call may start. The limit is Resilience4j's RateLimiter with one permit per
 * 1/rate seconds: calls start evenly spaced rather than in a burst at each second's start. A worker that wakes
 * late from its wait may start close to the next one; a window of the latest starts keeps any one-second window
 * to at most rate starts all the same (the promise is rate + 1). Retries take permits like first attempts.
 *
 * <p>Workers take their turn one at a time (a lock), so at most one of them holds a reserved permit: a 429
 * that arrives meanwhile is seen before the call starts, and a rate change never leaves permits of the old
 * limiter outstanding beside the new one. The new limiter starts drained, so its first permit comes one new
 * period after the change, and the window bound holds across the change.
 *
 * <p>A 429 means the provider's limit (per token) is below ours: every worker pauses for Retry-After (capped),
 * and the effective rate halves, once per burst of 429s (a 429 to a call that started before the last lowering
 * says nothing new). It climbs back by half toward the configured rate after each 10 s without a 429.
 */
public final class RequestPacer {

    private static final Logger log = LoggerFactory.getLogger(RequestPacer.class);
    static final long RECOVERY_STEP_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final double MIN_RATE = 0.5;
    private static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);
    private static final double WINDOWED_RATE = 100_000;
    private static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The time source and the way to wait: the system's, or a test's fake. */
    public interface Ticker {
        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            /**
             * Parks to the nanosecond deadline: Thread.sleep (TimeUnit.sleep) rounds a wait under a millisecond up
             * to a whole one on Java 17, which held every turn at a rate above ~1,000/s to about 1 ms.
             */
            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                if (nanos > 0 && Thread.interrupted()) {
                    throw new InterruptedException(); // as Thread.sleep: even a wait that is over at once
                }
                long deadline = System.nanoTime() + nanos;
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(left); // may return early (spuriously): the loop checks the deadline
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            }
        };

        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double configuredRate;
    private final Duration maxPause;
    private final Ticker ticker;
    // Not fair: a strict hand-off wakes the next queued worker for every call, which at thousands of calls per
    // second on a busy machine costs more than the calls; the bound does not depend on the order of turns.
    private final ReentrantLock turn = new ReentrantLock();

    // Guarded by this: the rate workers should use, when it last changed, when calls may start again.
    private double targetRate;
    private long lastRateChange;
    private long lastLowered;
    private boolean everLowered;
    private volatile long pausedUntil;

    // Guarded by turn: the limiter in use, the rate it was built for, and the latest starts (none above
    // WINDOWED_RATE: permits microseconds apart make the window edge moot, and the window would be large).
    private RateLimiter limiter;
    private double limiterRate;
    private StartWindow window;

    // Guarded by writes: the latest request writes, for the same bound at the moment the bytes leave.
    private final Object writes = new Object();
    private StartWindow writeWindow;

    public RequestPacer(double ratePerSecond, Duration maxPause, Ticker ticker) {
        this.configuredRate = ratePerSecond;
        this.maxPause = maxPause;
        this.ticker = ticker;
        long now = ticker.nanoTime();
        this.pausedUntil = now;
        this.lastRateChange = now;
        this.targetRate = ratePerSecond;
        this.limiter = limiter(ratePerSecond);
        this.limiterRate = ratePerSecond;
        this.window = ratePerSecond <= WINDOWED_RATE ? new StartWindow(windowLimit(ratePerSecond)) : null;
        this.writeWindow = ratePerSecond <= WINDOWED_RATE ? new StartWindow(windowLimit(ratePerSecond)) : null;
    }

    /**
     * At most {@code rate} starts in any one-second window: the promise is rate + 1, and the spare one absorbs
     * the jitter between a call's start here and its arrival at the provider on a busy machine.
     */
    private static int windowLimit(double rate) {
        return (int) Math.floor(rate);
    }

    /**
     * Blocks until a call may start.
     *
     * @return the call's start (the ticker's nanoTime), to hand back to {@link #throttled} if it gets a 429
     */
    public long awaitTurn() throws InterruptedException {
        return awaitTurn(() -> false);
    }

    /**
     * Blocks until a call may start, or until {@code stopping} says the run is stopping (then the caller sends
     * nothing): a 429 pause of up to a minute must not outlast a SIGTERM's grace.
     */
    public long awaitTurn(BooleanSupplier stopping) throws InterruptedException {
        turn.lockInterruptibly();
        try {
            while (true) {
                long pause;
                while ((pause = pausedUntil - ticker.nanoTime()) > 0) {
                    if (stopping.getAsBoolean()) {
                        return ticker.nanoTime();
                    }
                    ticker.sleepNanos(Math.min(pause, STOP_CHECK_NANOS));
                }
                useTargetRate();
                long wait = limiter.reservePermission();
                if (wait < 0) {
                    continue; // cannot happen with one waiter and a timeout of two periods; try again
                }
                if (wait > 0) {
                    ticker.sleepNanos(wait);
                }
                long now = ticker.nanoTime();
                // The limiter's permits are aligned to its periods; a turn that woke late and the next one could
                // start close together. The window holds the bound for the starts themselves.
                if (window != null) {
                    long earliest = window.earliestStart(now);
                    if (earliest != now) {
                        ticker.sleepNanos(earliest - now);
                        now = ticker.nanoTime();
                    }
                }
                if (pausedUntil - now <= 0) {
                    if (window != null) {
                        window.started(now);
                    }
                    return now;
                }
                // A 429 came while this turn waited: the permit is dropped, the pause comes first.
            }
        } finally {
            turn.unlock();
        }
    }

    /**
     * Called by the HTTP client right before it writes a request (after its turn, a connection lease and the
     * request's preparation): keeps the writes themselves to at most {@code rate} in any one-second window. A
     * worker preempted between its turn and its write (a busy machine) would otherwise write close to the next
     * ones; measured, that put 102 writes into one second at 100/s. Waits only in that case, a few ms (at most
     * a second), and does not look again at a 429 pause or a stop that came meanwhile: the call has its turn.
     */
    public void beforeWrite() {
        boolean interrupted = false;
        synchronized (writes) {
            if (writeWindow == null) {
                return;
            }
            long now = ticker.nanoTime();
            long earliest;
            while ((earliest = writeWindow.earliestStart(now)) != now) {
                try {
                    ticker.sleepNanos(earliest - now);
                } catch (InterruptedException e) {
                    interrupted = true; // the bound still holds: waits on, and the interrupt is kept
                }
                now = ticker.nanoTime();
            }
            writeWindow.started(now);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The provider answered 429 to a call started at {@code startedAt}: pause all new calls for Retry-After
     * (capped; 1 s if absent) and lower the rate, unless that call started before the last lowering.
     */
    public synchronized void throttled(Duration retryAfter, long startedAt) {
        Duration pause =
                retryAfter == null ? DEFAULT_PAUSE : retryAfter.compareTo(maxPause) > 0 ? maxPause : retryAfter;
        long now = ticker.nanoTime();
        long until = now + pause.toNanos();
        if (until - pausedUntil > 0) {
            pausedUntil = until;
        }
        if (everLowered && startedAt - lastLowered <= 0) {
            return; // part of a burst already answered by a lowering
        }
        double lowered = Math.max(MIN_RATE, targetRate / 2);
        everLowered = true;
        lastLowered = now;
        lastRateChange = now;
        if (lowered < targetRate) {
            targetRate = lowered;
            log.warn(
                    "Provider answered 429 (rate limited): pausing all calls for {} ms, rate lowered to {}/s "
                            + "(configured {}/s)",
                    pause.toMillis(),
                    format(lowered),
                    format(configuredRate));
        } else {
            log.warn(
                    "Provider answered 429 (rate limited): pausing all calls for {} ms, rate stays at {}/s",
                    pause.toMillis(),
                    format(targetRate));
        }
    }

    /** A call got a non-429 answer: step the rate back up, at most once per recovery period. */
    public void answered() {
        if (currentRate() >= configuredRate) {
            return;
        }
        synchronized (this) {
            long now = ticker.nanoTime();
            if (targetRate >= configuredRate || now - lastRateChange < RECOVERY_STEP_NANOS) {
                return;
            }
            targetRate = Math.min(configuredRate, targetRate * 1.5);
            lastRateChange = now;
            log.info(
                    "No 429 for {} s: rate raised to {}/s (configured {}/s)",
                    TimeUnit.NANOSECONDS.toSeconds(RECOVERY_STEP_NANOS),
                    format(targetRate),
                    format(configuredRate));
        }
    }

    public synchronized double currentRate() {
        return targetRate;
    }

    /** Under the turn lock: swap in a limiter for a changed rate, drained so its first permit is a period away. */
    private void useTargetRate() {
        double rate = currentRate();
        if (rate != limiterRate) {
            limiter = limiter(rate);
            limiter.drainPermissions();
            limiterRate = rate;
            if (window != null) {
                window = window.resized(windowLimit(rate));
            }
            synchronized (writes) {
                if (writeWindow != null) {
                    writeWindow = writeWindow.resized(windowLimit(rate));
                }
            }
        }
    }

    private RateLimiter limiter(double rate) {
        long periodNanos = Math.max(1, Math.round(1_000_000_000d / rate));
        return RateLimiter.of(
                "cancel-calls",
                RateLimiterConfig.custom()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                        .timeoutDuration(Duration.ofNanos(2 * periodNanos).plusSeconds(1))
                        .build(),
                ticker::nanoTime);
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.format("%.2f", rate);
    }
}
