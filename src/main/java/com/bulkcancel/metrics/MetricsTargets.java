package com.bulkcancel.metrics;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Where the run's metrics go: a push target is on when its address is given. Giving
 * {@code management.otlp.metrics.export.url} turns Boot's OTLP registry on (application.properties turns it off:
 * it is on by default in Boot and would post to localhost:4318 every minute), unless
 * {@code management.otlp.metrics.export.enabled} is set explicitly somewhere else. A Pushgateway is a target
 * when {@code management.prometheus.metrics.export.pushgateway.address} is given ({@link #pushgatewayGiven}) or
 * its {@code enabled} is true; the latter also starts Boot's own push every {@code push-rate} (a POST at start and
 * each minute), useful only for runs of many minutes.
 */
public final class MetricsTargets {

    public static final String PUSHGATEWAY = "management.prometheus.metrics.export.pushgateway";
    public static final String OTLP = "management.otlp.metrics.export";

    private MetricsTargets() {}

    /** Called before the context starts (the command's initializer). */
    public static void enableConfigured(ConfigurableEnvironment environment) {
        Map<String, Object> on = new HashMap<>();
        enableWhenGiven(environment, OTLP + ".url", OTLP + ".enabled", on);
        if (!on.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("bulkCancelMetricsTargets", on));
        }
    }

    /** Whether the operator gave a Pushgateway address (Boot's default, localhost:9091, is not a target). */
    public static boolean pushgatewayGiven(Environment environment) {
        return Binder.get(environment)
                .bind(PUSHGATEWAY + ".address", String.class)
                .isBound();
    }

    private static void enableWhenGiven(
            ConfigurableEnvironment environment, String address, String enabled, Map<String, Object> on) {
        if (!Binder.get(environment).bind(address, String.class).isBound()) {
            return;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(enabled);
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source.getName().contains("application.properties")
                    || source.getName().equals("configurationProperties")) {
                continue;
            }
            ConfigurationPropertySource properties = ConfigurationPropertySource.from(source);
            if (properties != null && properties.getConfigurationProperty(name) != null) {
                return; // the operator decided
            }
        }
        on.put(enabled, "true");
    }
}
