package com.bulkcancel.provider;

import java.io.IOException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * What the run's first call says about the command rather than about its row. The first call goes alone, so an
 * answer no Frontpayment endpoint gives (a redirect, a 404 without {@code orderNotFound}, a 405, a proxy's
 * refusal), a TLS failure or an unknown host ends the run before any other row is sent: a wrong base URL, proxy or
 * trust store fails every row the same way. A server that cannot be reached at all is an outage instead (exit 1).
 * 5xx and 429 are never findings here, whatever their body: a load balancer's HTML 502 is an outage; a 2xx may
 * have cancelled. Later calls are classified as always (a 404 without orderNotFound is a FAILED row).
 */
final class FirstCallCheck {

    /** Why the run stops on its first call, in one line for the operator and the row's detail. */
    record Finding(StopSignal.Reason reason, String explanation) {}

    private static final String CHECK_BASE_URL = "check --frontpayment.base-url (scheme and host only, e.g. "
            + "https://demo-api.frontpayment.no) and any proxy between here and the provider";

    private static final String TRUST = "the server's certificate is not trusted or does not match the host name: "
            + "for a private CA give --frontpayment.ssl-bundle=<name> with spring.ssl.bundle.pem.<name>.truststore"
            + ".certificate=<ca.pem>, or -Djavax.net.ssl.trustStore before -jar";

    private static final String CHECK_PROXY = "check the proxy (frontpayment.proxy, -Dhttps.proxyHost, "
            + "HTTPS_PROXY, NO_PROXY) and its credentials (--frontpayment.proxy-credentials-file or the user info of "
            + "HTTPS_PROXY), or go without it (--frontpayment.proxy=none)";

    private final ResponseClassifier classifier;
    private final String address;
    private final String proxy;

    /**
     * @param address host:port of the base URL, named when it cannot be reached
     * @param proxy   the proxy the calls go through, host:port (source), or null for direct calls
     */
    FirstCallCheck(ResponseClassifier classifier, String address, String proxy) {
        this.classifier = classifier;
        this.address = address;
        this.proxy = proxy;
    }

    Finding of(ProviderAnswer answer) {
        int status = answer.status();
        String problem;
        if (status >= 300 && status < 400) {
            problem = "was redirected (HTTP " + status + ")";
        } else if (status == 404 && !"orderNotFound".equals(answer.message())) {
            problem = "was answered HTTP 404 without the API's orderNotFound" + describe(answer)
                    + ": there is no cancel endpoint at that address";
        } else if (status == 405) {
            problem = "was answered HTTP 405 (method not allowed): that address is not the cancel endpoint";
        } else if (status == 407) {
            String refusal = "the run's first call was refused by " + (proxy == null ? "a proxy" : "the proxy " + proxy)
                    + " (HTTP 407, proxy authentication required); nothing was cancelled: ";
            return configuration(refusal + (proxy == null ? CHECK_BASE_URL : CHECK_PROXY));
        } else {
            return null;
        }
        return configuration("the run's first call " + problem + "; nothing was cancelled: " + CHECK_BASE_URL);
    }

    /**
     * @param lastAttempt the row has no attempt left: an unknown host or an unreachable server is a finding only
     *                    then, since DNS or the network may recover within the row's attempts
     */
    Finding of(IOException failure, boolean lastAttempt, int attempts) {
        String what = failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + classifier.excerpt(failure.getMessage()));
        if (ResponseClassifier.proxyRefused(failure)) {
            what = failure.getCause().getMessage() == null
                    ? what
                    : classifier.excerpt(failure.getCause().getMessage());
            return configuration((proxy == null ? "a proxy" : "the proxy " + proxy) + " refused the tunnel to "
                    + address + " (" + what + "); nothing was sent: " + CHECK_PROXY);
        }
        if (failure instanceof SSLException) {
            return configuration("the TLS connection to " + address + " failed (" + what + "); nothing was sent: "
                    + TRUST + "; " + CHECK_BASE_URL);
        }
        if (!lastAttempt) {
            return null;
        }
        if (proxy != null && (failure instanceof UnknownHostException || ResponseClassifier.neverReached(failure))) {
            // Through a proxy this side connects to the proxy only (the proxy resolves and reaches the provider).
            return configuration("could not connect to the proxy " + proxy + " after " + attempts + " attempts (" + what
                    + "); nothing was sent: " + CHECK_PROXY);
        }
        if (failure instanceof UnknownHostException) {
            return configuration("the host of " + address + " is unknown (" + what + ") after " + attempts
                    + " attempts; nothing was sent: " + CHECK_BASE_URL);
        }
        if (ResponseClassifier.neverReached(failure)) {
            return new Finding(
                    StopSignal.Reason.UNREACHABLE,
                    "could not connect to " + address + " after "
                            + attempts + " attempts (" + what + "); nothing was sent and no other row was tried: rerun "
                            + "the same command when it is reachable");
        }
        return null;
    }

    private static Finding configuration(String explanation) {
        return new Finding(StopSignal.Reason.CONFIGURATION, explanation);
    }

    private String describe(ProviderAnswer answer) {
        String message = answer.message() != null ? answer.message() : classifier.excerpt(answer.body());
        return message == null || message.isBlank() ? "" : " (" + classifier.excerpt(message) + ")";
    }
}
