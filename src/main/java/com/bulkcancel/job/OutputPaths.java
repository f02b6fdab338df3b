package com.bulkcancel.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.bulkcancel.launch.InvalidInvocationException;
import com.bulkcancel.report.ReportFiles;

/**
 * The files a command will write, checked before its first call: a run that cannot write its results must find
 * out before it cancels anything, not after (a rerun would fail the same way), and no output may ever replace
 * or delete the input. Each file's directory must exist and be writable (the temporary file is created there);
 * no file may be the input, a symbolic link or a directory; and a dry run's results always end in
 * {@value #DRY_RUN_SUFFIX}, a name a live run may not use, so the two never write each other's files.
 */
final class OutputPaths {

    static final String DRY_RUN_SUFFIX = ".dry-run.csv";

    private OutputPaths() {}

    /**
     * A dry run's results path for an explicit {@code --cancel.output}: {@code .dry-run} inserted before a final
     * {@code .csv} (r.results.csv gives r.results.dry-run.csv), {@value #DRY_RUN_SUFFIX} appended to a name without
     * one, a name that already ends in it kept.
     */
    static Path dryRunName(Path output) {
        String name = output.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(DRY_RUN_SUFFIX)) {
            return output;
        }
        String stem = ReportFiles.withoutCsvExtension(name);
        return output.resolveSibling(stem + DRY_RUN_SUFFIX);
    }

    /** A live run's results, retry and summary files. */
    static void checkLive(Path input, ReportFiles files) {
        if (files.results().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(DRY_RUN_SUFFIX)) {
            throw new InvalidInvocationException("--cancel.output " + files.results() + " ends in " + DRY_RUN_SUFFIX
                    + ", the name of a dry run's results: give a live run another --cancel.output");
        }
        for (Path file : List.of(files.results(), files.retry(), files.summary())) {
            check(input, file, files.results());
        }
    }

    /** A dry run writes its results file only (never a retry or summary file). */
    static void checkDryRun(Path input, Path results) {
        check(input, results, results);
    }

    /**
     * The renames that keep an earlier generation's files: each source and target in a writable directory, none
     * the input, and no target one of the files the new run will write (it would overwrite what was just kept).
     */
    static void checkKept(Path input, Map<Path, Path> moves, ReportFiles newRun, long generation) {
        for (Map.Entry<Path, Path> move : moves.entrySet()) {
            Path source = move.getKey();
            Path target = move.getValue();
            if (sameFile(source, input)) {
                throw new InvalidInvocationException("generation " + generation + "'s output " + source + " is the "
                        + "input file: cannot rename it to keep it; copy the input elsewhere and rerun from there");
            }
            if (sameFile(target, input)) {
                throw new InvalidInvocationException("generation " + generation + "'s output " + source
                        + " would be kept as " + target + ", which is the input file: copy the input to another "
                        + "name and run that copy");
            }
            for (Path next : List.of(newRun.results(), newRun.retry(), newRun.summary())) {
                if (sameFile(target, next)) {
                    throw new InvalidInvocationException("generation " + generation + "'s output " + source
                            + " is kept as " + target + ", which this run would then overwrite: give another "
                            + "--cancel.output");
                }
            }
            requireWritableDirectory(target, "keep generation " + generation + "'s " + source.getFileName());
        }
    }

    private static void check(Path input, Path file, Path results) {
        requireWritableDirectory(file, "write " + file.getFileName());
        if (Files.isSymbolicLink(file)) {
            throw new InvalidInvocationException("output file " + file + " is a symbolic link: bulk-cancel "
                    + "writes only regular files; remove the link or choose another --cancel.output");
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInvocationException(
                    "output file " + file + " is a directory: give --cancel.output " + "a file name");
        }
        if (sameFile(file, input)) {
            throw new InvalidInvocationException(
                    file.equals(results)
                            ? "--cancel.output " + file + " is the input file itself: give another --cancel.output"
                            : "this run would write " + file + " beside its results " + results + ", and " + file
                                    + " is the input file: give another --cancel.output");
        }
    }

    private static void requireWritableDirectory(Path file, String purpose) {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            throw new InvalidInvocationException(
                    Files.exists(directory)
                            ? directory + " is not a directory, so it cannot hold " + file.getFileName()
                                    + ": give another --cancel.output"
                            : "directory " + directory
                                    + " does not exist: create it, or give --cancel.output a file in an "
                                    + "existing directory");
        }
        if (!Files.isWritable(directory)) {
            throw new InvalidInvocationException("directory " + directory + " cannot be written (needed to " + purpose
                    + " through a temporary file beside it): make it writable or give --cancel.output a file in "
                    + "a writable directory");
        }
    }

    /** The same file by real path (a link or another spelling of the input is still the input). */
    static boolean sameFile(Path a, Path b) {
        if (Files.exists(a) && Files.exists(b)) {
            try {
                return Files.isSameFile(a, b);
            } catch (IOException e) {
                return false;
            }
        }
        return real(a).equals(real(b));
    }

    /** A path through its directory's real path, for files that need not exist yet. */
    private static Path real(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return absolute.getParent().toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute;
        }
    }
}
