package com.bulkcancel.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private final FrontpaymentClient client = new FrontpaymentClient(
            null,
            URI.create("http://localhost"),
            BearerToken.none(),
            Clock.fixed(Instant.parse("2026-11-25T22:00:00Z"), ZoneOffset.UTC),
            java.time.Duration.ofSeconds(20));

    @Test
    void secondsOrAnHttpDate() {
        assertThat(client.retryAfter(new BasicHeader("Retry-After", "7"))).isEqualTo(Duration.ofSeconds(7));
        assertThat(client.retryAfter(new BasicHeader("Retry-After", "Wed, 25 Nov 2026 22:00:30 GMT")))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aDateInThePastMeansNowAndGarbageMeansAbsent() {
        assertThat(client.retryAfter(new BasicHeader("Retry-After", "Wed, 25 Nov 2026 21:00:00 GMT")))
                .isEqualTo(Duration.ZERO);
        assertThat(client.retryAfter(new BasicHeader("Retry-After", "soon"))).isNull();
        assertThat(client.retryAfter(null)).isNull();
    }
}
