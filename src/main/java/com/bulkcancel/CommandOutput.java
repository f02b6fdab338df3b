package com.bulkcancel;

import java.io.PrintStream;

/** The command's standard output (tests pass their own): what the operator reads, apart from the log. */
public record CommandOutput(PrintStream out) {
}
