package com.bulkcancel.provider;

import java.net.ProxySelector;
import java.time.Clock;
import java.util.random.RandomGenerator;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.TunnelRefusedException;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.StatusLine;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.bulkcancel.launch.InvalidInvocationException;
import com.bulkcancel.launch.LaunchEnvironment;

/**
 * Wires the Frontpayment client: one pooled HTTP client (its proxy route and trust decided once at start), the rate
 * limit, backoff.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FrontpaymentSettings.class)
public class ProviderConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProviderConfiguration.class);
    /** Set on a request's context when it reaches the transport: the route (a proxy's tunnel) is established. */
    private static final String WRITTEN = "bulk-cancel.reached-transport";

    /** The proxy (or none) for the base URL: frontpayment.proxy, the JVM's properties, HTTPS_PROXY/NO_PROXY. */
    @Bean
    ProxyRoute proxyRoute(FrontpaymentSettings provider, LaunchEnvironment environment) {
        ProxyRoute route = ProxyRoute.resolve(
                provider.baseUrl(),
                provider.proxy(),
                provider.proxyCredentialsFile(),
                environment.variables(),
                ProxySelector.getDefault());
        if (route.proxy() != null) {
            log.info(
                    "Calls go through the proxy {}{}",
                    route.describe(),
                    route.credentials() == null ? "" : ", with credentials");
        } else if (route != ProxyRoute.direct()) {
            log.info("Calls go direct, without a proxy: {}", route.source());
        }
        return route;
    }

    @Bean(destroyMethod = "close")
    CloseableHttpClient frontpaymentHttpClient(
            FrontpaymentSettings provider,
            CallSettings calls,
            RequestPacer pacer,
            ProxyRoute route,
            ObjectProvider<SslBundles> sslBundles) {
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(provider.connectTimeout()))
                .setSocketTimeout(Timeout.of(provider.responseTimeout()))
                // A keep-alive connection the server closed while idle must not cost an attempt.
                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                .build();
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(calls.maxInFlight())
                .setMaxConnPerRoute(calls.maxInFlight())
                .setDefaultConnectionConfig(connection);
        if (provider.sslBundle() != null && !provider.sslBundle().isBlank()) {
            connections.setTlsSocketStrategy(tls(bundle(provider.sslBundle().strip(), sslBundles.getIfAvailable())));
        } // else HttpClient's default: the JVM's trust store (javax.net.ssl.trustStore), host names verified
        HttpClientBuilder builder = HttpClients.custom();
        if (route.proxy() != null) {
            HttpHost proxy = route.proxy();
            // Every call goes to the base URL: one route, through the proxy (a CONNECT tunnel for https).
            builder.setRoutePlanner(new DefaultRoutePlanner(null) {
                @Override
                protected HttpHost determineProxy(HttpHost target, HttpContext context) {
                    return proxy;
                }
            });
            if (route.credentials() != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(new AuthScope(proxy), route.credentials());
                builder.setDefaultCredentialsProvider(credentials);
            }
        }
        return builder.setConnectionManager(connections.build())
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
                // HttpClient 5.5 returns a proxy's refusal of the CONNECT (403, 407, 502, ...) as if the provider had
                // answered it (a 403 would read as a refused token): an answer to a tunnelled request that never
                // reached the transport step below is the proxy's, and becomes the refusal it is.
                .addExecInterceptorBefore(ChainElement.CONNECT.name(), "proxy-refusal", (request, scope, chain) -> {
                    ClassicHttpResponse response = chain.proceed(request, scope);
                    if (scope.route.isTunnelled() && scope.clientContext.getAttribute(WRITTEN) == null) {
                        String status = new StatusLine(response).toString();
                        response.close();
                        throw new TunnelRefusedException("CONNECT refused by proxy: " + status, null);
                    }
                    return response;
                })
                // The last step before the request is written: the rate bound holds for the writes themselves
                // (through a proxy too: after the tunnel, before each request).
                .addExecInterceptorBefore(
                        ChainElement.MAIN_TRANSPORT.name(), "rate-bound-at-write", (request, scope, chain) -> {
                            scope.clientContext.setAttribute(WRITTEN, Boolean.TRUE);
                            pacer.beforeWrite();
                            return chain.proceed(request, scope);
                        })
                .build();
    }

    private static SslBundle bundle(String name, SslBundles bundles) {
        try {
            if (bundles == null) {
                throw new NoSuchSslBundleException(name, "no SSL bundles are configured");
            }
            return bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new InvalidInvocationException("frontpayment.ssl-bundle=" + name + " names no SSL bundle: define it, "
                    + "e.g. --spring.ssl.bundle.pem." + name + ".truststore.certificate=/path/to/ca.pem");
        }
    }

    /** The bundle's trust (and key, for client certificates) and protocols; host names are verified as always. */
    private static DefaultClientTlsStrategy tls(SslBundle bundle) {
        return new DefaultClientTlsStrategy(
                bundle.createSslContext(),
                bundle.getOptions().getEnabledProtocols(),
                bundle.getOptions().getCiphers(),
                SSLBufferMode.STATIC,
                HostnameVerificationPolicy.BOTH,
                null);
    }

    @Bean(destroyMethod = "close")
    FrontpaymentClient frontpaymentClient(
            CloseableHttpClient frontpaymentHttpClient,
            FrontpaymentSettings provider,
            BearerToken token,
            Clock clock,
            ProxyRoute route) {
        return new FrontpaymentClient(
                frontpaymentHttpClient, provider.baseUrl(), token, clock, provider.callTimeout(), route.named());
    }

    @Bean
    RequestPacer requestPacer(CallSettings calls) {
        return new RequestPacer(calls.ratePerSecond(), calls.maxRetryAfter(), RequestPacer.Ticker.SYSTEM);
    }

    @Bean
    CancelDispatcherFactory cancelDispatcherFactory(
            FrontpaymentClient client,
            CallSettings calls,
            RequestPacer pacer,
            Clock clock,
            RandomGenerator jitter,
            CallTally tally,
            SanitySettings sanity,
            ProviderText providerText) {
        Backoff backoff = new Backoff(calls.backoff().initial(), calls.backoff().max(), jitter);
        return new CancelDispatcherFactory(
                client, calls, pacer, backoff, clock, tally, sanity.sanityWindow(), providerText);
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
    CallTally callTally(MeterRegistry meters) {
        return new CallTally(meters);
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
