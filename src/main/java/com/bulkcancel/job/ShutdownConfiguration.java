package com.bulkcancel.job;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds and validates {@code cancel.shutdown-grace} at start-up (a bad value is exit 2, one line). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShutdownSettings.class)
public class ShutdownConfiguration {
}
