package com.bulkcancel.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The block-at-a-time splitter gives back every byte of the file, line by line, wherever the reads end. */
class PhysicalLineReaderTest {

    @Test
    void linesAcrossBlockAndReadEdgesComeBackByteForByte() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        List<String> expected = new ArrayList<>();
        // ~300 KiB: several 64 KiB blocks, lines of 0 to 3,000 bytes, LF and CRLF, a last line without terminator
        for (int i = 0; i < 400; i++) {
            String text = "line " + i + ",é," + "x".repeat(random.nextInt(3000));
            String terminator = i == 399 ? "" : random.nextBoolean() ? "\r\n" : "\n";
            file.writeBytes((text + terminator).getBytes(StandardCharsets.UTF_8));
            expected.add(text + "|" + terminator);
        }
        byte[] bytes = file.toByteArray();

        for (int maxRead : new int[] {1, 3, 4096, 1 << 20}) {
            List<String> read = new ArrayList<>();
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            try (PhysicalLineReader reader =
                    new PhysicalLineReader(new Trickle(bytes, maxRead), StandardCharsets.UTF_8)) {
                PhysicalLine line;
                while ((line = reader.next()) != null) {
                    assertThat(line.decodable()).isTrue();
                    assertThat(line.tooLong()).isFalse();
                    read.add(line.text() + "|" + line.terminator());
                    again.writeBytes(line.bytes());
                }
            }
            assertThat(read).as("reads of at most %d bytes", maxRead).isEqualTo(expected);
            assertThat(again.toByteArray())
                    .as("reads of at most %d bytes", maxRead)
                    .isEqualTo(bytes);
        }
    }

    @Test
    void aLineBeyondTheLimitKeepsItsStartAndItsTerminatorAndTheNextLineIsIntact() throws IOException {
        byte[] huge = ("a".repeat(PhysicalLineReader.MAX_LINE_BYTES + 70_000) + "\r\nnext\n")
                .getBytes(StandardCharsets.UTF_8);
        try (PhysicalLineReader reader =
                new PhysicalLineReader(new ByteArrayInputStream(huge), StandardCharsets.UTF_8)) {
            PhysicalLine first = reader.next();
            assertThat(first.tooLong()).isTrue();
            assertThat(first.bytes()).hasSize(PhysicalLineReader.MAX_LINE_BYTES + 1);
            assertThat(first.bytes()[PhysicalLineReader.MAX_LINE_BYTES]).isEqualTo((byte) '\n');
            PhysicalLine next = reader.next();
            assertThat(next.text()).isEqualTo("next");
            assertThat(next.tooLong()).isFalse();
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void anEmptyFileHasNoLineAndABareCrEndsTheLastOne() throws IOException {
        try (PhysicalLineReader reader =
                new PhysicalLineReader(new ByteArrayInputStream(new byte[0]), StandardCharsets.UTF_8)) {
            assertThat(reader.next()).isNull();
        }
        try (PhysicalLineReader reader = new PhysicalLineReader(
                new ByteArrayInputStream("\nlast\r".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)) {
            assertThat(reader.next().terminator()).isEqualTo("\n");
            PhysicalLine last = reader.next();
            assertThat(last.text()).isEqualTo("last");
            assertThat(last.terminator()).isEqualTo("\r");
            assertThat(reader.next()).isNull();
        }
    }

    /** A stream that hands out at most {@code maxRead} bytes per read, as pipes and slow disks may. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int maxRead;
        private int position;

        Trickle(byte[] bytes, int maxRead) {
            this.bytes = bytes;
            this.maxRead = maxRead;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, maxRead), bytes.length - position);
            System.arraycopy(bytes, position, target, offset, n);
            position += n;
            return n;
        }
    }
}
