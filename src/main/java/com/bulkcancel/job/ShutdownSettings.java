package com.bulkcancel.job;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a SIGTERM or Ctrl-C waits for the calls in flight to finish and be recorded before the process exits
 * anyway. Default 20 s: longer than the default response timeout (15 s), shorter than Kubernetes' default
 * termination grace (30 s), after which it would send SIGKILL.
 */
@ConfigurationProperties("cancel")
public record ShutdownSettings(@DefaultValue("20s") Duration shutdownGrace) {

    public ShutdownSettings {
        if (shutdownGrace.isNegative() || shutdownGrace.isZero()) {
            throw new IllegalArgumentException("cancel.shutdown-grace must be positive, was " + shutdownGrace);
        }
    }
}
