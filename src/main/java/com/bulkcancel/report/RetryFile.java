package com.bulkcancel.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.bulkcancel.input.InputRecord;

/**
 * The rows that ended FAILED, verbatim in the input's own format: the input's header bytes, then each FAILED
 * record's exact bytes (same delimiter, encoding, quoting and line endings), so {@code --cancel.input=<this file>}
 * sends exactly those rows again. Written through an {@link OutputFile}; when no row FAILED, no retry file is left
 * (a stale one from an earlier run of the same output is deleted, except by a dry run, which owns no retry file).
 */
final class RetryFile implements AutoCloseable {

    private final Path target;
    private final FileSync sync;
    private final byte[] header;
    private final byte[] lineEnd;
    private final boolean deletesStale;
    private OutputFile file;
    private OutputStream out;
    private long rows;

    RetryFile(Path target, byte[] header, FileSync sync, boolean deletesStale) {
        this.target = target;
        this.deletesStale = deletesStale;
        this.sync = sync;
        this.header = header;
        this.lineEnd = lineEndOf(header);
    }

    void add(InputRecord record) throws IOException {
        if (out == null) {
            file = OutputFile.create(target, sync);
            out = new BufferedOutputStream(file.stream());
            out.write(header);
            if (!endsWithLineEnd(header)) {
                out.write(lineEnd);
            }
        }
        byte[] raw = record.raw();
        out.write(raw);
        if (!endsWithLineEnd(raw)) {
            out.write(lineEnd); // the file's last record had no terminator
        }
        rows++;
    }

    /** Moves the file into place, or deletes a stale one when no row FAILED. @return the rows written */
    long finish() {
        try {
            if (out == null) {
                if (deletesStale && Files.deleteIfExists(target)) {
                    sync.directory(target.getParent());
                }
                return 0;
            }
            out.close();
            file.commit();
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write retry file " + target + ": " + e.getMessage(), e);
        }
    }

    /** Leaves no temporary file behind when rendering failed. */
    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }

    private static boolean endsWithLineEnd(byte[] bytes) {
        return bytes.length > 0 && (bytes[bytes.length - 1] == '\n' || bytes[bytes.length - 1] == '\r');
    }

    /** The header's own terminator (CRLF, LF or CR), for a last record that lacks one. */
    private static byte[] lineEndOf(byte[] header) {
        int n = header.length;
        if (n >= 2 && header[n - 2] == '\r' && header[n - 1] == '\n') {
            return new byte[] {'\r', '\n'};
        }
        if (n >= 1 && header[n - 1] == '\r') {
            return new byte[] {'\r'};
        }
        return new byte[] {'\n'};
    }
}
