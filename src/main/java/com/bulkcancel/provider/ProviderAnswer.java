package com.bulkcancel.provider;

import java.time.Duration;

/**
 * An HTTP answer from Frontpayment: status, the body's {@code message} key (null if none), its {@code errors}
 * (for 417), the body as received (or what broke it), and Retry-After if given. The texts are raw: whatever of
 * them is kept goes through {@link ProviderText} first.
 */
public record ProviderAnswer(int status, String message, String errors, String body, Duration retryAfter) {}
