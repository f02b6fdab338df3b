package com.bulkcancel.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The pacer on a fake clock: exact, instant and deterministic. */
class RequestPacerTest {

    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Time stands still except when the pacer sleeps. */
    static final class FakeTicker implements RequestPacer.Ticker {
        long now = 1_000 * SECOND;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += Math.max(0, nanos);
        }

        void advance(Duration d) {
            now += d.toNanos();
        }
    }

    final FakeTicker time = new FakeTicker();

    List<Long> turns(RequestPacer pacer, int n) throws InterruptedException {
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            starts.add(pacer.awaitTurn());
        }
        return starts;
    }

    @Test
    void callsStartEvenlySpacedAtTheConfiguredRate() throws Exception {
        RequestPacer pacer = new RequestPacer(20, Duration.ofSeconds(60), time);

        List<Long> starts = turns(pacer, 60);

        assertThat(StartWindows.maxInAnyWindow(starts, SECOND)).isLessThanOrEqualTo(21);
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).isEqualTo(SECOND / 20);
        }
    }

    @Test
    void workersThatWakeLateStillStartAtMostRateCallsInAnyWindowAndCatchUp() throws Exception {
        // The machine is busy: now and then a wait overshoots by 80 % of a period, so that turn wakes late.
        long period = SECOND / 20;
        RequestPacer.Ticker late = new RequestPacer.Ticker() {
            int sleeps;

            @Override
            public long nanoTime() {
                return time.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) {
                time.sleepNanos(nanos > 0 && sleeps++ % 30 == 0 ? nanos + period * 4 / 5 : nanos);
            }
        };
        RequestPacer pacer = new RequestPacer(20, Duration.ofSeconds(60), late);

        List<Long> starts = turns(pacer, 100);

        assertThat(StartWindows.maxInAnyWindow(starts, SECOND)).isLessThanOrEqualTo(20);
        // Late wake-ups do not add up: 100 starts take about 100 periods, not 140.
        assertThat(starts.get(99) - starts.get(0)).isLessThan(101 * period);
    }

    @Test
    void anIdleGapDoesNotBuildUpABurst() throws Exception {
        RequestPacer pacer = new RequestPacer(10, Duration.ofSeconds(60), time);
        turns(pacer, 5);
        time.advance(Duration.ofSeconds(30));

        List<Long> starts = turns(pacer, 30);

        assertThat(StartWindows.maxInAnyWindow(starts, SECOND)).isLessThanOrEqualTo(11);
        assertThat(starts.get(2) - starts.get(0)).isGreaterThanOrEqualTo(SECOND / 10);
    }

    @Test
    void a429PausesEveryCallForRetryAfterAndHalvesTheRate() throws Exception {
        RequestPacer pacer = new RequestPacer(20, Duration.ofSeconds(60), time);
        long throttledCall = turns(pacer, 10).get(9);

        pacer.throttled(Duration.ofSeconds(3), throttledCall);
        long pausedAt = time.nanoTime();
        List<Long> after = turns(pacer, 20);

        assertThat(after.get(0)).isGreaterThanOrEqualTo(pausedAt + 3 * SECOND);
        assertThat(pacer.currentRate()).isEqualTo(10);
        for (int i = 1; i < after.size(); i++) {
            assertThat(after.get(i) - after.get(i - 1)).isEqualTo(SECOND / 10);
        }
    }

    @Test
    void aBurstOf429sToCallsStartedBeforeTheLoweringLowersOnce() throws Exception {
        RequestPacer pacer = new RequestPacer(40, Duration.ofSeconds(60), time);
        List<Long> starts = turns(pacer, 8);

        for (long start : starts) {
            pacer.throttled(Duration.ofSeconds(1), start);
        }

        assertThat(pacer.currentRate()).isEqualTo(20);
        long later = pacer.awaitTurn();
        pacer.throttled(Duration.ofSeconds(1), later);
        assertThat(pacer.currentRate()).isEqualTo(10);
    }

    @Test
    void retryAfterIsCappedByMaxRetryAfterAndDefaultsToOneSecond() throws Exception {
        RequestPacer pacer = new RequestPacer(10, Duration.ofSeconds(5), time);
        long call = pacer.awaitTurn();

        pacer.throttled(Duration.ofHours(1), call);
        long pausedAt = time.nanoTime();
        long next = pacer.awaitTurn();
        assertThat(next - pausedAt).isBetween(5 * SECOND, 5 * SECOND + SECOND / 5 + 1);

        pacer.throttled(null, next);
        pausedAt = time.nanoTime();
        assertThat(pacer.awaitTurn() - pausedAt).isBetween(SECOND, SECOND + SECOND / 2 + 1);
    }

    @Test
    void theRateRecoversByHalfEveryTenSecondsWithout429UpToTheConfiguredRate() throws Exception {
        RequestPacer pacer = new RequestPacer(40, Duration.ofSeconds(60), time);
        pacer.throttled(Duration.ofSeconds(1), pacer.awaitTurn());
        pacer.throttled(Duration.ofSeconds(1), pacer.awaitTurn());
        assertThat(pacer.currentRate()).isEqualTo(10);

        pacer.answered();
        assertThat(pacer.currentRate()).as("not before 10 s").isEqualTo(10);
        time.advance(Duration.ofSeconds(10));
        pacer.answered();
        assertThat(pacer.currentRate()).isEqualTo(15);
        time.advance(Duration.ofSeconds(10));
        pacer.answered();
        assertThat(pacer.currentRate()).isEqualTo(22.5);
        time.advance(Duration.ofSeconds(10));
        pacer.answered();
        time.advance(Duration.ofSeconds(10));
        pacer.answered();
        assertThat(pacer.currentRate()).isEqualTo(40);
    }

    @Test
    void theWindowBoundHoldsAcrossRateChanges() throws Exception {
        RequestPacer pacer = new RequestPacer(20, Duration.ofSeconds(60), time);
        List<Long> starts = new ArrayList<>(turns(pacer, 30));
        pacer.throttled(Duration.ZERO, starts.get(starts.size() - 1));
        starts.addAll(turns(pacer, 30));
        for (int step = 0; step < 3; step++) {
            time.advance(Duration.ofSeconds(10));
            pacer.answered();
            starts.addAll(turns(pacer, 25));
        }
        assertThat(pacer.currentRate()).isEqualTo(20);

        assertThat(StartWindows.maxInAnyWindow(starts, SECOND)).isLessThanOrEqualTo(21);
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1))
                    .as("gap before start %d", i)
                    .isGreaterThanOrEqualTo(SECOND / 20);
        }
    }

    @Test
    void writesThatBunchAfterTheirTurnsStillKeepAtMostRateInAnyWindow() throws Exception {
        RequestPacer pacer = new RequestPacer(20, Duration.ofSeconds(60), time);
        List<Long> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // a full window: one write every 50 ms, the last 950 ms after the first
            if (i > 0) {
                time.advance(Duration.ofMillis(50));
            }
            pacer.beforeWrite();
            writes.add(time.nanoTime());
        }
        for (int i = 0; i < 5; i++) { // five workers preempted after their turns now write at once
            pacer.beforeWrite();
            writes.add(time.nanoTime());
        }

        assertThat(StartWindows.maxInAnyWindow(writes, SECOND)).isEqualTo(20);
        assertThat(writes.get(20) - writes.get(0)).isEqualTo(SECOND); // waited no longer than needed
    }

    @Test
    void aLoweredRateAlsoBoundsTheWrites() throws Exception {
        RequestPacer pacer = new RequestPacer(40, Duration.ofSeconds(1), time);
        long started = pacer.awaitTurn();
        pacer.throttled(Duration.ofSeconds(1), started); // 429: the rate halves to 20/s
        time.advance(Duration.ofSeconds(2));
        pacer.awaitTurn(); // the next turn swaps in the lowered rate
        List<Long> writes = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // writes bunched: no time passes between them but the pacer's waits
            pacer.beforeWrite();
            writes.add(time.nanoTime());
        }

        assertThat(StartWindows.maxInAnyWindow(writes, SECOND)).isEqualTo(20);
    }
}
