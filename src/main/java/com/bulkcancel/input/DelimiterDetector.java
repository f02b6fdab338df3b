package com.bulkcancel.input;

/** Picks the delimiter from the header line: whichever of comma, semicolon, tab splits it into the most fields. */
final class DelimiterDetector {

    private static final char[] CANDIDATES = {',', ';', '\t'};

    private DelimiterDetector() {}

    /** Ties go to the earlier candidate; a header no candidate splits (a single column) reads as comma. */
    static char detect(String headerLine) {
        char best = ',';
        int bestCount = 0;
        for (char candidate : CANDIDATES) {
            int count = countOutsideQuotes(headerLine, candidate);
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }

    private static int countOutsideQuotes(String line, char candidate) {
        int count = 0;
        boolean inQuotes = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == candidate && !inQuotes) {
                count++;
            }
        }
        return count;
    }
}
