package com.bulkcancel.job;

/**
 * The Java heap the job runs in: a floor below which it refuses to start, and the one line it ends with when the
 * heap runs out mid-run. The job's heap does not grow with the file (README, Performance); the floor is measured:
 * a dry run of 1,000,000 rows ran out of memory at -Xmx48m and completed at -Xmx64m, as did a live run.
 */
public final class JavaHeap {

    /** The documented floor, in MiB (README: Options and Troubleshooting). */
    public static final long FLOOR_MIB = 64;
    /**
     * The JVM reports a little less than -Xmx as its maximum heap (e.g. without one survivor space under the serial
     * collector): a heap within 1/16 of the floor counts as the floor.
     */
    private static final long FLOOR_BYTES = (FLOOR_MIB << 20) - (FLOOR_MIB << 20) / 16;

    private JavaHeap() {}

    /** The one-line refusal when the heap is below the floor, else null. */
    public static String belowFloor(long maxHeapBytes) {
        if (maxHeapBytes >= FLOOR_BYTES) {
            return null;
        }
        return "the Java heap is " + mib(maxHeapBytes) + " MiB, below the " + FLOOR_MIB + " MiB this job needs: "
                + "raise it, e.g. JAVA_TOOL_OPTIONS=-Xmx256m, or give the container more memory (the JVM takes a "
                + "quarter of it by default); nothing was sent";
    }

    /** The one line a run ends with when the heap ran out. */
    public static String ranOut(long maxHeapBytes) {
        return "out of memory: the Java heap (" + mib(maxHeapBytes) + " MiB) was too small for this run: raise it, "
                + "e.g. JAVA_TOOL_OPTIONS=-Xmx" + Math.max(256, 2 * mib(maxHeapBytes)) + "m, or give the container "
                + "more memory, then rerun the same command to resume";
    }

    /** Whether the heap ran out somewhere in this failure's cause chain. */
    public static boolean ranOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
