package com.bulkcancel.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Raw values quoted back to the operator cannot drive a terminal or hide text. */
class EscapedTextTest {

    @Test
    void controlAndFormattingCharactersAreEscaped() {
        assertThat(EscapedText.of("\u001b[31mEVIL\u001b[0m", 80)).isEqualTo("\\u001b[31mEVIL\\u001b[0m");
        assertThat(EscapedText.of("abc\u202Egpj.exe", 80)).isEqualTo("abc\\u202egpj.exe");
        assertThat(EscapedText.of("a\r\nb\tc\u0000", 80)).isEqualTo("a\\r\\nb\\tc\\u0000");
    }

    @Test
    void ordinaryTextIsUnchangedAndLongTextCut() {
        assertThat(EscapedText.of("æøå 😀 {x}", 80)).isEqualTo("æøå 😀 {x}");
        assertThat(EscapedText.of("x".repeat(100), 80)).isEqualTo("x".repeat(80) + "...");
        assertThat(EscapedText.of(null, 80)).isEmpty();
    }
}
