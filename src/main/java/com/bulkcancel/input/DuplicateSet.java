package com.bulkcancel.input;

/**
 * The reservation UUIDs seen so far, each kept as two longs plus the line it was first seen on, in an
 * open-addressing table: about 40 bytes a row at the worst load, against ~150 for a HashMap of strings, so a
 * million-row file fits a small heap. This is the only state the job keeps per row.
 */
final class DuplicateSet {

    private static final long EMPTY = 0L; // line numbers start at 1, so line 0 marks a free slot

    private long[] msb = new long[1 << 10];
    private long[] lsb = new long[1 << 10];
    private long[] lines = new long[1 << 10];
    private int size;

    /** Adds the UUID; returns 0 if it was new, else the line it was first seen on. */
    long addIfAbsent(long most, long least, long line) {
        if (size * 2 >= lines.length) {
            grow();
        }
        int mask = lines.length - 1;
        int i = slot(most, least, mask);
        while (lines[i] != EMPTY) {
            if (msb[i] == most && lsb[i] == least) {
                return lines[i];
            }
            i = (i + 1) & mask;
        }
        msb[i] = most;
        lsb[i] = least;
        lines[i] = line;
        size++;
        return 0;
    }

    int size() {
        return size;
    }

    private static int slot(long most, long least, int mask) {
        long h = most * 0x9E3779B97F4A7C15L ^ least;
        h ^= h >>> 32;
        return (int) (h ^ (h >>> 16)) & mask;
    }

    private void grow() {
        long[] oldMsb = msb;
        long[] oldLsb = lsb;
        long[] oldLines = lines;
        msb = new long[oldLines.length * 2];
        lsb = new long[oldLines.length * 2];
        lines = new long[oldLines.length * 2];
        size = 0;
        for (int i = 0; i < oldLines.length; i++) {
            if (oldLines[i] != EMPTY) {
                addIfAbsent(oldMsb[i], oldLsb[i], oldLines[i]);
            }
        }
    }
}
