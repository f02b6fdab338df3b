package com.bulkcancel.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * <p>The time is taken after the pacer's last wait ({@code RequestPacer.beforeWrite}, an exec interceptor before
 * MainClientExec), so it can only be later than the pacer's own record of the write, by the few steps between
 * the two (more if the worker is preempted there).
 *
 * <p>Each run of the job stops and resets logback (Spring Boot's logging initialisation), which drops turbo
 * filters and listeners alike, so a watcher puts the filter back every few milliseconds; calls start long after.
 * Every call of the JVM's HttpClients is recorded while it is open: a test opens it around one run of the job.
 */
public final class CallStarts extends TurboFilter implements AutoCloseable {

    private static final String MAIN_CLIENT_EXEC = "org.apache.hc.client5.http.impl.classic.MainClientExec";

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Thread watcher;
    private volatile boolean open = true;
    private long[] starts = new long[1024];
    private final List<String> uris = new ArrayList<>();
    private int count;

    public CallStarts() {
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
            // "{} executing {} {}": exchange id, method, request URI
            long now = System.nanoTime();
            record(now, params != null && params.length > 2 ? String.valueOf(params[2]) : "");
        }
        return FilterReply.DENY;
    }

    private synchronized void record(long now, String uri) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = now;
        uris.add(uri);
    }

    /** The call starts so far (System.nanoTime), in order. */
    public synchronized long[] starts() {
        long[] copy = Arrays.copyOf(starts, count);
        Arrays.sort(copy);
        return copy;
    }

    /** The starts (System.nanoTime), in order, of the calls whose request URI ends with {@code uriEnd}. */
    public synchronized long[] startsOf(String uriEnd) {
        long[] matching = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (uris.get(i).endsWith(uriEnd)) {
                matching[n++] = starts[i];
            }
        }
        long[] copy = Arrays.copyOf(matching, n);
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
