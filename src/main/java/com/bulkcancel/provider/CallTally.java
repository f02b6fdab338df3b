package com.bulkcancel.provider;

import java.util.concurrent.atomic.AtomicLong;

/** Counts the cancel calls this process sent, and how many of them were retries, for progress and the summary. */
public final class CallTally {

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    void sent(boolean retry) {
        sent.incrementAndGet();
        if (retry) {
            retries.incrementAndGet();
        }
    }

    /** Requests sent to the provider by this run, retries included. */
    public long sent() {
        return sent.get();
    }

    /** Of those, the attempts after a row's first in this run. */
    public long retries() {
        return retries.get();
    }
}
