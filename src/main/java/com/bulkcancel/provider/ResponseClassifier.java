package com.bulkcancel.provider;

import static com.bulkcancel.outcomes.Outcome.ALREADY_FINAL;
import static com.bulkcancel.outcomes.Outcome.FAILED;
import static com.bulkcancel.outcomes.Outcome.NOT_CANCELLABLE;
import static com.bulkcancel.outcomes.Outcome.NOT_FOUND;
import static com.bulkcancel.outcomes.Outcome.REJECTED;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.impl.TunnelRefusedException;

import com.bulkcancel.outcomes.Outcome;

/**
 * The one place that maps Frontpayment's answers to outcomes. Check it line by line against the API document
 * (docs/api.md): a status alone is not enough, since a proxy or a wrong path also answers 404 or 400,
 * and only the documented message keys prove the provider itself answered.
 */
public final class ResponseClassifier {

    static final String CANCELLED_MESSAGE = "cancelledOrderSuccessfully";

    private record Documented(int status, String message) {}

    private static final Map<Documented, Outcome> DOCUMENTED = Map.of(
            new Documented(404, "orderNotFound"), NOT_FOUND,
            new Documented(417, "payloadValidationErrors"), REJECTED,
            new Documented(400, "reservationStatusAlreadyCompleted"), ALREADY_FINAL,
            new Documented(400, "prerequisiteFailedToCancelReservation"), NOT_CANCELLABLE);

    private final ProviderText text;

    /** @param text cleans every provider text a verdict carries into the record and the log */
    public ResponseClassifier(ProviderText text) {
        this.text = text;
    }

    /** The cleaner every provider text goes through, for texts that reach a line's record by other ways. */
    ProviderText text() {
        return text;
    }

    public Verdict classify(ProviderAnswer answer) {
        int status = answer.status();
        if (status == 202) {
            return Verdict.finalOutcome(
                    Outcome.CANCELLED,
                    CANCELLED_MESSAGE.equals(answer.message())
                            ? null
                            : "undocumented 202 body: " + text.excerpt(answer.body()));
        }
        if (status == 401 || status == 403) {
            return new Verdict(
                    Verdict.Kind.STOP_TOKEN_REFUSED,
                    FAILED,
                    false,
                    "the provider refused the token (HTTP " + status + ")");
        }
        if (status == 429) {
            return Verdict.retry(false, "rate limited (HTTP 429)");
        }
        if (status >= 500) {
            // 510 and other server errors: the provider may have acted before failing.
            return Verdict.retry(true, "server error HTTP " + status + describe(answer));
        }
        Outcome documented = DOCUMENTED.get(new Documented(status, answer.message()));
        if (documented == REJECTED) {
            return Verdict.finalOutcome(
                    REJECTED, answer.errors() == null ? null : "errors: " + text.excerpt(answer.errors()));
        }
        if (documented != null) {
            return Verdict.finalOutcome(documented, null);
        }
        return Verdict.finalOutcome(FAILED, "undocumented answer HTTP " + status + describe(answer));
    }

    /** A call that got no HTTP answer. Only a failure before the request was written proves nothing was received. */
    public Verdict classify(IOException failure) {
        // An exception's message can quote what the provider sent (a malformed header, a chunk of the body).
        String what = failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + text.excerpt(failure.getMessage()));
        if (neverReached(failure)) {
            return Verdict.retry(
                    false, (failure instanceof SSLException ? "TLS failed (" : "could not connect (") + what + ")");
        }
        String kind = failure instanceof InterruptedIOException ? "no answer in time" : "connection failed";
        return Verdict.retry(true, kind + " (" + what + ")");
    }

    /**
     * The request never left this side: no address, no connection, the TLS handshake (which completes before the
     * request is written) failed, or a proxy refused the tunnel. Such an attempt is not unclear and is not a call sent.
     */
    static boolean neverReached(IOException failure) {
        return failure instanceof ConnectException
                || failure instanceof HttpHostConnectException
                || failure instanceof ConnectTimeoutException
                || failure instanceof NoRouteToHostException
                || failure instanceof UnknownHostException
                || failure instanceof SSLHandshakeException
                || failure instanceof SSLPeerUnverifiedException
                || proxyRefused(failure);
    }

    /** A proxy answered the CONNECT with an error (e.g. 407, 403); HttpClient wraps it in a ClientProtocolException. */
    static boolean proxyRefused(IOException failure) {
        return failure.getCause() instanceof TunnelRefusedException;
    }

    String excerpt(String providerText) {
        return text.excerpt(providerText);
    }

    /** The provider's message as the record keeps it (api_message), cleaned. */
    public String message(ProviderAnswer answer) {
        return text.clean(answer.message());
    }

    private String describe(ProviderAnswer answer) {
        String excerpt = text.excerpt(answer.body());
        return excerpt == null || excerpt.isEmpty() ? "" : ": " + excerpt;
    }
}
