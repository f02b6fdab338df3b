package com.bulkcancel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import io.micrometer.registry.otlp.OtlpMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.micrometer.metrics.export.prometheus.PrometheusPushGatewayManager;
import org.springframework.context.ConfigurableApplicationContext;

import com.bulkcancel.BulkCancelApplication;
import com.bulkcancel.job.CommandLineFlags;
import com.bulkcancel.launch.CommandOutput;
import com.bulkcancel.launch.LaunchEnvironment;

/**
 * Off by default: without a target no push and no exporting registry (Boot's OTLP registry, which would post to
 * localhost:4318 every minute, or its Pushgateway manager); a target is on once its address is given.
 */
class MetricsTargetsTest {

    @TempDir
    Path dir;

    @Test
    void withoutATargetNothingExportsOrPushes() {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBean(MetricsPush.class).isConfigured()).isFalse();
            assertThat(context.getBeansOfType(OtlpMeterRegistry.class)).isEmpty();
            assertThat(context.getBeansOfType(PrometheusPushGatewayManager.class))
                    .isEmpty();
        }
    }

    @Test
    void anOtlpUrlTurnsOnTheOtlpRegistry() {
        try (ConfigurableApplicationContext context =
                start("--management.otlp.metrics.export.url=http://127.0.0.1:1/v1/metrics")) {
            assertThat(context.getBean(MetricsPush.class).isConfigured()).isTrue();
            assertThat(context.getBeansOfType(OtlpMeterRegistry.class)).hasSize(1);
        }
    }

    @Test
    void anExplicitEnabledFalseWinsOverTheUrl() {
        try (ConfigurableApplicationContext context = start(
                "--management.otlp.metrics.export.url=http://127.0.0.1:1/v1/metrics",
                "--management.otlp.metrics.export.enabled=false")) {
            assertThat(context.getBean(MetricsPush.class).isConfigured()).isFalse();
            assertThat(context.getBeansOfType(OtlpMeterRegistry.class)).isEmpty();
        }
    }

    @Test
    void aPushgatewayAddressMakesItATargetWithoutBootsPeriodicPush() {
        try (ConfigurableApplicationContext context =
                start("--management.prometheus.metrics.export.pushgateway.address=127.0.0.1:1")) {
            assertThat(context.getBean(MetricsPush.class).isConfigured()).isTrue();
            assertThat(context.getBeansOfType(PrometheusPushGatewayManager.class))
                    .isEmpty();
        }
    }

    /** The command's context as BulkCancelApplication starts it, without running the job. */
    private ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("jobs");
        System.arraycopy(args, 0, all, 1, args.length);
        SpringApplication application = new SpringApplication(BulkCancelApplication.class);
        application.addInitializers(context -> {
            context.getBeanFactory().registerSingleton("launchEnvironment", new LaunchEnvironment(Map.of()));
            context.getBeanFactory().registerSingleton("commandLineFlags", CommandLineFlags.parse(all));
            context.getBeanFactory()
                    .registerSingleton(
                            "commandOutput", new CommandOutput(new PrintStream(PrintStream.nullOutputStream())));
            MetricsTargets.enableConfigured(context.getEnvironment());
        });
        return application.run(all);
    }
}
