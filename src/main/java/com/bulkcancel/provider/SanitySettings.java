package com.bulkcancel.provider;

/**
 * The wrong-environment brake: if the first {@code cancel.sanity-window} rows a run sends all come back
 * NOT_FOUND, the run stops (exit 2 if nothing was cancelled, see {@link WrongEnvironmentBrake}). 0 turns the brake
 * off (to confirm and resume as is). Bound and checked as part of the {@code cancel} settings.
 */
public record SanitySettings(int sanityWindow) {}
