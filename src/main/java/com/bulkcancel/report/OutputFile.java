package com.bulkcancel.report;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * One output file (results, retry, summary) written whole or not at all: into a temporary file of a fresh random
 * name beside it, created exclusively (never an existing file, never through a link someone planted), forced to
 * disk, then moved over the target atomically and the directory forced. A target that is itself a link is
 * replaced by the regular file, never written through. Closing without {@link #commit()} deletes the temporary file.
 */
public final class OutputFile implements AutoCloseable {

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final FileSync sync;
    private boolean committed;

    private OutputFile(Path target, Path temp, FileChannel channel, FileSync sync) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.sync = sync;
    }

    public static OutputFile create(Path target, FileSync sync) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return new OutputFile(target, temp, channel, sync);
    }

    /** The temporary file's stream; closing it does not close the file (see {@link #commit()}). */
    public OutputStream stream() {
        return new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Forces the file, moves it over the target, forces the directory: only then is the target written. */
    public void commit() throws IOException {
        sync.file(channel);
        channel.close();
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        sync.directory(target.getParent());
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            channel.close();
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // best effort: the failure that got us here is the one reported
        }
    }
}
