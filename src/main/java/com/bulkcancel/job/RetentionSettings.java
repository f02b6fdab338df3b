package com.bulkcancel.job;

import java.time.Duration;

/**
 * {@code cancel.retention}: finished runs that ended longer ago than this are deleted at the start of each live
 * run, each leaving its tombstone ({@link Retention}). Null: keep everything (the default).
 */
public record RetentionSettings(Duration retention) {

    public boolean enabled() {
        return retention != null;
    }
}
