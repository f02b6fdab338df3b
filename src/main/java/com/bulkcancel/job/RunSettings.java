package com.bulkcancel.job;

import java.nio.file.Path;

import com.bulkcancel.report.ReportFiles;

/**
 * Which file to cancel, where the results go, and the chunk size (default: about 10 s of calls). Bound and checked
 * as part of the {@code cancel} settings ({@link CancelSettings}).
 */
public record RunSettings(Path input, Path output, Integer chunkSize) {

    /**
     * Where a live run's results go: {@code cancel.output}, else next to the input as {@code <name>.results.csv}
     * (reservations.csv gives reservations.results.csv). Checked with its retry and summary files before any call
     * ({@link OutputPaths}): each in an existing, writable directory, none the input, a symbolic link or a
     * directory, and never a name ending in {@code .dry-run.csv}. A directory on the way may be a link.
     */
    public Path outputFor(Path inputFile) {
        Path result = output != null ? output.toAbsolutePath() : besideInput(inputFile, ".results.csv");
        OutputPaths.checkLive(inputFile, ReportFiles.of(result));
        return result;
    }

    /**
     * Where a dry run's results go: always a name ending in {@code .dry-run.csv}, so a dry run never writes a
     * live run's files: next to the input as {@code <name>.dry-run.csv}, or {@code cancel.output} with
     * {@code .dry-run} inserted ({@link OutputPaths#dryRunName}).
     */
    public Path dryRunOutputFor(Path inputFile) {
        Path result = output != null
                ? OutputPaths.dryRunName(output.toAbsolutePath())
                : besideInput(inputFile, OutputPaths.DRY_RUN_SUFFIX);
        OutputPaths.checkDryRun(inputFile, result);
        return result;
    }

    private static Path besideInput(Path inputFile, String suffix) {
        String name = inputFile.getFileName().toString();
        String stem = ReportFiles.withoutCsvExtension(name);
        return inputFile.toAbsolutePath().resolveSibling(stem + suffix);
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
