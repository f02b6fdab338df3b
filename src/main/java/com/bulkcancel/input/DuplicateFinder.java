package com.bulkcancel.input;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * Finds the duplicate lines of a file exactly in bounded heap: an external sort of (UUID, line) entries. Entries
 * are sorted in memory in runs of at most {@code runSize} (24 bytes each), written to temporary files (24 bytes a
 * sendable row on disk), then merged; within a UUID the smallest line comes first and every later line is its
 * duplicate. Close it (try-with-resources) to delete the temporary files, after a failure too.
 */
final class DuplicateFinder implements AutoCloseable {

    static final int RUN_SIZE = 1_000_000;
    /** Temporary disk per sendable row: a UUID and a line number. */
    static final int BYTES_PER_ROW = 24;

    private final int runSize;
    private final Path tempParent;
    private final List<Path> runs = new ArrayList<>();
    private long[] msb = new long[1024];
    private long[] lsb = new long[1024];
    private long[] lines = new long[1024];
    private Path tempDir;
    private int size;

    DuplicateFinder(int runSize, Path tempParent) {
        this.runSize = runSize;
        this.tempParent = tempParent;
    }

    /** @param uuid the validator's canonical (lower-case) UUID of a sendable row */
    void add(String uuid, long line) {
        UUID u = UUID.fromString(uuid);
        if (size == runSize) {
            writeRun();
        } else if (size == lines.length) {
            // grown up to the run size only, so a small file takes a small heap
            int capacity = (int) Math.min(runSize, 2L * size);
            msb = Arrays.copyOf(msb, capacity);
            lsb = Arrays.copyOf(lsb, capacity);
            lines = Arrays.copyOf(lines, capacity);
        }
        msb[size] = u.getMostSignificantBits();
        lsb[size] = u.getLeastSignificantBits();
        lines[size] = line;
        size++;
    }

    DuplicateLines finish() {
        if (runs.isEmpty()) {
            sort(msb, lsb, lines, 0, size - 1);
            LongPairs found = new LongPairs();
            for (int i = 1, first = 0; i < size; i++) {
                if (msb[i] == msb[first] && lsb[i] == lsb[first]) {
                    found.add(lines[i], lines[first]);
                } else {
                    first = i;
                }
            }
            return found.toDuplicateLines();
        }
        if (size > 0) {
            writeRun();
        }
        return merge();
    }

    private void writeRun() {
        sort(msb, lsb, lines, 0, size - 1);
        try {
            if (tempDir == null) {
                tempDir = Files.createTempDirectory(tempParent, "bulk-cancel-duplicates");
            }
            Path run = tempDir.resolve("run-" + runs.size());
            runs.add(run);
            try (DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
                for (int i = 0; i < size; i++) {
                    out.writeLong(msb[i]);
                    out.writeLong(lsb[i]);
                    out.writeLong(lines[i]);
                }
            }
        } catch (IOException e) {
            throw new TemporaryFilesException(tempParent, e);
        }
        size = 0;
    }

    private DuplicateLines merge() {
        PriorityQueue<RunReader> queue = new PriorityQueue<>(RunReader::compareTo);
        List<RunReader> open = new ArrayList<>();
        try {
            for (Path run : runs) {
                RunReader reader = new RunReader(run);
                open.add(reader);
                if (reader.advance()) {
                    queue.add(reader);
                }
            }
            LongPairs found = new LongPairs();
            boolean any = false;
            long groupMsb = 0;
            long groupLsb = 0;
            long groupLine = 0;
            while (!queue.isEmpty()) {
                RunReader head = queue.poll();
                if (any && head.msb == groupMsb && head.lsb == groupLsb) {
                    found.add(head.line, groupLine);
                } else {
                    any = true;
                    groupMsb = head.msb;
                    groupLsb = head.lsb;
                    groupLine = head.line;
                }
                if (head.advance()) {
                    queue.add(head);
                }
            }
            return found.toDuplicateLines();
        } catch (IOException e) {
            throw new TemporaryFilesException(tempParent, e);
        } finally {
            for (RunReader reader : open) {
                reader.close();
            }
        }
    }

    @Override
    public void close() {
        if (tempDir == null) {
            return;
        }
        try {
            for (Path run : runs) {
                Files.deleteIfExists(run);
            }
            Files.deleteIfExists(tempDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete temporary files in " + tempDir, e);
        }
    }

    private static int compare(long[] a, long[] b, long[] c, int i, int j) {
        int r = Long.compare(a[i], a[j]);
        if (r == 0) {
            r = Long.compare(b[i], b[j]);
        }
        return r != 0 ? r : Long.compare(c[i], c[j]);
    }

    /** Quicksort of three parallel arrays by (a, b, c), without boxing. */
    static void sort(long[] a, long[] b, long[] c, int lo, int hi) {
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            swap(a, b, c, mid, hi);
            int store = lo;
            for (int i = lo; i < hi; i++) {
                if (compare(a, b, c, i, hi) < 0) {
                    swap(a, b, c, i, store++);
                }
            }
            swap(a, b, c, store, hi);
            // recurse into the smaller side so the stack stays logarithmic
            if (store - lo < hi - store) {
                sort(a, b, c, lo, store - 1);
                lo = store + 1;
            } else {
                sort(a, b, c, store + 1, hi);
                hi = store - 1;
            }
        }
    }

    private static void swap(long[] a, long[] b, long[] c, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
        t = b[i];
        b[i] = b[j];
        b[j] = t;
        t = c[i];
        c[i] = c[j];
        c[j] = t;
    }

    /** Duplicate line and first line pairs, grown as found; sorted by duplicate line at the end. */
    private static final class LongPairs {
        private long[] dup = new long[16];
        private long[] first = new long[16];
        private int n;

        void add(long line, long firstLine) {
            if (n == dup.length) {
                dup = Arrays.copyOf(dup, n * 2);
                first = Arrays.copyOf(first, n * 2);
            }
            dup[n] = line;
            first[n] = firstLine;
            n++;
        }

        DuplicateLines toDuplicateLines() {
            long[] d = Arrays.copyOf(dup, n);
            long[] f = Arrays.copyOf(first, n);
            sort(d, f, new long[n], 0, n - 1);
            return new DuplicateLines(d, f);
        }
    }

    private static final class RunReader implements Comparable<RunReader> {
        private final DataInputStream in;
        long msb;
        long lsb;
        long line;

        RunReader(Path run) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
        }

        boolean advance() throws IOException {
            try {
                msb = in.readLong();
            } catch (EOFException end) {
                return false;
            }
            lsb = in.readLong();
            line = in.readLong();
            return true;
        }

        @Override
        public int compareTo(RunReader o) {
            int r = Long.compare(msb, o.msb);
            if (r == 0) {
                r = Long.compare(lsb, o.lsb);
            }
            return r != 0 ? r : Long.compare(line, o.line);
        }

        void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // a read-only temporary file, deleted next
            }
        }
    }
}
