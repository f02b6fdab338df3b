package com.bulkcancel.launch;

import java.io.PrintStream;

/** The command's own standard output (tests pass their own): the summary, the dry run's counts, the history. */
public record CommandOutput(PrintStream out) {}
