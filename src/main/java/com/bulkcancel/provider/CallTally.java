package com.bulkcancel.provider;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the cancel calls this process sent, and how many of them were retries, for progress and the summary; and
 * keeps the run's last error, which the summary and history of a run that stopped name.
 */
public final class CallTally {

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicReference<LastError> lastError = new AtomicReference<>();

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

    void noteError(LastError error) {
        lastError.set(error);
    }

    /** This run's last error: an answer other than a cancellation, an unrecorded outcome, a stall; null if none. */
    public LastError lastError() {
        return lastError.get();
    }
}
