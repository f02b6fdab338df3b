package com.bulkcancel.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.bulkcancel.outcomes.Outcome;

/** The outcome table of the brief, row by row. */
class ResponseClassifierTest {

    private final ResponseClassifier classifier = new ResponseClassifier(new ProviderText(BearerToken.none()));

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(
            nullValues = "null",
            value = {
                "202, cancelledOrderSuccessfully,            FINAL, CANCELLED,       false",
                "202, null,                                  FINAL, CANCELLED,       false",
                "404, orderNotFound,                         FINAL, NOT_FOUND,       false",
                "417, payloadValidationErrors,               FINAL, REJECTED,        false",
                "400, reservationStatusAlreadyCompleted,     FINAL, ALREADY_FINAL,   false",
                "400, prerequisiteFailedToCancelReservation, FINAL, NOT_CANCELLABLE, false",
                "510, Something Went Wrong,                  RETRY, FAILED,          true",
                "500, null,                                  RETRY, FAILED,          true",
                "503, null,                                  RETRY, FAILED,          true",
                "429, null,                                  RETRY, FAILED,          false",
                "401, null,                                  STOP_TOKEN_REFUSED, FAILED, false",
                "403, null,                                  STOP_TOKEN_REFUSED, FAILED, false",
                "404, null,                                  FINAL, FAILED,          false",
                "404, Not Found,                             FINAL, FAILED,          false",
                "400, orderNotFound,                         FINAL, FAILED,          false",
                "417, null,                                  FINAL, FAILED,          false",
                "302, null,                                  FINAL, FAILED,          false",
                "200, cancelledOrderSuccessfully,            FINAL, FAILED,          false"
            })
    void answers(int status, String message, Verdict.Kind kind, Outcome outcome, boolean unclear) {
        Verdict verdict = classifier.classify(new ProviderAnswer(status, message, null, "body", null));

        assertThat(verdict.kind()).isEqualTo(kind);
        assertThat(verdict.outcome()).isEqualTo(outcome);
        assertThat(verdict.unclear()).isEqualTo(unclear);
    }

    @ParameterizedTest
    @CsvSource({"connect, false", "timeout, true", "noAnswer, true"})
    void failuresWithoutAnAnswerAreRetriedAndUnclearUnlessNothingWasReceived(String kind, boolean unclear) {
        IOException failure = switch (kind) {
            case "connect" -> new ConnectException("Connection refused");
            case "timeout" -> new SocketTimeoutException("Read timed out");
            default -> new NoHttpResponseException("no response");
        };

        Verdict verdict = classifier.classify(failure);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.RETRY);
        assertThat(verdict.unclear()).isEqualTo(unclear);
    }

    @Test
    void everyProviderTextAVerdictCarriesIsCleanedWithTheTokenRedacted() {
        ResponseClassifier withToken = new ResponseClassifier(new ProviderText(new BearerToken("s3cret/token")));
        String echoed = "Authorization: Bearer s3cret\\/token\u0000";

        Verdict rejected = withToken.classify(
                new ProviderAnswer(417, "payloadValidationErrors", "{\"note\":[\"" + echoed + "\"]}", "body", null));
        Verdict failed = withToken.classify(new ProviderAnswer(400, "x", null, "{\"echo\":\"" + echoed + "\"}", null));
        Verdict broken = withToken.classify(new IOException("Invalid header: " + echoed));
        String message = withToken.message(new ProviderAnswer(400, "echo s3cret/token\u0001", null, "", null));

        assertThat(rejected.detail()).isEqualTo("errors: {\"note\":[\"Authorization: Bearer [redacted]\\u0000\"]}");
        assertThat(failed.detail())
                .isEqualTo("undocumented answer HTTP 400: {\"echo\":\"Authorization: Bearer " + "[redacted]\\u0000\"}");
        assertThat(broken.detail())
                .isEqualTo("connection failed (IOException: Invalid header: Authorization: Bearer "
                        + "[redacted]\\u0000)");
        assertThat(message).isEqualTo("echo [redacted]\\u0001");
    }
}
