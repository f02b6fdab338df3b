package com.bulkcancel.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Stream;

import com.bulkcancel.BulkCancelApplication;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * Runs the real command in this (child) JVM, then prints its exit code, the heap in use (sampled every 100 ms:
 * the peak, the peak right after a full collection forced every 2 s, i.e. what the job really keeps, and the
 * largest pool after the last collection), the peak RSS (VmHWM), and the
 * most bytes under {@code java.io.tmpdir} at any sample (give the child a temporary directory of its own).
 * Args: the command's arguments.
 */
public final class MemoryProbe {

    private MemoryProbe() {}

    public static void main(String[] args) throws Exception {
        AtomicLong peakUsed = new AtomicLong();
        AtomicLong peakLive = new AtomicLong();
        AtomicLong peakTemp = new AtomicLong();
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        ScheduledExecutorService sampler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "heap-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(
                () -> peakUsed.accumulateAndGet(
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max),
                0,
                100,
                TimeUnit.MILLISECONDS);
        // The heap the job keeps: in use right after a full collection, forced every 2 s (a few % of the run's time).
        sampler.scheduleAtFixedRate(
                () -> {
                    System.gc();
                    peakLive.accumulateAndGet(
                            ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed(),
                            Math::max);
                },
                1000,
                2000,
                TimeUnit.MILLISECONDS);
        sampler.scheduleAtFixedRate(
                () -> peakTemp.accumulateAndGet(bytesUnder(temp), Math::max), 0, 200, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        int exit = BulkCancelApplication.run(
                args, Map.of("FRONTPAYMENT_TOKEN", SimulatedFrontpayment.TOKEN), System.out, System.err);
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.shutdownNow();
        long peakAfterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                peakAfterGc = Math.max(peakAfterGc, pool.getCollectionUsage().getUsed());
            }
        }
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM:"))
                .findFirst()
                .orElse("VmHWM: ?")
                .replaceAll("\\s+", " ");
        System.out.printf(
                "probe: exit=%d seconds=%.1f maxHeapMiB=%d peakHeapUsedMiB=%d "
                        + "largestPoolAfterLastGcMiB=%d peakHeapAfterFullGcMiB=%.1f peakTempBytes=%d peak RSS %s%n",
                exit,
                seconds,
                Runtime.getRuntime().maxMemory() >> 20,
                peakUsed.get() >> 20,
                peakAfterGc >> 20,
                peakLive.get() / 1048576.0,
                peakTemp.get(),
                hwm);
        System.exit(exit);
    }

    private static long bytesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException gone) {
                            return 0; // deleted meanwhile
                        }
                    })
                    .sum();
        } catch (IOException | UncheckedIOException gone) {
            return 0;
        }
    }
}
