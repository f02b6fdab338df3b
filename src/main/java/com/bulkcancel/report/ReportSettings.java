package com.bulkcancel.report;

import java.time.Duration;

/** How often the cancel step logs its progress line. Bound and checked as part of the {@code cancel} settings. */
public record ReportSettings(Duration progressInterval) {}
