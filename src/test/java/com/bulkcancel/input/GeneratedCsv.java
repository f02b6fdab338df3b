package com.bulkcancel.input;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A random reservations file built from known records, so the test knows the truth independently of the reader:
 * records are lists of field values serialised by RFC 4180 rules, plus deliberately broken ones.
 */
final class GeneratedCsv {

    enum Kind {
        WELL_FORMED,
        BLANK,
        INVALID_BYTES,
        UNBALANCED_QUOTE,
        TOO_MANY_FIELDS,
        GARBAGE
    }

    /** What the reader must return for one generated record (BLANK ones must not be returned). */
    record Expected(long line, Kind kind, String uuid, String note, byte[] raw) {}

    private static final int[] ALPHABET =
            "abcxyz ABC 019æøå😀\\'\",;\t-_.{}%".codePoints().toArray();
    private static final String[] UUID_NAMES = {"reservation_uuid", "UUID", "reservationUuid", "reservation_id"};

    final char delimiter;
    final boolean hasNote;
    /** A header of one column gives the detector nothing to go on, so such files name their delimiter. */
    final boolean delimiterDetectable;

    final List<Expected> expected = new ArrayList<>();
    private final Random random;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int width;
    private final int noteIndex;

    GeneratedCsv(long seed) {
        random = new Random(seed);
        delimiter = ",;\t".charAt(random.nextInt(3));
        hasNote = random.nextInt(5) > 0;
        width = hasNote ? 2 + random.nextInt(2) : 1 + random.nextInt(2);
        noteIndex = hasNote ? 1 + random.nextInt(width - 1) : -1;
        delimiterDetectable = width > 1;
        writeHeader();
        int records = random.nextInt(30);
        for (int line = 1; line <= records; line++) {
            Kind kind = pick();
            writeRecord(line, kind);
            if (kind == Kind.UNBALANCED_QUOTE) {
                // Only a line starting with a UUID (or the end of file) can stop an open quote from reading on.
                writeRecord(++line, Kind.WELL_FORMED, true);
            }
        }
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private Kind pick() {
        int n = random.nextInt(20);
        if (n < 11) return Kind.WELL_FORMED;
        if (n < 14) return Kind.BLANK;
        if (n < 16) return Kind.INVALID_BYTES;
        if (n < 17) return Kind.TOO_MANY_FIELDS;
        if (n < 18) return Kind.GARBAGE;
        return Kind.UNBALANCED_QUOTE;
    }

    private void writeHeader() {
        if (random.nextInt(4) == 0) {
            out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            names.add(i == 0 ? UUID_NAMES[random.nextInt(UUID_NAMES.length)] : i == noteIndex ? "note" : "customer");
        }
        write(serialise(names) + terminator());
    }

    private void writeRecord(long line, Kind kind) {
        writeRecord(line, kind, false);
    }

    private void writeRecord(long line, Kind kind, boolean plainUuidFirst) {
        if (kind == Kind.WELL_FORMED) {
            wellFormed(line, plainUuidFirst);
            return;
        }
        byte[] raw = switch (kind) {
            case BLANK -> blank();
            case INVALID_BYTES -> invalidBytes();
            case UNBALANCED_QUOTE ->
                utf8(uuid() + delimiter + "\"" + text(false).replace('"', '\'') + terminator());
            case TOO_MANY_FIELDS ->
                utf8(uuid() + delimiter + "a" + String.valueOf(delimiter).repeat(width) + "b" + terminator());
            default -> garbage();
        };
        out.writeBytes(raw);
        expected.add(new Expected(line, kind, null, null, raw));
    }

    private void wellFormed(long line, boolean plainUuidFirst) {
        List<String> fields = new ArrayList<>();
        String uuid = plainUuidFirst || random.nextBoolean() ? uuid() : text(false);
        for (int i = 0; i < width; i++) {
            fields.add(i == 0 ? uuid : text(true));
        }
        // Trailing empty fields, as spreadsheets write them; also what makes a lone UUID start a new record.
        boolean trailing = random.nextInt(3) == 0 || (plainUuidFirst && width == 1);
        String record =
                serialise(fields, plainUuidFirst) + String.valueOf(delimiter).repeat(trailing ? 2 : 0);
        byte[] raw = utf8(record + terminator());
        out.writeBytes(raw);
        boolean blank = fields.stream().allMatch(String::isBlank);
        String note = hasNote ? fields.get(noteIndex) : null;
        expected.add(new Expected(line, blank ? Kind.BLANK : Kind.WELL_FORMED, uuid, note, raw));
    }

    private String serialise(List<String> fields) {
        return serialise(fields, false);
    }

    private String serialise(List<String> fields, boolean firstPlain) {
        StringBuilder record = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String value = fields.get(i);
            boolean mustQuote = value.indexOf(delimiter) >= 0
                    || value.contains("\"")
                    || value.contains("\n")
                    || value.contains("\r");
            boolean quote = mustQuote || (!(firstPlain && i == 0) && random.nextInt(4) == 0);
            record.append(i > 0 ? String.valueOf(delimiter) : "")
                    .append(quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value);
        }
        return record.toString();
    }

    private String text(boolean multiLine) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(ALPHABET.length + 2);
            if (multiLine && r == ALPHABET.length) {
                text.append(random.nextBoolean() ? "\n" : "\r\n");
            } else if (r >= ALPHABET.length) {
                text.append(' ');
            } else {
                text.appendCodePoint(ALPHABET[r]);
            }
        }
        return text.toString();
    }

    private String uuid() {
        String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
        return random.nextInt(4) == 0 ? uuid.toUpperCase() : uuid;
    }

    private byte[] blank() {
        String[] blanks = {"", " ", String.valueOf(delimiter).repeat(width - 1), "\"\"" + delimiter + " "};
        return utf8(blanks[random.nextInt(blanks.length)] + terminator());
    }

    private byte[] invalidBytes() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(utf8(uuid() + delimiter + "bad"));
        raw.write(random.nextBoolean() ? 0xFF : 0xC3);
        raw.writeBytes(utf8("x" + String.valueOf(delimiter).repeat(Math.max(0, width - 2)) + terminator()));
        return raw.toByteArray();
    }

    /** Random bytes, invalid UTF-8 and stray CRs included, but no quote or LF, so it stays one record. */
    private byte[] garbage() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write('Z');
        for (int i = random.nextInt(20); i > 0; i--) {
            int b = random.nextInt(256);
            raw.write(b == '"' || b == '\n' ? 'q' : b);
        }
        raw.writeBytes(utf8(terminator()));
        return raw.toByteArray();
    }

    private String terminator() {
        return random.nextBoolean() ? "\r\n" : "\n";
    }

    private void write(String text) {
        out.writeBytes(utf8(text));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
