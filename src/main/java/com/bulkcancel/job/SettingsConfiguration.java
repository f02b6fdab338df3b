package com.bulkcancel.job;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.bulkcancel.input.InputSettings;
import com.bulkcancel.outcomes.RecordSettings;
import com.bulkcancel.provider.CallSettings;
import com.bulkcancel.provider.SanitySettings;
import com.bulkcancel.report.ReportSettings;

/**
 * Binds and validates the {@code cancel} settings once ({@link CancelSettings}) and hands each package the part
 * it needs as a bean of its own, so they take their settings by constructor without knowing the whole tree.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CancelSettings.class)
public class SettingsConfiguration {

    @Bean
    CallSettings callSettings(CancelSettings settings) {
        return settings.callSettings();
    }

    @Bean
    SanitySettings sanitySettings(CancelSettings settings) {
        return settings.sanitySettings();
    }

    @Bean
    InputSettings inputSettings(CancelSettings settings) {
        return settings.inputSettings();
    }

    @Bean
    RunSettings runSettings(CancelSettings settings) {
        return settings.runSettings();
    }

    @Bean
    ReportSettings reportSettings(CancelSettings settings) {
        return settings.reportSettings();
    }

    @Bean
    RecordSettings recordSettings(CancelSettings settings) {
        return settings.recordSettings();
    }

    @Bean
    RetentionSettings retentionSettings(CancelSettings settings) {
        return settings.retentionSettings();
    }

    @Bean
    ShutdownSettings shutdownSettings(CancelSettings settings) {
        return settings.shutdownSettings();
    }
}
