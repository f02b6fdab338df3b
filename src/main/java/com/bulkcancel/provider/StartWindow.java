package com.bulkcancel.provider;

import java.util.concurrent.TimeUnit;

/**
 * The latest call starts, so that no more than {@code limit} calls start in any one-second window: a start may
 * come no sooner than one second after the start {@code limit} starts before it. The rate limiter spaces
 * permits evenly; this holds the bound for the starts themselves when a worker wakes late and lets the next
 * catch up, without making every later call late as well.
 */
final class StartWindow {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final long[] starts;
    private int next;
    private int size;

    StartWindow(int limit) {
        this.starts = new long[Math.max(1, limit)];
    }

    /** A window for a new limit that remembers this one's latest starts. */
    StartWindow resized(int limit) {
        StartWindow resized = new StartWindow(limit);
        int keep = Math.min(size, resized.starts.length);
        for (int i = keep; i > 0; i--) {
            resized.started(starts[Math.floorMod(next - i, starts.length)]);
        }
        return resized;
    }

    /** The earliest time, not before {@code now}, at which another call may start. */
    long earliestStart(long now) {
        if (size < starts.length) {
            return now;
        }
        long allowed = starts[next] + SECOND;
        return allowed - now > 0 ? allowed : now;
    }

    void started(long at) {
        starts[next] = at;
        next = (next + 1) % starts.length;
        size = Math.min(size + 1, starts.length);
    }
}
