package com.bulkcancel.job;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Which file to cancel, where the results go, and the chunk size (default: about 10 s of calls). */
@ConfigurationProperties("cancel")
public record RunSettings(Path input, Path output, Integer chunkSize) {

    public RunSettings {
        if (chunkSize != null && chunkSize < 1) {
            throw new IllegalArgumentException("cancel.chunk-size must be at least 1, was " + chunkSize);
        }
    }

    /** Chunk boundaries drain the in-flight calls, so a chunk holds ~10 s of calls and never fewer than in flight. */
    public int chunkSize(double ratePerSecond, int maxInFlight) {
        if (chunkSize != null) {
            return chunkSize;
        }
        long tenSeconds = Math.round(ratePerSecond * 10);
        return (int) Math.min(10_000, Math.max(maxInFlight, tenSeconds));
    }
}
