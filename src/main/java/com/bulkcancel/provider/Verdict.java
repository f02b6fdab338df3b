package com.bulkcancel.provider;

import com.bulkcancel.outcomes.Outcome;

/**
 * What one attempt's answer means: a final outcome, try again, or stop the whole run. {@code unclear} says the
 * provider may have acted although we got no clear answer (timeout, reset, 5xx).
 */
public record Verdict(Kind kind, Outcome outcome, boolean unclear, String detail) {

    public enum Kind {
        FINAL,
        RETRY,
        STOP_TOKEN_REFUSED
    }

    static Verdict finalOutcome(Outcome outcome, String detail) {
        return new Verdict(Kind.FINAL, outcome, false, detail);
    }

    static Verdict retry(boolean unclear, String detail) {
        return new Verdict(Kind.RETRY, Outcome.FAILED, unclear, detail);
    }
}
