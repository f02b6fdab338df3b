package com.bulkcancel.provider;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how to reach Frontpayment. The base URL has no default: a run against the wrong environment must be
 * a deliberate choice. The token is not a setting here: it comes from the environment or a token file only.
 * {@code response-timeout} bounds each wait for bytes (an idle timeout); {@code call-timeout} bounds a whole
 * attempt, connect, status line and body, so a provider that trickles cannot hold a worker.
 */
@ConfigurationProperties("frontpayment")
public record FrontpaymentSettings(
        URI baseUrl,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration responseTimeout,
        Path tokenFile,
        @DefaultValue("false") boolean allowInsecureHttp,
        @DefaultValue("20s") Duration callTimeout) {

    public FrontpaymentSettings {
        requirePositive(connectTimeout, "frontpayment.connect-timeout");
        requirePositive(responseTimeout, "frontpayment.response-timeout");
        requirePositive(callTimeout, "frontpayment.call-timeout");
    }

    static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
