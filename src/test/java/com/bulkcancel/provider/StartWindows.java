package com.bulkcancel.provider;

import java.util.Arrays;
import java.util.List;

/** Counts call starts per sliding window, from start times in any one unit (nanos, millis). */
public final class StartWindows {

    private StartWindows() {}

    /** The most starts inside any window [t, t + window) that opens at a start (where the maximum is reached). */
    public static int maxInAnyWindow(long[] starts, long window) {
        long[] sorted = starts.clone();
        Arrays.sort(sorted);
        int max = 0;
        int end = 0;
        for (int first = 0; first < sorted.length; first++) {
            while (end < sorted.length && sorted[end] - sorted[first] < window) {
                end++;
            }
            max = Math.max(max, end - first);
        }
        return max;
    }

    public static int maxInAnyWindow(List<Long> starts, long window) {
        return maxInAnyWindow(starts.stream().mapToLong(Long::longValue).toArray(), window);
    }
}
