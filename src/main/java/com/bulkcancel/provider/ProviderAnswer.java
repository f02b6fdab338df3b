package com.bulkcancel.provider;

import java.time.Duration;

/**
 * An HTTP answer from Frontpayment: status, the body's {@code message} key (null if none), its {@code errors}
 * (for 417), a short body excerpt for the record, and Retry-After if given.
 */
public record ProviderAnswer(int status, String message, String errors, String excerpt, Duration retryAfter) {
}
