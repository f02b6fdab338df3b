package com.bulkcancel;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.bulkcancel.job.ExitCode;
import com.bulkcancel.provider.StopSignal;

/**
 * The JVM shutdown hook around one command (SIGTERM, Ctrl-C). Spring Boot's own hook and H2's are off, so nothing
 * closes the HTTP client or the database under the running job. This hook only raises the run's
 * {@link StopSignal.Reason#SHUTDOWN}: the cancel writer stops sending, waits for the calls in flight, records
 * their outcomes and ends the run STOPPED; the command closes the context and reports its exit code here. The
 * hook then ends the JVM with that code (1, not 143). If that takes longer than {@code cancel.shutdown-grace},
 * it writes the summary of the unfinished run (results not complete; bounded, {@link #LAST_WORDS}) and ends the
 * JVM with 1 anyway: every recorded outcome is already durable, and a rerun resumes.
 */
final class GracefulShutdown implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(25);
    /** How long the summary of a run cut off at the grace may take: a stuck job database must not keep the JVM. */
    static final Duration LAST_WORDS = Duration.ofSeconds(5);

    private final Thread hook = new Thread(this::onSignal, "bulk-cancel-shutdown");
    private final IntConsumer halt;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile StopSignal stop;
    private volatile Duration grace = DEFAULT_GRACE;
    private volatile Runnable cutOff = () -> {};
    private volatile int exitCode = ExitCode.INTERRUPTED.code();

    /** @param halt ends the JVM with a code ({@code Runtime.halt}; a test records it instead) */
    GracefulShutdown(IntConsumer halt) {
        this.halt = halt;
    }

    static GracefulShutdown install() {
        GracefulShutdown shutdown =
                new GracefulShutdown(code -> Runtime.getRuntime().halt(code));
        Runtime.getRuntime().addShutdownHook(shutdown.hook);
        return shutdown;
    }

    /**
     * The run has started: a signal from now on raises this stop signal. One that came earlier raises it now.
     * @param cutOff writes the summary of a run still going when the grace is over, just before the JVM ends
     */
    void watch(StopSignal signal, Duration shutdownGrace, Runnable cutOff) {
        this.grace = shutdownGrace;
        this.cutOff = cutOff;
        this.stop = signal;
        if (requested.get()) {
            signal.raise(StopSignal.Reason.SHUTDOWN);
        }
    }

    /** The command is over and its context closed: a pending signal may end the JVM with this code. */
    void finished(int code) {
        exitCode = code;
        finished.countDown();
    }

    /** Runs the cut-off summary on its own thread, waiting for it at most {@link #LAST_WORDS}. */
    private void writeSummary() {
        Thread summary = new Thread(cutOff, "bulk-cancel-summary");
        summary.setDaemon(true);
        summary.start();
        try {
            summary.join(LAST_WORDS.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it ends the JVM with the code reported to finished().
        }
    }

    /** What the JVM's shutdown hook does on SIGTERM or Ctrl-C (a test calls it directly). */
    void onSignal() {
        requested.set(true);
        StopSignal signal = stop;
        if (signal != null) {
            signal.raise(StopSignal.Reason.SHUTDOWN);
        }
        log.warn(
                "Stop requested (SIGTERM or Ctrl-C): no new cancel calls; waiting up to {} s for the calls in "
                        + "flight to finish and be recorded.",
                grace.toSeconds());
        boolean done;
        try {
            done = finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            done = false;
        }
        if (!done) {
            log.error(
                    "The run did not finish within cancel.shutdown-grace ({} s): exiting now. Every outcome "
                            + "recorded so far is durable; rerun the same command to resume (lines whose answer was not "
                            + "recorded are sent again and reported truthfully); the same command with --cancel.report "
                            + "writes the results so far.",
                    grace.toSeconds());
            writeSummary();
        }
        System.out.flush();
        System.err.flush();
        halt.accept(done ? exitCode : ExitCode.INTERRUPTED.code());
    }
}
