package com.bulkcancel.input;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The pass before the run could not write or read back its temporary files (the duplicate check's sorted runs):
 * the temporary directory is full, missing or not writable. Nothing was sent; the message is one line saying
 * where and what to do (exit 2: fix the environment, then the same command runs).
 */
public class TemporaryFilesException extends RuntimeException {

    public TemporaryFilesException(Path directory, IOException cause) {
        super(
                "cannot use the temporary directory " + directory + " for the duplicate check (" + reason(cause)
                        + "): it needs about " + DuplicateFinder.BYTES_PER_ROW
                        + " bytes per row of the input, deleted at "
                        + "the end; free space there, or point the JVM at another directory with "
                        + "JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<dir>; nothing was sent",
                cause);
    }

    private static String reason(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            message = fs.getReason() + (fs.getFile() == null ? "" : ": " + fs.getFile());
        }
        return message.replaceAll("\\s+", " ");
    }
}
