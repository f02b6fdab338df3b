package com.bulkcancel.outcomes;

import java.time.Duration;

/**
 * How long a job-database call may take: each statement of the outcome table, and (on PostgreSQL) any read from
 * the server's socket at twice that. A call that takes longer fails, and a run that cannot record an outcome stops
 * (exit 1) rather than wait for ever. Bound and checked as part of the {@code cancel} settings.
 */
public record RecordSettings(Duration databaseTimeout) {

    public static RecordSettings defaults() {
        return new RecordSettings(Duration.ofSeconds(60));
    }
}
