package com.bulkcancel.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Groups physical lines into records. A quoted field may span lines, but an unbalanced quote must not swallow the
 * rest of the file into one note: a record still open after maxRecordLines lines, at end of file, or at a line that
 * starts like a new record (a canonical UUID then the delimiter) is reported on its own first line, and reading
 * resumes at the line after it, so the following lines become records again and numbering stays aligned.
 */
final class RecordAssembler {

    private static final String TOO_LONG =
            "line is longer than " + PhysicalLineReader.MAX_LINE_BYTES / 1024 + " KiB: not a reservations record";

    private final PhysicalLineReader reader;
    private final QuoteScanner scanner;
    private final Pattern newRecordStart;
    private final int maxRecordLines;
    private final String encodingProblem;
    private final Deque<PhysicalLine> unread = new ArrayDeque<>();
    private long number;

    RecordAssembler(PhysicalLineReader reader, char delimiter, Charset encoding, int maxRecordLines) {
        this.reader = reader;
        this.scanner = new QuoteScanner(delimiter);
        this.newRecordStart =
                Pattern.compile(RowValidator.CANONICAL_UUID.pattern() + Pattern.quote(String.valueOf(delimiter)));
        this.maxRecordLines = maxRecordLines;
        this.encodingProblem = "bytes not valid in " + encoding.name() + " (set --cancel.csv.encoding"
                + (encoding.name().equals("UTF-8") ? ", e.g. windows-1252)" : ")");
    }

    /** Puts a line already read back in front of the input. */
    void unread(PhysicalLine line) {
        unread.addFirst(line);
    }

    /** The next record, blank ones included, or null at end of file. */
    AssembledRecord next() throws IOException {
        PhysicalLine first = take();
        if (first == null) {
            return null;
        }
        long recordNumber = number++;
        if (first.tooLong()) {
            return new AssembledRecord(recordNumber, null, first.bytes(), TOO_LONG);
        }
        List<PhysicalLine> lines = new ArrayList<>(1);
        lines.add(first);
        scanner.startRecord();
        boolean open = scanner.scanLine(first.text());
        while (open) {
            if (lines.size() >= maxRecordLines) {
                return unbalanced(recordNumber, lines, "runs past " + maxRecordLines + " physical lines");
            }
            PhysicalLine line = take();
            if (line == null) {
                return unbalanced(recordNumber, lines, "is not closed at end of file");
            }
            lines.add(line);
            if (line.tooLong()) {
                return unbalanced(recordNumber, lines, "is still open at a line too long to read");
            }
            if (newRecordStart.matcher(line.text()).lookingAt()) {
                return unbalanced(recordNumber, lines, "is still open where a later line starts a new record");
            }
            open = scanner.scanLine(line.text());
        }
        return complete(recordNumber, lines);
    }

    private AssembledRecord complete(long recordNumber, List<PhysicalLine> lines) {
        if (lines.size() == 1) {
            PhysicalLine line = lines.get(0);
            return new AssembledRecord(recordNumber, line.text(), line.bytes(), problem(lines));
        }
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            PhysicalLine line = lines.get(i);
            // Line breaks inside a quoted field are kept exactly as in the file (LF or CRLF).
            text.append(line.text()).append(i < lines.size() - 1 ? line.terminator() : "");
            raw.writeBytes(line.bytes());
        }
        return new AssembledRecord(recordNumber, text.toString(), raw.toByteArray(), problem(lines));
    }

    /** The problem of a record with bytes not valid in the encoding (its other problems take precedence). */
    String encodingProblem() {
        return encodingProblem;
    }

    private String problem(List<PhysicalLine> lines) {
        for (PhysicalLine line : lines) {
            if (!line.decodable()) {
                return encodingProblem;
            }
        }
        return scanner.problem();
    }

    private AssembledRecord unbalanced(long recordNumber, List<PhysicalLine> lines, String why) {
        for (int i = lines.size() - 1; i >= 1; i--) {
            unread.addFirst(lines.get(i));
        }
        String record = recordNumber == 0 ? "the header" : "record starting at line " + recordNumber;
        return new AssembledRecord(recordNumber, null, lines.get(0).bytes(), "unbalanced quote: " + record + " " + why);
    }

    private PhysicalLine take() throws IOException {
        return unread.isEmpty() ? reader.next() : unread.pollFirst();
    }
}
