package com.bulkcancel;

import java.io.PrintStream;

/** The command's own standard output (tests pass their own): the end-of-run summary and the run history go here. */
public record CommandOutput(PrintStream out) {
}
