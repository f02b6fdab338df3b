/**
 * Metrics for alerting. A nightly job that exits cannot be scraped, so the run's meters (rows by outcome, calls,
 * retries, 429 answers, call latency, run duration and exit code, Spring Batch's job and step timers) are pushed
 * once at the end of every run, to a Prometheus Pushgateway and/or an OTLP endpoint, when one is configured; off
 * by default. A push is bounded in time and its failure is one warning: it never changes the exit code.
 */
package com.bulkcancel.metrics;
