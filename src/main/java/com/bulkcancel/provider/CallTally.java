package com.bulkcancel.provider;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Counts the cancel calls this process sent, and how many of them were retries, for progress and the summary; and
 * keeps the run's last error, which the summary and history of a run that stopped name. The same figures are
 * meters for alerting (docs/deploying.md, "Metrics"): {@code bulkcancel.calls.sent}, {@code bulkcancel.calls.retries},
 * {@code bulkcancel.calls.throttled} (429 answers) and the timer {@code bulkcancel.call.latency} (with a histogram),
 * tagged with the answer's HTTP status ({@code none} when no answer came).
 */
public final class CallTally {

    static final String LATENCY = "bulkcancel.call.latency";

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicReference<LastError> lastError = new AtomicReference<>();
    private final MeterRegistry meters;
    private final Counter sentCounter;
    private final Counter retriesCounter;
    private final Counter throttledCounter;

    /** Counts only (tests): the meters go to a registry nobody reads. */
    public CallTally() {
        this(new SimpleMeterRegistry());
    }

    public CallTally(MeterRegistry meters) {
        this.meters = meters;
        this.sentCounter = Counter.builder("bulkcancel.calls.sent")
                .description("Cancel calls sent to the provider by this run, retries included")
                .register(meters);
        this.retriesCounter = Counter.builder("bulkcancel.calls.retries")
                .description("Of the calls sent, the attempts after a row's first in this run")
                .register(meters);
        this.throttledCounter = Counter.builder("bulkcancel.calls.throttled")
                .description("Answers 429 Too Many Requests")
                .register(meters);
    }

    void sent(boolean retry) {
        sent.incrementAndGet();
        sentCounter.increment();
        if (retry) {
            retries.incrementAndGet();
            retriesCounter.increment();
        }
    }

    /** An answer 429: the provider throttled us. */
    void throttled() {
        throttledCounter.increment();
    }

    /**
     * One attempt's time from sending to its answer (or its failure).
     * @param status the HTTP status of the answer; null when none came (timeout, reset, refused)
     */
    void answered(Integer status, long nanos) {
        Timer.builder(LATENCY)
                .description("Time from sending a cancel call to its answer")
                .tag("status", status == null ? "none" : status.toString())
                .publishPercentileHistogram()
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Requests sent to the provider by this run, retries included. */
    public long sent() {
        return sent.get();
    }

    /** Of those, the attempts after a row's first in this run. */
    public long retries() {
        return retries.get();
    }

    void noteError(LastError error) {
        lastError.set(error);
    }

    /** This run's last error: an answer other than a cancellation, an unrecorded outcome, a stall; null if none. */
    public LastError lastError() {
        return lastError.get();
    }
}
