package com.bulkcancel.benchmark;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import com.sun.management.OperatingSystemMXBean;

/**
 * The process CPU time, sampled every 10 ms by its own thread, so the time spent between two instants can be
 * read afterwards without the measured code paying a system call per event.
 */
final class CpuClock implements AutoCloseable {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Thread sampler;
    private long[] at = new long[1024];
    private long[] cpu = new long[1024];
    private int samples;

    CpuClock() {
        sampler = new Thread(this::sample, "cpu-clock");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            long time = System.nanoTime();
            long used = OS.getProcessCpuTime();
            synchronized (this) {
                if (samples == at.length) {
                    at = Arrays.copyOf(at, samples * 2);
                    cpu = Arrays.copyOf(cpu, samples * 2);
                }
                at[samples] = time;
                cpu[samples++] = used;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** CPU nanoseconds the process used between two System.nanoTime instants (to within a sample). */
    synchronized long between(long from, long to) {
        return cpuAt(to) - cpuAt(from);
    }

    private long cpuAt(long time) {
        int i = Arrays.binarySearch(at, 0, samples, time);
        int nearest = i >= 0 ? i : Math.min(samples - 1, -i - 1);
        return cpu[nearest];
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
