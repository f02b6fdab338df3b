package com.bulkcancel.report;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forces an output file's bytes, then its directory entry, to the disk: without both, a results file reported as
 * written can be empty or missing after an OS crash or power loss (the move lives in the directory).
 */
public interface FileSync {

    /** Forces the file's content and metadata to the device. */
    void file(FileChannel file) throws IOException;

    /** Forces the directory, so a move into it survives a crash. */
    void directory(Path directory);

    /** The real one. */
    FileSync DISK = new FileSync() {
        @Override
        public void file(FileChannel file) throws IOException {
            file.force(true);
        }

        @Override
        public void directory(Path directory) {
            // Linux and macOS force a directory opened for reading; some platforms (Windows) refuse to open one,
            // and there the move is as durable as the file system makes it.
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                // nothing more this platform offers
            }
        }
    };
}
