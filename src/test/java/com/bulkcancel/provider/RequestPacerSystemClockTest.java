package com.bulkcancel.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The pacer on the real clock, where the fake one cannot tell: waits shorter than a millisecond. Bounds are wide
 * (a shared machine): the old rounding to whole milliseconds could not meet them at all.
 */
class RequestPacerSystemClockTest {

    @Test
    void aWaitEndsNoEarlierThanAsked() throws InterruptedException {
        for (long micros = 10; micros <= 400; micros += 13) {
            long asked = TimeUnit.MICROSECONDS.toNanos(micros);
            long before = System.nanoTime();
            RequestPacer.Ticker.SYSTEM.sleepNanos(asked);
            assertThat(System.nanoTime() - before).as("slept for %d us", micros).isGreaterThanOrEqualTo(asked);
        }
    }

    @Test
    void anInterruptedThreadIsRefusedEvenAWaitThatEndsAtOnce() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> RequestPacer.Ticker.SYSTEM.sleepNanos(1)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted())
                .as("the flag is cleared, as Thread.sleep clears it")
                .isFalse();
    }

    @Test
    void aRateAboveAThousandPerSecondIsNotHeldToOneTurnPerMillisecond() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(5000, Duration.ofSeconds(1), RequestPacer.Ticker.SYSTEM);
        int turns = 1000;
        long first = pacer.awaitTurn();
        long last = first;
        for (int i = 1; i < turns; i++) {
            last = pacer.awaitTurn();
        }
        long elapsed = last - first;
        // The rate holds: permits 200 us apart (the first may fall late in its period). Measured here: ~202 ms
        // for the 1,000 turns; with waits rounded up to whole milliseconds, 553 ms (1,800 turns/s).
        assertThat(elapsed)
                .isGreaterThanOrEqualTo(TimeUnit.MICROSECONDS.toNanos(200L * (turns - 2)))
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(450));
    }
}
