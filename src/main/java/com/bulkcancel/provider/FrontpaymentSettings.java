package com.bulkcancel.provider;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how to reach Frontpayment. The base URL has no default: a run against the wrong environment must be
 * a deliberate choice. The token is not a setting here: it comes from the environment or a token file only.
 * {@code response-timeout} bounds each wait for bytes (an idle timeout); {@code call-timeout} bounds a whole
 * attempt, connect, status line and body, so a provider that trickles cannot hold a worker. A timeout under
 * 100 ms is a mistake (a unit left off), never a setting: every row would end FAILED.
 *
 * @param baseUrl           the API's scheme, host and port
 * @param connectTimeout    the longest wait for a connection
 * @param responseTimeout   the longest wait for the next bytes of an answer
 * @param tokenFile         a file holding the bearer token (else FRONTPAYMENT_TOKEN)
 * @param allowInsecureHttp allow plain http to a host other than this machine
 * @param callTimeout       the longest a whole attempt may take
 * @param proxy             an http proxy URL for the calls, or {@code none}: overrides the JVM's proxy properties
 *                          and HTTPS_PROXY/NO_PROXY (see {@link ProxyRoute}); never with credentials
 * @param proxyCredentialsFile a file holding the proxy's user:password, readable by its owner only
 * @param sslBundle         the Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) to trust the provider with
 *                          (else the JVM's trust store, {@code javax.net.ssl.trustStore})
 */
@ConfigurationProperties(prefix = "frontpayment", ignoreUnknownFields = false)
@Validated
public record FrontpaymentSettings(
        URI baseUrl,

        @DefaultValue("5s") @DurationMin(millis = 100, message = AT_LEAST_100_MS)
        Duration connectTimeout,

        @DefaultValue("15s") @DurationMin(millis = 100, message = AT_LEAST_100_MS)
        Duration responseTimeout,

        Path tokenFile,
        @DefaultValue("false") boolean allowInsecureHttp,

        @DefaultValue("20s") @DurationMin(millis = 100, message = AT_LEAST_100_MS)
        Duration callTimeout,

        String proxy,
        Path proxyCredentialsFile,
        String sslBundle) {

    static final String AT_LEAST_100_MS = "must be at least 100ms";
}
