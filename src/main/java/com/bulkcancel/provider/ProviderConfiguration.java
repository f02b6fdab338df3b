package com.bulkcancel.provider;

import java.time.Clock;
import java.util.random.RandomGenerator;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.bulkcancel.launch.LaunchEnvironment;

/** Wires the Frontpayment client: one pooled HTTP client, the rate limit, backoff. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FrontpaymentSettings.class)
public class ProviderConfiguration {

    @Bean(destroyMethod = "close")
    CloseableHttpClient frontpaymentHttpClient(FrontpaymentSettings provider, CallSettings calls, RequestPacer pacer) {
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(provider.connectTimeout()))
                .setSocketTimeout(Timeout.of(provider.responseTimeout()))
                // A keep-alive connection the server closed while idle must not cost an attempt.
                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                .build();
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(calls.maxInFlight())
                        .setMaxConnPerRoute(calls.maxInFlight())
                        .setDefaultConnectionConfig(connection)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(provider.responseTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                // We own the retry policy, so attempt counts are true.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("bulk-cancel")
                // The last step before the request is written: the rate bound holds for the writes themselves.
                .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "rate-bound-at-write",
                        (request, scope, chain) -> {
                            pacer.beforeWrite();
                            return chain.proceed(request, scope);
                        })
                .build();
    }

    @Bean(destroyMethod = "close")
    FrontpaymentClient frontpaymentClient(CloseableHttpClient frontpaymentHttpClient, FrontpaymentSettings provider,
                                          BearerToken token, Clock clock) {
        return new FrontpaymentClient(frontpaymentHttpClient, provider.baseUrl(), token, clock,
                provider.callTimeout());
    }

    @Bean
    RequestPacer requestPacer(CallSettings calls) {
        return new RequestPacer(calls.ratePerSecond(), calls.maxRetryAfter(), RequestPacer.Ticker.SYSTEM);
    }

    @Bean
    CancelDispatchers cancelDispatchers(FrontpaymentClient client, CallSettings calls, RequestPacer pacer, Clock clock,
                                        RandomGenerator jitter, CallTally tally, SanitySettings sanity,
                                        ProviderText providerText) {
        Backoff backoff = new Backoff(calls.backoff().initial(), calls.backoff().max(), jitter);
        return new CancelDispatchers(client, calls, pacer, backoff, clock, tally, sanity.sanityWindow(),
                providerText);
    }

    @Bean
    BearerToken bearerToken(LaunchEnvironment environment, FrontpaymentSettings provider) {
        return TokenSource.read(environment.variables(), provider.tokenFile());
    }

    /** Cleans provider text before anything keeps it; knows the token, to redact it. */
    @Bean
    ProviderText providerText(BearerToken token) {
        return new ProviderText(token);
    }

    @Bean
    CallTally callTally() {
        return new CallTally();
    }

    @Bean
    StopSignal stopSignal() {
        return new StopSignal();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RandomGenerator jitter() {
        return RandomGenerator.getDefault();
    }
}
