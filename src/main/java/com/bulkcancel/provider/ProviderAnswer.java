package com.bulkcancel.provider;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * An HTTP answer from Frontpayment: status, the body's {@code message} key (null if none), its {@code errors}
 * (for 417), the body as received (or what broke it), and Retry-After if given.
 */
public record ProviderAnswer(int status, String message, String errors, String body, Duration retryAfter) {

    private static final int EXCERPT = 200;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** The body on one line, at most 200 characters: for the record of an unexpected answer. */
    public String excerpt() {
        return excerpt(body);
    }

    /** Built only when an answer needs describing, not for every 202. */
    static String excerpt(String text) {
        if (text == null) {
            return null;
        }
        String flat = WHITESPACE.matcher(text).replaceAll(" ").strip();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "…";
    }
}
