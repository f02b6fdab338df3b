package com.bulkcancel.job;

import org.springframework.context.annotation.Configuration;

import com.bulkcancel.provider.FrontpaymentSettings;

/**
 * Binds and validates {@code cancel.shutdown-grace} at start-up (a bad value is exit 2, one line), also against
 * {@code frontpayment.call-timeout}: the grace must let a call in flight end and be recorded.
 */
@Configuration(proxyBeanMethods = false)
public class ShutdownConfiguration {

    public ShutdownConfiguration(ShutdownSettings shutdown, FrontpaymentSettings provider) {
        shutdown.requireRoomFor(provider.callTimeout());
    }
}
