package com.bulkcancel.provider;

import java.util.concurrent.atomic.AtomicReference;

/** Raised once per run when no further cancel call may start; the first reason wins. */
public final class StopSignal {

    public enum Reason {
        /** 401/403: nothing more is sent until the token is fixed. */
        TOKEN_REFUSED,
        /** Too many consecutive rows FAILED: the provider is down. */
        OUTAGE,
        /** The operator asked the job to stop (SIGTERM, Ctrl-C). */
        SHUTDOWN,
        /** The first rows sent all came back NOT_FOUND: the base URL probably points at the wrong environment. */
        WRONG_ENVIRONMENT,
        /** An outcome could not be recorded: no call may start whose answer could not be kept. */
        RECORD_FAILED,
        /** Nothing moved for {@code cancel.stall-timeout}: no call started or finished, no outcome was recorded. */
        STALLED,
        /**
         * The job database no longer shows this run's lock on the input (PostgreSQL: the lock's session ended, e.g.
         * idle_session_timeout, a restart or a dropped connection): another start could take the run for dead.
         */
        LOCK_LOST,
        /**
         * The run's first call showed the command is wrong (base URL, proxy, TLS trust, host name): every row would
         * fail the same way. Exit 2 with {@link #explanation()}.
         */
        CONFIGURATION,
        /** The run's first call could not connect after all its attempts: nothing reached the server. */
        UNREACHABLE
    }

    private final AtomicReference<Reason> reason = new AtomicReference<>();
    private volatile String explanation;

    public boolean raise(Reason why) {
        return reason.compareAndSet(null, why);
    }

    /** @param explanation one line for the operator, kept only if this raise wins */
    public boolean raise(Reason why, String explanation) {
        if (!reason.compareAndSet(null, why)) {
            return false;
        }
        this.explanation = explanation;
        return true;
    }

    /** What the winning raise said, or null when it said nothing. Read after the run ended. */
    public String explanation() {
        return explanation;
    }

    public boolean isRaised() {
        return reason.get() != null;
    }

    public Reason reason() {
        return reason.get();
    }
}
