package com.bulkcancel.input;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * Splits the input bytes on LF and decodes each line on its own, so one line with bad bytes cannot disturb the
 * others. Splitting bytes on LF is right for UTF-8 and single-byte encodings; UTF-16/32 are not supported
 * ({@link CsvFormat} refuses them). A line longer than {@link #MAX_LINE_BYTES} (a binary file, a file with classic
 * Mac line endings) is kept only up to that length and skipped to its end, so memory stays bounded.
 */
final class PhysicalLineReader implements Closeable {

    private static final byte LF = '\n';
    private static final byte CR = '\r';
    /** Far above any real record line (a note is at most a few thousand characters). */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final Charset encoding;
    private final CharsetDecoder strictDecoder;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private boolean firstLine = true;

    PhysicalLineReader(InputStream in, Charset encoding) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.encoding = encoding;
        this.strictDecoder = encoding.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The next physical line, or null at end of file. */
    PhysicalLine next() throws IOException {
        buffer.reset();
        boolean tooLong = false;
        int b;
        while ((b = in.read()) != -1) {
            if (b == LF || buffer.size() < MAX_LINE_BYTES) {
                buffer.write(b);
            } else {
                tooLong = true;
            }
            if (b == LF) {
                break;
            }
        }
        if (buffer.size() == 0) {
            return null;
        }
        byte[] bytes = buffer.toByteArray();
        int start = firstLine && startsWithBom(bytes) ? 3 : 0;
        firstLine = false;
        int end = bytes.length;
        if (end > start && bytes[end - 1] == LF) {
            end--;
        }
        if (end > start && bytes[end - 1] == CR) {
            end--;
        }
        String terminator = new String(bytes, end, bytes.length - end, encoding);
        return decode(bytes, start, end, terminator, tooLong);
    }

    private PhysicalLine decode(byte[] bytes, int start, int end, String terminator, boolean tooLong) {
        try {
            String text = strictDecoder.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
            return new PhysicalLine(bytes, text, terminator, true, tooLong);
        } catch (CharacterCodingException e) {
            // Keep the line's structure (quotes, delimiters are ASCII) readable; the record is reported invalid.
            return new PhysicalLine(bytes, new String(bytes, start, end - start, encoding), terminator, false, tooLong);
        }
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
