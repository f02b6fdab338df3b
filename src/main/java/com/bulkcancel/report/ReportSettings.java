package com.bulkcancel.report;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How often the cancel step logs its progress line. */
@ConfigurationProperties("cancel")
public record ReportSettings(@DefaultValue("10s") Duration progressInterval) {

    public ReportSettings {
        if (progressInterval.isNegative() || progressInterval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("cancel.progress-interval must be at least 10ms, was " + progressInterval);
        }
    }
}
