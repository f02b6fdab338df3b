package com.bulkcancel.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.bulkcancel.BulkCancelApplication;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * Runs the real command in this (child) JVM, then prints its exit code, the heap in use (sampled every 100 ms:
 * the peak, and the peak right after a collection, i.e. what the job really keeps), and the peak RSS (VmHWM).
 * Args: the command's arguments.
 */
public final class MemoryProbe {

    private MemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        AtomicLong peakUsed = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heap-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> peakUsed.accumulateAndGet(
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max), 0, 100,
                TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        int exit = BulkCancelApplication.run(args, Map.of("FRONTPAYMENT_TOKEN", SimulatedFrontpayment.TOKEN),
                System.out, System.err);
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.shutdownNow();
        long peakAfterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                peakAfterGc = Math.max(peakAfterGc, pool.getCollectionUsage().getUsed());
            }
        }
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM:")).findFirst().orElse("VmHWM: ?").replaceAll("\\s+", " ");
        System.out.printf("probe: exit=%d seconds=%.1f maxHeapMiB=%d peakHeapUsedMiB=%d "
                        + "largestPoolAfterLastGcMiB=%d peak RSS %s%n", exit, seconds,
                Runtime.getRuntime().maxMemory() >> 20, peakUsed.get() >> 20, peakAfterGc >> 20, hwm);
        System.exit(exit);
    }
}
