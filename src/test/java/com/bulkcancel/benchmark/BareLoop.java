package com.bulkcancel.benchmark;

/** The bare HttpClient loop in a JVM of its own. Args: base URL, calls, threads, seed. */
public final class BareLoop {

    private BareLoop() {}

    public static void main(String[] args) throws Exception {
        ThroughputBenchmark.bareLoop(
                args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
        System.exit(0);
    }
}
