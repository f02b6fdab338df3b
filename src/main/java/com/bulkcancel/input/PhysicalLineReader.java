package com.bulkcancel.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

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
    // Own buffers, scanned for LF a block at a time: a byte-at-a-time BufferedInputStream and
    // ByteArrayOutputStream (a lock per byte each) made reading the step's main cost between chunks.
    private final byte[] block = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private int length;
    private boolean firstLine = true;

    PhysicalLineReader(InputStream in, Charset encoding) {
        this.in = in;
        this.encoding = encoding;
        this.strictDecoder = encoding.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The next physical line, or null at end of file. */
    PhysicalLine next() throws IOException {
        length = 0;
        boolean tooLong = false;
        while (true) {
            if (position == limit && !fill()) {
                break;
            }
            int lf = indexOfLf();
            int contentEnd = lf < 0 ? limit : lf;
            int keep = Math.min(contentEnd - position, MAX_LINE_BYTES - length);
            tooLong |= keep < contentEnd - position;
            append(position, keep);
            if (lf >= 0) {
                append(lf, 1); // the LF itself is always kept, even after a line cut at MAX_LINE_BYTES
                position = lf + 1;
                break;
            }
            position = limit;
        }
        if (length == 0) {
            return null;
        }
        byte[] bytes = Arrays.copyOf(line, length);
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

    /** @return false at end of file */
    private boolean fill() throws IOException {
        int n = in.read(block, 0, block.length);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    private int indexOfLf() {
        for (int i = position; i < limit; i++) {
            if (block[i] == LF) {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(length + count, Math.min(2 * line.length, MAX_LINE_BYTES + 1)));
        }
        System.arraycopy(block, from, line, length, count);
        length += count;
    }

    private PhysicalLine decode(byte[] bytes, int start, int end, String terminator, boolean tooLong) {
        try {
            String text = strictDecoder
                    .decode(ByteBuffer.wrap(bytes, start, end - start))
                    .toString();
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
