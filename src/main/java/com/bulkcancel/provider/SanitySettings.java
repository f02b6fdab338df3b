package com.bulkcancel.provider;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The wrong-environment brake: if the first {@code cancel.sanity-window} rows a run sends all come back
 * NOT_FOUND, the run stops (exit 2 if nothing was cancelled, see {@link WrongEnvironmentBrake}). 0 turns the brake
 * off (to confirm and resume as is).
 */
@ConfigurationProperties("cancel")
public record SanitySettings(@DefaultValue("50") int sanityWindow) {

    public SanitySettings {
        if (sanityWindow < 0) {
            throw new IllegalArgumentException("cancel.sanity-window must be 0 (off) or more, was " + sanityWindow);
        }
    }
}
