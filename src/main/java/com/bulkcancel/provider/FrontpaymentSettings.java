package com.bulkcancel.provider;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how to reach Frontpayment. The base URL has no default: a run against the wrong environment must be
 * a deliberate choice. The token is not a setting here: it comes from the environment or a token file only.
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
