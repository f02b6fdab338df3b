package com.bulkcancel.job;

import java.time.Duration;

import com.bulkcancel.launch.InvalidInvocationException;

/**
 * How long a SIGTERM or Ctrl-C waits for the calls in flight to finish and be recorded before the process exits
 * anyway. Default 25 s: a call started just before the signal ends by the call timeout (20 s) and leaves 5 s to
 * record its outcome; shorter than Kubernetes' default termination grace (30 s), after which it would send SIGKILL.
 * Bound and checked as part of the {@code cancel} settings ({@link CancelSettings}).
 */
public record ShutdownSettings(Duration shutdownGrace) {

    /** What a call in flight may need after its deadline to have its outcome recorded. */
    static final Duration TO_RECORD = Duration.ofSeconds(5);

    /** A grace that ends before a call in flight can end and be recorded would cut off calls that are healthy. */
    void requireRoomFor(Duration callTimeout) {
        if (shutdownGrace.compareTo(callTimeout.plus(TO_RECORD)) < 0) {
            throw new InvalidInvocationException("cancel.shutdown-grace (" + shutdownGrace.toSeconds() + " s) must be "
                    + "at least frontpayment.call-timeout + 5 s ("
                    + callTimeout.plus(TO_RECORD).toSeconds()
                    + " s): raise it, or lower the call timeout");
        }
    }
}
