package com.bulkcancel.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.ipc.http.HttpUrlConnectionSender;
import io.micrometer.registry.otlp.OtlpHttpMetricsSender;
import io.micrometer.registry.otlp.OtlpMetricsSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the OTLP registry's requests over HTTP with timeouts inside the push bound, and keeps a failure for
 * {@link MetricsPush} to report as one warning (Micrometer's own would be a stack trace per batch). A failure of a
 * periodic push during a long run is logged at debug: the push at the end says it.
 */
final class OtlpSender implements OtlpMetricsSender {

    private static final Logger log = LoggerFactory.getLogger(OtlpSender.class);

    private final OtlpHttpMetricsSender http;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    OtlpSender(Duration connectTimeout, Duration readTimeout) {
        this.http = new OtlpHttpMetricsSender(new HttpUrlConnectionSender(connectTimeout, readTimeout));
    }

    @Override
    public void send(Request request) {
        try {
            http.send(request);
        } catch (Exception e) {
            failure.set(e);
            log.debug("OTLP metrics push failed: {}", e.getMessage());
        }
    }

    /** Forgets earlier failures: the next send decides. */
    void reset() {
        failure.set(null);
    }

    /** The failure of a send since {@link #reset()}, or null. */
    Exception failure() {
        return failure.get();
    }
}
