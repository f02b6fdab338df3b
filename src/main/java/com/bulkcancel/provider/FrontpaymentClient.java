package com.bulkcancel.provider;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one cancel call exactly as documented: {@code GET /api/v1/connect/reservations/cancel/{uuid}} with a
 * bearer token and a JSON body {@code {"note": ...}} (a GET with a body; the provider's design, not ours).
 *
 * <p>Every attempt ends by {@code frontpayment.call-timeout}: HttpClient's timeouts only bound each wait for
 * bytes, so a timer aborts the request (its connection is closed at once) when the deadline passes. The body is
 * read up to 64 KiB; a longer one, or one cut by the deadline, is never read on (HttpClient would drain it before
 * releasing the connection): its connection is discarded. A body read to its end keeps the connection alive.
 */
public class FrontpaymentClient implements AutoCloseable {

    static final String CANCEL_PATH = "/api/v1/connect/reservations/cancel/";
    private static final int MAX_BODY = 64 * 1024;
    private static final ContentType JSON = ContentType.create("application/json");
    private static final byte[] NOTE_PREFIX = "{\"note\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOTE_SUFFIX = "\"}".getBytes(StandardCharsets.UTF_8);

    private final CloseableHttpClient http;
    private final String cancelUrlPrefix;
    private final String address;
    private final BearerToken token;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;
    private final Duration callTimeout;
    private final ScheduledThreadPoolExecutor deadlines;
    private final String proxy;

    public FrontpaymentClient(
            CloseableHttpClient http, URI baseUrl, BearerToken token, Clock clock, Duration callTimeout) {
        this(http, baseUrl, token, clock, callTimeout, null);
    }

    /** @param proxy the proxy the calls go through, as the operator names it (host:port (source)), or null */
    public FrontpaymentClient(
            CloseableHttpClient http, URI baseUrl, BearerToken token, Clock clock, Duration callTimeout, String proxy) {
        this.http = http;
        this.proxy = proxy;
        this.callTimeout = callTimeout;
        this.deadlines = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("call-deadline"));
        this.deadlines.setRemoveOnCancelPolicy(true); // a call that ends in time leaves no task behind
        String base = baseUrl == null ? "" : baseUrl.toString(); // no base URL: a run that sends nothing
        this.cancelUrlPrefix = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + CANCEL_PATH;
        this.address = baseUrl == null || baseUrl.getHost() == null
                ? base
                : baseUrl.getHost() + ":"
                        + (baseUrl.getPort() >= 0
                                ? baseUrl.getPort()
                                : "http".equalsIgnoreCase(baseUrl.getScheme()) ? 80 : 443);
        this.token = token;
        this.clock = clock;
    }

    /** host:port the calls go to, as an operator checks it (ping, curl, a firewall rule). */
    public String address() {
        return address;
    }

    /** The proxy the calls go through, host:port (where it was configured), never its credentials; null: direct. */
    public String proxy() {
        return proxy;
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
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(
                () -> {
                    expired.set(true);
                    get.cancel();
                },
                callTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
        try {
            ClassicHttpResponse response;
            try {
                response = http.executeOpen(null, get, null);
            } catch (IOException e) {
                if (!expired.get()) {
                    throw e;
                }
                // Possibly after the request was written: the provider may have acted (an unclear attempt).
                InterruptedIOException late = new InterruptedIOException(
                        "no status line within " + "frontpayment.call-timeout (" + describe(callTimeout) + ")");
                late.initCause(e);
                throw late;
            }
            return read(get, response, expired);
        } finally {
            deadline.cancel(false);
        }
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

    private ProviderAnswer read(HttpGet get, ClassicHttpResponse response, AtomicBoolean expired) {
        int status = response.getCode();
        Duration retryAfter = retryAfter(response.getFirstHeader(HttpHeaders.RETRY_AFTER));
        byte[] body;
        try {
            body = body(get, response);
        } catch (IOException lost) {
            // The status line arrived: a 202 is a cancellation even if its body was cut off. The broken body is
            // not read on (that would throw again, or wait again, and lose the status).
            abort(get, response);
            String why = expired.get()
                    ? "body cut at the call deadline, frontpayment.call-timeout (" + describe(callTimeout) + ")"
                    : "body unreadable: " + lost.getClass().getSimpleName();
            return new ProviderAnswer(status, null, null, "(" + why + ")", retryAfter);
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

    /**
     * At most {@code MAX_BODY} bytes. A body read to its end releases the connection for the next call; a longer
     * one is cut and its connection discarded, never drained.
     */
    private static byte[] body(HttpGet get, ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        byte[] body = entity == null ? new byte[0] : entity.getContent().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            abort(get, response);
            return Arrays.copyOf(body, MAX_BODY);
        }
        try {
            EntityUtils.consume(entity); // at its end already: returns the connection to the pool, kept alive
            response.close();
        } catch (IOException notReusable) {
            abort(get, response); // the body is whole all the same (the deadline may have passed just now)
        }
        return body;
    }

    /** Closes the connection at once: nothing more is read from it, and it is not reused. */
    private static void abort(HttpGet get, ClassicHttpResponse response) {
        get.cancel();
        if (response instanceof ModalCloseable closeable) {
            closeable.close(CloseMode.IMMEDIATE);
        } else {
            try {
                response.close();
            } catch (IOException alreadyBroken) {
                // discarded anyway
            }
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
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
