package com.bulkcancel.input;

/**
 * Follows RFC 4180 quoting through one record, line by line, to tell where the record ends and whether its quoting
 * is strict: a quote may only open a field, quotes inside a quoted field are doubled, and a closing quote is followed
 * by the delimiter or the end of the record. A quote anywhere else is reported rather than guessed at, because the
 * parser would otherwise keep or drop characters of the note silently.
 */
final class QuoteScanner {

    private static final char QUOTE = '"';

    private final char delimiter;
    private boolean inQuotes;
    private int field;
    private String problem;

    QuoteScanner(char delimiter) {
        this.delimiter = delimiter;
    }

    void startRecord() {
        inQuotes = false;
        field = 1;
        problem = null;
    }

    /** Scans one physical line of the record; true if a quoted field is still open at its end. */
    boolean scanLine(String text) {
        boolean fieldStart = !inQuotes;
        boolean afterClosingQuote = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == QUOTE) {
                    if (i + 1 < text.length() && text.charAt(i + 1) == QUOTE) {
                        i++;
                    } else {
                        inQuotes = false;
                        afterClosingQuote = true;
                    }
                }
            } else if (c == delimiter) {
                field++;
                fieldStart = true;
                afterClosingQuote = false;
            } else if (afterClosingQuote) {
                report("text after the closing quote in field " + field);
                afterClosingQuote = false;
            } else if (c == QUOTE && fieldStart) {
                inQuotes = true;
                fieldStart = false;
            } else {
                if (c == QUOTE) {
                    report("quote inside unquoted field " + field
                            + " (quote the whole field and double the quotes inside it)");
                }
                fieldStart = false;
            }
        }
        return inQuotes;
    }

    /** The first quoting problem of the record, or null. */
    String problem() {
        return problem;
    }

    private void report(String reason) {
        if (problem == null) {
            problem = reason;
        }
    }
}
