package com.bulkcancel.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

class DuplicateSetTest {

    @Test
    void remembersTheFirstLineOfEachUuidAcrossGrowth() {
        DuplicateSet set = new DuplicateSet();
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        UUID[] uuids = new UUID[50_000];
        for (int i = 0; i < uuids.length; i++) {
            uuids[i] = new UUID(random.nextLong(), random.nextLong());
            assertThat(set.addIfAbsent(uuids[i].getMostSignificantBits(), uuids[i].getLeastSignificantBits(), i + 1))
                    .isZero();
        }
        for (int i = 0; i < uuids.length; i++) {
            assertThat(set.addIfAbsent(uuids[i].getMostSignificantBits(), uuids[i].getLeastSignificantBits(), 999_999))
                    .isEqualTo(i + 1);
        }
        assertThat(set.size()).isEqualTo(uuids.length);
    }
}
