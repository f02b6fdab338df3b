package com.bulkcancel.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one cancel call exactly as documented: {@code GET /api/v1/connect/reservations/cancel/{uuid}} with a
 * bearer token and a JSON body {@code {"note": ...}} (a GET with a body; the provider's design, not ours).
 */
public class FrontpaymentClient {

    static final String CANCEL_PATH = "/api/v1/connect/reservations/cancel/";
    private static final int MAX_BODY = 64 * 1024;
    private static final ContentType JSON = ContentType.create("application/json");
    private static final byte[] NOTE_PREFIX = "{\"note\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOTE_SUFFIX = "\"}".getBytes(StandardCharsets.UTF_8);

    private final CloseableHttpClient http;
    private final String cancelUrlPrefix;
    private final BearerToken token;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;

    public FrontpaymentClient(CloseableHttpClient http, URI baseUrl, BearerToken token, Clock clock) {
        this.http = http;
        String base = baseUrl == null ? "" : baseUrl.toString(); // no base URL: a run that sends nothing
        this.cancelUrlPrefix = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + CANCEL_PATH;
        this.token = token;
        this.clock = clock;
    }

    /**
     * @param reservationUuid a canonical UUID, already validated: nothing else may reach the URL path
     */
    public ProviderAnswer cancel(String reservationUuid, String note) throws IOException {
        HttpGet get = new HttpGet(cancelUrlPrefix + reservationUuid);
        get.setHeader(HttpHeaders.AUTHORIZATION, token.authorizationHeader());
        get.setHeader(HttpHeaders.ACCEPT, "application/json");
        // JSON is UTF-8 by definition (RFC 8259); the header is exactly the documented "application/json".
        get.setEntity(new ByteArrayEntity(noteBody(note), JSON));
        return http.execute(get, this::read);
    }

    /**
     * {@code {"note":"..."}}, the note escaped by Jackson's JSON string encoder: the same bytes as serialising a
     * map, without building a generator for every call.
     */
    static byte[] noteBody(String note) {
        byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(note);
        byte[] body = new byte[NOTE_PREFIX.length + quoted.length + NOTE_SUFFIX.length];
        System.arraycopy(NOTE_PREFIX, 0, body, 0, NOTE_PREFIX.length);
        System.arraycopy(quoted, 0, body, NOTE_PREFIX.length, quoted.length);
        System.arraycopy(NOTE_SUFFIX, 0, body, NOTE_PREFIX.length + quoted.length, NOTE_SUFFIX.length);
        return body;
    }

    private ProviderAnswer read(ClassicHttpResponse response) {
        int status = response.getCode();
        Duration retryAfter = retryAfter(response.getFirstHeader(HttpHeaders.RETRY_AFTER));
        byte[] body;
        try {
            body = body(response.getEntity());
        } catch (IOException lost) {
            // The status line arrived: a 202 is a cancellation even if its body was cut off. The broken body is
            // not drained afterwards (that would throw again and lose the status).
            response.setEntity(null);
            return new ProviderAnswer(status, null, null, "(body unreadable: " + lost.getClass().getSimpleName()
                    + ")", retryAfter);
        }
        // Decoded first, as a String: a byte that is not UTF-8 becomes U+FFFD instead of failing the parse.
        String text = new String(body, StandardCharsets.UTF_8);
        Keys keys = keys(text);
        return new ProviderAnswer(status, keys.message(), keys.errors(), text, retryAfter);
    }

    /** The top-level "message" and "errors" of a body that is one JSON object; none otherwise. */
    private record Keys(String message, String errors) {
        static final Keys NONE = new Keys(null, null);
    }

    /**
     * Read as a stream, no tree for the whole body. A proxy's HTML page, an empty or broken body, or anything
     * after the object has no message key, so it is never a documented answer.
     */
    private Keys keys(String body) {
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Keys.NONE;
            }
            String message = null;
            String errors = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("message".equals(name)) {
                    message = value == JsonToken.VALUE_NULL ? null : value.isScalarValue() ? parser.getString() : "";
                    parser.skipChildren();
                } else if ("errors".equals(name)) {
                    JsonNode node = parser.readValueAsTree();
                    // Whole: redacted before any excerpt is taken (ProviderText), so no cut leaves half a token.
                    errors = node == null || node.isNull() ? null : node.toString();
                } else {
                    parser.skipChildren();
                }
            }
            return parser.nextToken() == null ? new Keys(message, errors) : Keys.NONE;
        } catch (JacksonException notJson) {
            return Keys.NONE;
        }
    }

    private static byte[] body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            return in.readNBytes(MAX_BODY);
        }
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    Duration retryAfter(Header header) {
        if (header == null) {
            return null;
        }
        String value = header.getValue().strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
