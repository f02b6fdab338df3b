package com.bulkcancel.provider;

import com.bulkcancel.outcomes.RowOutcome;

/** A line's call at the end of its chunk: the durably recorded outcome, or never sent (the run was stopping). */
public record CallResult(long line, RowOutcome recorded) {

    public boolean sent() {
        return recorded != null;
    }
}
