package com.bulkcancel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/** --help is complete: every setting the application binds appears in it, and it exits 0. */
class HelpTextTest {

    @Test
    void helpListsEverySettingOfEveryConfigurationPropertiesRecordAndExitsZero() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BulkCancelApplication.run(
                new String[] {"--help"},
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String help = out.toString(StandardCharsets.UTF_8);

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        List<String> settings = boundSettings();
        assertThat(settings)
                .contains(
                        "cancel.input",
                        "cancel.backoff.initial",
                        "cancel.csv.encoding",
                        "frontpayment.base-url",
                        "cancel.progress-interval"); // the scan itself works
        for (String setting : settings) {
            assertThat(help).as("--help mentions %s", setting).contains("--" + setting + "=");
        }
        assertThat(help)
                .contains(
                        "--cancel.history",
                        "--cancel.dry-run",
                        "--cancel.new-run",
                        "--cancel.abandon-unfinished",
                        "--spring.datasource.url=",
                        "logging.structured.format.console",
                        "--management.prometheus.metrics.export.pushgateway.address=",
                        "--management.otlp.metrics.export.url=",
                        ".retry.csv",
                        ".summary.json");
        for (int code = 0; code <= 5; code++) {
            assertThat(help).contains(code + " ");
        }
    }

    @Test
    void helpDescribesEveryOptionOfTheConfigurationMetadataExactlyOnce() {
        List<KnownOptions.Option> options = KnownOptions.load().all();
        assertThat(options)
                .extracting(KnownOptions.Option::name)
                .contains("cancel.input", "frontpayment.base-url", "cancel.dry-run"); // the metadata is read
        // An option is described on a line of its own, indented by two; wrapped text is indented further.
        List<String> optionLines = HelpText.TEXT
                .lines()
                .filter(l -> l.startsWith("  --"))
                .map(String::strip)
                .toList();
        for (KnownOptions.Option option : options) {
            assertThat(optionLines.stream()
                            .filter(l -> l.startsWith("--" + option.name() + "=")
                                    || l.startsWith("--" + option.name() + " ")
                                    || l.equals("--" + option.name())))
                    .as("lines of --help describing --%s", option.name())
                    .hasSize(1);
        }
        assertThat(optionLines).anyMatch(l -> l.startsWith("--version"));
    }

    /** Every property name of every @ConfigurationProperties record under com.bulkcancel, nested records expanded. */
    static List<String> boundSettings() throws ClassNotFoundException {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<String> names = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("com.bulkcancel")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            collect(prefix, type, names);
        }
        return names;
    }

    private static void collect(String prefix, Class<?> type, List<String> names) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            if (component.getType().isRecord() && component.getType().getName().startsWith("com.bulkcancel")) {
                collect(name, component.getType(), names);
            } else {
                names.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
