package com.bulkcancel.report;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The files a run writes, named from the results file: {@code reservations.results.csv} gives
 * {@code reservations.results.retry.csv} and {@code reservations.results.summary.json} beside it.
 */
public record ReportFiles(Path results, Path retry, Path summary) {

    public static ReportFiles of(Path results) {
        Path absolute = results.toAbsolutePath();
        String name = absolute.getFileName().toString();
        String stem = withoutCsvExtension(name);
        return new ReportFiles(
                absolute,
                absolute.resolveSibling(stem + ".retry.csv"),
                absolute.resolveSibling(stem + ".summary.json"));
    }

    /** A file name without its {@code .csv} extension (in any case); a name without one as it is. */
    public static String withoutCsvExtension(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    }
}
