package com.bulkcancel.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.otlp.OtlpMetricsProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The run's meters and where they are pushed. Boot configures the registries from {@code management.*}: a
 * Prometheus registry always (in memory, nothing listens), an OTLP registry only when its URL is given
 * ({@link MetricsTargets}). The push at the end is ours: Boot's Pushgateway manager pushes once a minute and, by
 * default, not at shutdown; the OTLP registry pushes once a step. Both go through {@link MetricsPush}.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    RunMetrics runMetrics(MeterRegistry meters) {
        return new RunMetrics(meters);
    }

    /** The OTLP registry's sender (Boot uses this bean): timeouts within the push bound, failures kept for us. */
    @Bean
    OtlpSender otlpSender(ObjectProvider<OtlpMetricsProperties> otlp) {
        OtlpMetricsProperties properties = otlp.getIfAvailable();
        return new OtlpSender(
                within(properties == null ? null : properties.getConnectTimeout()),
                within(properties == null ? null : properties.getReadTimeout()));
    }

    @Bean
    MetricsPush metricsPush(
            Environment environment,
            ObjectProvider<PrometheusMeterRegistry> prometheus,
            ObjectProvider<PrometheusProperties> prometheusProperties,
            ObjectProvider<OtlpMeterRegistry> otlp,
            OtlpSender otlpSender) {
        Map<String, MetricsPush.Target> targets = new LinkedHashMap<>();
        PrometheusProperties.Pushgateway pushgateway = prometheusProperties.getIfAvailable() == null
                ? null
                : prometheusProperties.getIfAvailable().getPushgateway();
        PrometheusMeterRegistry registry = prometheus.getIfAvailable();
        if (pushgateway != null
                && (pushgateway.isEnabled() || MetricsTargets.pushgatewayGiven(environment))
                && registry != null) {
            PushGateway gateway = pushGateway(registry, pushgateway, environment);
            // PUT: this run's metrics replace the last run's in the group (a POST would keep meters no run has now).
            targets.put("the Prometheus Pushgateway at " + pushgateway.getAddress(), gateway::push);
        }
        OtlpMeterRegistry otlpRegistry = otlp.getIfAvailable();
        if (otlpRegistry != null) {
            String url = environment.getProperty(MetricsTargets.OTLP + ".url", "the default OTLP URL");
            targets.put("the OTLP endpoint " + url, () -> {
                otlpSender.reset();
                otlpRegistry.close(); // its last publish; the context closing it again publishes nothing more
                Exception failure = otlpSender.failure();
                if (failure != null) {
                    throw failure;
                }
            });
        }
        return new MetricsPush(targets);
    }

    /** Boot's own Pushgateway settings (address, scheme, format, job, grouping key, credentials). */
    private static PushGateway pushGateway(
            PrometheusMeterRegistry registry, PrometheusProperties.Pushgateway properties, Environment environment) {
        String job = properties.getJob() != null
                ? properties.getJob()
                : environment.getProperty("spring.application.name", "bulk-cancel");
        PushGateway.Builder builder = PushGateway.builder()
                .address(properties.getAddress())
                .scheme(
                        properties.getScheme() == PrometheusProperties.Pushgateway.Scheme.HTTPS
                                ? Scheme.HTTPS
                                : Scheme.HTTP)
                .format(
                        properties.getFormat() == PrometheusProperties.Pushgateway.Format.TEXT
                                ? Format.PROMETHEUS_TEXT
                                : Format.PROMETHEUS_PROTOBUF)
                .job(job)
                .registry(registry.getPrometheusRegistry())
                .connectionTimeout(within(null))
                .readTimeout(within(null));
        if (StringUtils.hasText(properties.getToken())) {
            builder.bearerToken(properties.getToken());
        } else if (StringUtils.hasText(properties.getUsername())) {
            builder.basicAuth(properties.getUsername(), properties.getPassword());
        }
        properties.getGroupingKey().forEach(builder::groupingKey);
        return builder.build();
    }

    /** A timeout no longer than the push bound. */
    private static Duration within(Duration configured) {
        return configured == null || configured.compareTo(MetricsPush.BOUND) > 0 ? MetricsPush.BOUND : configured;
    }
}
