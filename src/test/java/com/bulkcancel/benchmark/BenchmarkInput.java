package com.bulkcancel.benchmark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.UUID;

/** Writes a reservations CSV of distinct random (seeded) version-4 UUIDs, each with a note. */
final class BenchmarkInput {

    private BenchmarkInput() {}

    static Path write(Path dir, String name, int rows, long seed) throws IOException {
        Path file = dir.resolve(name);
        SplittableRandom random = new SplittableRandom(seed);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("reservation_uuid,note\n");
            for (int i = 0; i < rows; i++) {
                out.write(uuid(random).toString());
                out.write(",Event cancelled by the organiser\n");
            }
        }
        return file;
    }

    static UUID uuid(SplittableRandom random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
