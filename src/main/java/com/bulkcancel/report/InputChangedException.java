package com.bulkcancel.report;

import java.nio.file.Path;

/**
 * The file at the input path is no longer the one the run sent: its results would describe other reservations.
 * The run is left unfinished; it finishes once the file that was sent is back (the SHA-256 it started with is a
 * job parameter, and the command names it).
 */
public class InputChangedException extends RuntimeException {

    private final Path input;

    public InputChangedException(Path input, String difference) {
        super("input " + input + " is not the file this run sent (" + difference + ")");
        this.input = input;
    }

    public Path input() {
        return input;
    }
}
