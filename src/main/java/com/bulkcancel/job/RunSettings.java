package com.bulkcancel.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.bulkcancel.report.ReportFiles;

/** Which file to cancel, where the results go, and the chunk size (default: about 10 s of calls). */
@ConfigurationProperties("cancel")
public record RunSettings(Path input, Path output, Integer chunkSize) {

    public RunSettings {
        if (chunkSize != null && chunkSize < 1) {
            throw new IllegalArgumentException("cancel.chunk-size must be at least 1, was " + chunkSize);
        }
    }

    /**
     * Where a run's results go: {@code cancel.output}, else next to the input as {@code <name><suffix>}
     * (reservations.csv gives reservations.results.csv). Never the input itself, and none of the files written
     * beside it (results, retry, summary) may be a symbolic link: a link planted there would otherwise decide
     * where the output goes. A directory on the way may be a link.
     */
    public Path outputFor(Path inputFile, String suffix) {
        Path result;
        if (output != null) {
            result = output.toAbsolutePath();
        } else {
            String name = inputFile.getFileName().toString();
            String stem = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
            result = inputFile.toAbsolutePath().resolveSibling(stem + suffix);
        }
        if (Files.exists(result) && isSameFile(result, inputFile)) {
            throw new InvalidInvocationException("--cancel.output " + result + " is the input file itself");
        }
        ReportFiles files = ReportFiles.of(result);
        for (Path file : List.of(files.results(), files.retry(), files.summary())) {
            if (Files.isSymbolicLink(file)) {
                throw new InvalidInvocationException("output file " + file + " is a symbolic link: bulk-cancel "
                        + "writes only regular files; remove the link or choose another --cancel.output");
            }
        }
        return result;
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
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
