package com.bulkcancel.outcomes;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a job-database call may take: each statement of the outcome table, and (on PostgreSQL) any read from
 * the server's socket at twice that. A call that takes longer fails, and a run that cannot record an outcome stops
 * (exit 1) rather than wait for ever.
 */
@ConfigurationProperties("cancel")
public record RecordSettings(@DefaultValue("60s") Duration databaseTimeout) {

    public RecordSettings {
        if (databaseTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("cancel.database-timeout must be at least 1s, was " + databaseTimeout);
        }
    }

    public static RecordSettings defaults() {
        return new RecordSettings(Duration.ofSeconds(60));
    }
}
