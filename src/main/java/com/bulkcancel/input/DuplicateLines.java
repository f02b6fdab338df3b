package com.bulkcancel.input;

import java.util.Arrays;

/**
 * The lines whose reservation UUID an earlier sendable line already has, each with that earlier line: two sorted
 * long arrays, 16 bytes per duplicate line and nothing per unique row, so the step keeps no per-UUID state.
 */
public final class DuplicateLines {

    public static final DuplicateLines NONE = new DuplicateLines(new long[0], new long[0]);

    private final long[] lines;
    private final long[] firstLines;

    /** @param lines ascending duplicate lines; {@code firstLines[i]} is the first line with the same UUID */
    DuplicateLines(long[] lines, long[] firstLines) {
        this.lines = lines;
        this.firstLines = firstLines;
    }

    /** @return the first line with this line's UUID, or 0 if this line is not a duplicate */
    public long firstOf(long line) {
        int i = Arrays.binarySearch(lines, line);
        return i >= 0 ? firstLines[i] : 0;
    }

    public int size() {
        return lines.length;
    }
}
