package com.bulkcancel.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the run's meters once, at the end of the run, to every configured target at once; all of it bounded by
 * {@link #BOUND}. A target that fails or does not answer in time is one warning; nothing here throws, so a push
 * never changes the exit code. With no target configured it does nothing.
 */
public class MetricsPush {

    private static final Logger log = LoggerFactory.getLogger(MetricsPush.class);
    public static final Duration BOUND = Duration.ofSeconds(5);

    /** One place the meters go. */
    interface Target {
        void push() throws Exception;
    }

    private final Map<String, Target> targets;

    MetricsPush(Map<String, Target> targets) {
        this.targets = new LinkedHashMap<>(targets);
    }

    /** No target: nothing is ever pushed. */
    public static MetricsPush none() {
        return new MetricsPush(Map.of());
    }

    public boolean isConfigured() {
        return !targets.isEmpty();
    }

    /** Pushes to every target, waiting at most {@link #BOUND} in all. Never throws. */
    public void push() {
        if (targets.isEmpty()) {
            return;
        }
        ExecutorService pushes = Executors.newFixedThreadPool(targets.size(), r -> {
            Thread t = new Thread(r, "metrics-push");
            t.setDaemon(true); // a target that hangs past the bound must not keep the JVM
            return t;
        });
        try {
            List<Map.Entry<String, Future<?>>> started = new ArrayList<>();
            targets.forEach((name, target) -> started.add(Map.entry(name, pushes.submit(() -> {
                target.push();
                return null;
            }))));
            long deadline = System.nanoTime() + BOUND.toNanos();
            for (Map.Entry<String, Future<?>> push : started) {
                wait(push.getKey(), push.getValue(), deadline);
            }
        } catch (RuntimeException e) {
            log.warn("Could not push the run's metrics: {} (the exit code stands)", e.getMessage());
        } finally {
            pushes.shutdown();
        }
    }

    private static void wait(String name, Future<?> push, long deadline) {
        try {
            push.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            log.debug("Pushed the run's metrics to {}", name);
        } catch (ExecutionException e) {
            log.warn("Could not push the run's metrics to {}: {} (the exit code stands)", name, message(e.getCause()));
        } catch (TimeoutException e) {
            push.cancel(true);
            log.warn(
                    "Could not push the run's metrics to {}: no answer within {} s (the exit code stands)",
                    name,
                    BOUND.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Could not push the run's metrics to {}: interrupted (the exit code stands)", name);
        }
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null
                ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
