package com.bulkcancel.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Raw values quoted back to the operator cannot drive a terminal or hide text. */
class ShownTest {

    @Test
    void controlAndFormattingCharactersAreEscaped() {
        assertThat(Shown.value("\u001b[31mEVIL\u001b[0m", 80)).isEqualTo("\\u001b[31mEVIL\\u001b[0m");
        assertThat(Shown.value("abc\u202Egpj.exe", 80)).isEqualTo("abc\\u202egpj.exe");
        assertThat(Shown.value("a\r\nb\tc\u0000", 80)).isEqualTo("a\\r\\nb\\tc\\u0000");
    }

    @Test
    void ordinaryTextIsUnchangedAndLongTextCut() {
        assertThat(Shown.value("æøå 😀 {x}", 80)).isEqualTo("æøå 😀 {x}");
        assertThat(Shown.value("x".repeat(100), 80)).isEqualTo("x".repeat(80) + "...");
        assertThat(Shown.value(null, 80)).isEmpty();
    }
}
