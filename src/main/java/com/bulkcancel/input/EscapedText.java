package com.bulkcancel.input;

/**
 * A raw value from the file, quoted back to the operator (error line, results detail, log): kept on one line and
 * short, with control and invisible formatting characters shown escaped, so a hostile file cannot send escape
 * sequences to a terminal or hide text behind a right-to-left override.
 */
final class EscapedText {

    private EscapedText() {}

    static String of(String raw, int max) {
        if (raw == null) {
            return "";
        }
        StringBuilder shown = new StringBuilder();
        raw.codePoints().forEach(c -> {
            switch (c) {
                case '\r' -> shown.append("\\r");
                case '\n' -> shown.append("\\n");
                case '\t' -> shown.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                        shown.append(String.format("\\u%04x", c));
                    } else {
                        shown.appendCodePoint(c);
                    }
                }
            }
        });
        return shown.length() <= max ? shown.toString() : shown.substring(0, max) + "...";
    }
}
