package com.bulkcancel.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.function.UnaryOperator;

import com.opencsv.RFC4180Parser;
import com.opencsv.RFC4180ParserBuilder;

/**
 * Streaming reader over one reservations file: holds only the record being read (plus at most maxRecordLines
 * physical lines while a quoted field is open), so a file of a million rows reads in constant memory.
 */
public final class ReservationFile implements AutoCloseable {

    private final String fileName;
    private final PhysicalLineReader lines;
    private final RecordAssembler records;
    private final RFC4180Parser parser;
    private final char delimiter;
    private final Charset encoding;
    private final HeaderColumns columns;
    private final byte[] headerBytes;

    private ReservationFile(String fileName, PhysicalLineReader lines, PhysicalLine firstLine, CsvFormat format) {
        this.fileName = fileName;
        this.lines = lines;
        this.encoding = format.encoding();
        this.delimiter = format.delimiter() != null ? format.delimiter() : DelimiterDetector.detect(firstLine.text());
        // RFC 4180: no escape character. OpenCSV's default CSVParser treats backslash as one and corrupts notes.
        this.parser = new RFC4180ParserBuilder().withSeparator(delimiter).build();
        this.records = new RecordAssembler(lines, delimiter, encoding, format.maxRecordLines());
        records.unread(firstLine);
        AssembledRecord header = read();
        if (header.problem() != null) {
            throw new UnusableInputException("input " + fileName + " has an unreadable header: " + header.problem());
        }
        this.headerBytes = header.raw();
        this.columns = HeaderColumns.of(parse(header.text()), fileName, header.text());
    }

    public static ReservationFile open(Path path, CsvFormat format) throws UnusableInputException {
        return open(path, format, in -> in);
    }

    /**
     * Opens the file and feeds every byte read into {@code digest}: once {@link #next()} has returned null, the
     * digest covers exactly the bytes this reader saw, whatever is at the path by then.
     */
    public static ReservationFile open(Path path, CsvFormat format, MessageDigest digest)
            throws UnusableInputException {
        return open(path, format, in -> new DigestInputStream(in, digest));
    }

    private static ReservationFile open(Path path, CsvFormat format, UnaryOperator<InputStream> reading) {
        String fileName = path.toString();
        if (Files.isDirectory(path)) {
            throw new UnusableInputException("input " + fileName + " is a directory");
        }
        PhysicalLineReader lines = new PhysicalLineReader(reading.apply(openStream(path, fileName)), format.encoding());
        try {
            PhysicalLine firstLine = readFirstLine(lines, fileName);
            return new ReservationFile(fileName, lines, firstLine, format);
        } catch (RuntimeException e) {
            closeQuietly(lines, e);
            throw e;
        }
    }

    public char delimiter() {
        return delimiter;
    }

    public Charset encoding() {
        return encoding;
    }

    public boolean hasNoteColumn() {
        return columns.hasNote();
    }

    /** The header record's raw bytes including its terminator (and the BOM if the file had one). */
    public byte[] headerBytes() {
        return headerBytes.clone();
    }

    /** The next non-blank data record, or null at end of file; a bad record comes back with its problem. */
    public InputRecord next() {
        AssembledRecord record;
        while ((record = read()) != null) {
            if (record.problem() != null) {
                return withWhatCanBeShown(record);
            }
            String[] fields = parse(record.text());
            if (!blank(fields)) {
                return toInputRecord(record, fields);
            }
        }
        return null;
    }

    /**
     * A record with a problem keeps the values that can still be read: a line with one undecodable byte in its
     * note still shows its ASCII UUID (the bad byte as U+FFFD). Malformed quoting leaves nothing trustworthy.
     */
    private InputRecord withWhatCanBeShown(AssembledRecord record) {
        String uuid = null;
        String note = null;
        if (record.text() != null && record.problem().equals(records.encodingProblem())) {
            try {
                String[] fields = parser.parseLine(record.text());
                uuid = columns.uuidIndex() < fields.length ? fields[columns.uuidIndex()] : null;
                note = columns.hasNote() && columns.noteIndex() < fields.length ? fields[columns.noteIndex()] : null;
            } catch (IOException unparsable) {
                // nothing to show
            }
        }
        return new InputRecord(record.number(), uuid, note, record.problem(), record.raw());
    }

    private InputRecord toInputRecord(AssembledRecord record, String[] fields) {
        String fieldCountProblem = columns.fieldCountProblem(fields);
        if (fieldCountProblem != null) {
            return new InputRecord(record.number(), null, null, fieldCountProblem, record.raw());
        }
        String note = columns.hasNote() ? fields[columns.noteIndex()] : null;
        return new InputRecord(record.number(), fields[columns.uuidIndex()], note, null, record.raw());
    }

    /** An empty line, or a record whose fields are all empty or whitespace (e.g. ";;" from a spreadsheet). */
    private static boolean blank(String[] fields) {
        for (String field : fields) {
            if (!field.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private String[] parse(String text) {
        try {
            return parser.parseLine(text);
        } catch (IOException e) {
            throw new IllegalStateException("RFC4180Parser failed on a record held in memory", e);
        }
    }

    private AssembledRecord read() {
        try {
            return records.next();
        } catch (IOException e) {
            throw new UnusableInputException("cannot read input " + fileName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new UnusableInputException("cannot close input " + fileName + ": " + e.getMessage(), e);
        }
    }

    private static InputStream openStream(Path path, String fileName) {
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new UnusableInputException("input " + fileName + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new UnusableInputException("cannot read input " + fileName + ": Permission denied", e);
        } catch (IOException e) {
            throw new UnusableInputException("cannot read input " + fileName + ": " + e.getMessage(), e);
        }
    }

    /** The header must be the first line; a file with nothing but blank lines is empty. */
    private static PhysicalLine readFirstLine(PhysicalLineReader lines, String fileName) {
        try {
            PhysicalLine first = lines.next();
            if (first != null && first.text().strip().indexOf('\r') >= 0) {
                throw new UnusableInputException("input " + fileName + " has classic Mac line endings (CR only): "
                        + "save it with LF or CRLF line endings (e.g. as \"CSV UTF-8\")");
            }
            if (first != null && !first.blank()) {
                return first;
            }
            for (PhysicalLine line = first; line != null; line = lines.next()) {
                if (!line.blank()) {
                    throw new UnusableInputException("input " + fileName + " starts with a blank line; "
                            + "the first line must be the header with a reservation_uuid column");
                }
            }
            throw new UnusableInputException("input " + fileName + " is empty");
        } catch (IOException e) {
            throw new UnusableInputException("cannot read input " + fileName + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(PhysicalLineReader lines, RuntimeException failure) {
        try {
            lines.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
