package com.bulkcancel.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the cleaner does to provider text before anything keeps it. */
class ProviderTextTest {

    static final String TOKEN = "t0k/en+with\"quote";
    final ProviderText text = new ProviderText(new BearerToken(TOKEN));

    @Test
    void theTokenIsRedactedAsSentAndInItsJsonEscapedForms() {
        assertThat(text.clean("raw " + TOKEN + " json t0k/en+with\\\"quote php t0k\\/en+with\\\"quote"))
                .isEqualTo("raw [redacted] json [redacted] php [redacted]");
    }

    @Test
    void anyBearerCredentialIsRedacted() {
        assertThat(text.clean("Authorization: Bearer someone.elses/token== and bearer abc\\/def; end"))
                .isEqualTo("Authorization: Bearer [redacted] and bearer [redacted]; end");
    }

    @Test
    void theTokenIsRedactedBeforeTheExcerptIsCut() {
        String excerpt = text.excerpt("x".repeat(190) + TOKEN + "y".repeat(50));

        assertThat(excerpt).isEqualTo("x".repeat(190) + "[redacted]" + "…");
    }

    @Test
    void controlCharactersAreEscapedAndBrokenSurrogatesReplaced() {
        assertThat(text.clean("a\u0000b\u001fc\u007fd\u0085e\u009ff\tg\nh"))
                .isEqualTo("a\\u0000b\\u001fc\\u007fd\\u0085e\\u009ff\\u0009g\\u000ah");
        assertThat(text.clean("right-to-left \u202e override")).isEqualTo("right-to-left \\u202e override");
        assertThat(text.clean("lone \ud800 high, lone \udc00 low, end \ud83d"))
                .isEqualTo("lone \uFFFD high, lone \uFFFD low, end \uFFFD");
        assertThat(text.clean("a pair \ud83d\ude00 stays, Avlyst på grunn av vær"))
                .isEqualTo("a pair \ud83d\ude00 stays, Avlyst på grunn av vær");
    }

    @Test
    void theExcerptIsTheBodyOnOneLineCutAt200Characters() {
        String excerpt = text.excerpt("<html>\n  <body>" + "x".repeat(300) + "</body>\n</html>");

        assertThat(excerpt)
                .startsWith("<html> <body>xxx")
                .endsWith("…")
                .hasSize(201)
                .doesNotContain("\n");
    }

    @Test
    void theExcerptNeverEndsInHalfASurrogatePair() {
        String excerpt = text.excerpt("x".repeat(199) + "\ud83d\ude00" + "tail");

        assertThat(excerpt).isEqualTo("x".repeat(199) + "…");
    }

    @Test
    void withoutATokenOnlyBearerCredentialsAreRedacted() {
        ProviderText none = new ProviderText(BearerToken.none());

        assertThat(none.clean("Bearer abc " + TOKEN)).isEqualTo("Bearer [redacted] " + TOKEN);
        assertThat(none.clean(null)).isNull();
        assertThat(none.excerpt(null)).isNull();
    }
}
