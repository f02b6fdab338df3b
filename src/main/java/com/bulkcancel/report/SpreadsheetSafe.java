package com.bulkcancel.report;

/**
 * OWASP's CSV-injection advice: a results cell that a spreadsheet would read as a formula gets a leading single
 * quote. Only the results file is guarded; files fed back to the job keep the input's text verbatim.
 */
final class SpreadsheetSafe {

    private SpreadsheetSafe() {}

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return value == null ? "" : value;
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }
}
