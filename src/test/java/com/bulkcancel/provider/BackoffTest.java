package com.bulkcancel.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

class BackoffTest {

    /** A "random" source that always answers its bound: the largest jitter. */
    private static final RandomGenerator MAX = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    /** Always the smallest jitter. */
    private static final RandomGenerator MIN = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return 0;
        }
    };

    @Test
    void doublesFromTheInitialWaitWithJitterInTheUpperHalf() {
        Backoff max = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), MAX);
        Backoff min = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), MIN);

        assertThat(min.after(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(max.after(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(min.after(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(max.after(3)).isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void neverWaitsLongerThanTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), MAX);

        assertThat(backoff.after(40)).isEqualTo(Duration.ofSeconds(30));
    }
}
