package com.bulkcancel.provider;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.core.io.JsonStringEncoder;

/**
 * The one cleaner for text that comes from the provider (its message, errors, body excerpts, and the messages of
 * exceptions a call raised) before anything is stored, logged or written. In this order: the token is redacted
 * (as sent, JSON-escaped, and PHP-escaped with '\/'), and so is any {@code Bearer <credential>}, so no cap or
 * excerpt can keep half of it; control characters (C0, DEL, C1) become {@code \}{@code uXXXX}, which PostgreSQL
 * text cannot hold (NUL) and a results file or terminal should not, and so do invisible formatting characters (a
 * right-to-left override), as the input's own values are shown; a broken surrogate becomes U+FFFD, which no UTF-8
 * writer can encode. Column lengths are the outcome store's to enforce.
 */
public final class ProviderText {

    static final String REDACTED = "[redacted]";
    private static final int EXCERPT = 200;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** RFC 6750's token68 characters, also with '/' escaped as '\/' (a JSON body). */
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+(?:\\\\/|[A-Za-z0-9._~+/=-])+");

    /** The token's spellings, longest first, so a longer one is not left half replaced by a shorter. */
    private final List<String> tokenForms;

    public ProviderText(BearerToken token) {
        Set<String> forms = new LinkedHashSet<>();
        String value = token.value();
        if (value != null) {
            String json = new String(JsonStringEncoder.getInstance().quoteAsUTF8(value), StandardCharsets.UTF_8);
            forms.add(value);
            forms.add(json);
            forms.add(json.replace("/", "\\/"));
        }
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.tokenForms = List.copyOf(sorted);
    }

    /** The text, cleaned: for a value kept as it came (the provider's message). Null stays null. */
    public String clean(String text) {
        return text == null ? null : escape(redact(text));
    }

    /**
     * The text cleaned, on one line (whitespace runs as one space), at most 200 characters: for a body, the
     * errors object or an exception message in a line's detail. Null stays null.
     */
    public String excerpt(String text) {
        if (text == null) {
            return null;
        }
        String flat = escape(WHITESPACE.matcher(redact(text)).replaceAll(" ").strip());
        return flat.length() <= EXCERPT ? flat : cut(flat, EXCERPT) + "…";
    }

    private String redact(String text) {
        String result = text;
        for (String form : tokenForms) {
            result = result.replace(form, REDACTED);
        }
        return BEARER.matcher(result).replaceAll("$1 " + REDACTED);
    }

    /** Control and formatting characters as backslash-u escapes, broken surrogates as U+FFFD; else the same string. */
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || Character.getType(c) == Character.FORMAT) {
                out = started(out, text, i).append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                out = started(out, text, i).append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static StringBuilder started(StringBuilder out, String text, int upTo) {
        return out != null ? out : new StringBuilder(text.length() + 16).append(text, 0, upTo);
    }

    /** The first {@code max} characters, one fewer if the cut would split a surrogate pair. */
    private static String cut(String text, int max) {
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
