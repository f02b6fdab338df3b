package com.bulkcancel.benchmark;

import java.util.Arrays;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * When the job's HTTP client starts each call, seen from the client: HttpClient's MainClientExec logs
 * "{} executing {} {}" at DEBUG just before it writes the request, and this logback turbo filter takes the time
 * of that log call (then drops the line). Nothing in the job is changed for it. The simulator's arrival times
 * add its own dispatch delay (up to tens of ms on a busy 2-core machine); these do not.
 *
 * <p>Each run of the job stops and resets logback (Spring Boot's logging initialisation), which drops turbo
 * filters and listeners alike, so a watcher puts the filter back every few milliseconds; calls start long after.
 */
final class CallStarts extends TurboFilter implements AutoCloseable {

    private static final String MAIN_CLIENT_EXEC = "org.apache.hc.client5.http.impl.classic.MainClientExec";

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Thread watcher;
    private volatile boolean open = true;
    private long[] starts = new long[1024];
    private int count;

    CallStarts() {
        setName("benchmark-call-starts");
        setContext(context);
        watcher = new Thread(this::keepInstalled, "call-starts-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void keepInstalled() {
        while (open) {
            if (!context.getTurboFilterList().contains(this)) {
                start();
                context.addTurboFilter(this);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.DEBUG || !MAIN_CLIENT_EXEC.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        if (format == null) {
            return FilterReply.ACCEPT; // isDebugEnabled(): let MainClientExec go on to its debug line
        }
        if (format.contains("executing")) {
            record(System.nanoTime());
        }
        return FilterReply.DENY;
    }

    private synchronized void record(long now) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = now;
    }

    /** The call starts so far (System.nanoTime), in order. */
    synchronized long[] starts() {
        long[] copy = Arrays.copyOf(starts, count);
        Arrays.sort(copy);
        return copy;
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        watcher.interrupt();
        watcher.join();
        context.getTurboFilterList().remove(this);
        stop();
    }
}
