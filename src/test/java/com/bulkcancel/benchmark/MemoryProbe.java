package com.bulkcancel.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.bulkcancel.BulkCancelApplication;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * Runs the real command in this (child) JVM, then prints its exit code, the peak heap (sum of the heap pools'
 * peaks: an upper bound of the peak in use) and the peak RSS (VmHWM). Args: the command's arguments.
 */
public final class MemoryProbe {

    private MemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        int exit = BulkCancelApplication.run(args, Map.of("FRONTPAYMENT_TOKEN", SimulatedFrontpayment.TOKEN),
                System.out, System.err);
        double seconds = (System.nanoTime() - started) / 1e9;
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM:")).findFirst().orElse("VmHWM: ?").replaceAll("\\s+", " ");
        System.out.printf("probe: exit=%d seconds=%.1f maxHeapMiB=%d peakHeapMiB=%d %s%n", exit, seconds,
                Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20, hwm);
        System.exit(exit);
    }
}
