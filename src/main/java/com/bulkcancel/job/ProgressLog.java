package com.bulkcancel.job;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeInstance;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.outcomes.OutcomeTally;
import com.bulkcancel.provider.CallTally;
import com.bulkcancel.provider.DaemonThreads;

/**
 * One progress line every {@code cancel.progress-interval} while the cancel step runs, and one when it ends:
 * rows done of the file's total (rows finished by earlier runs included), percent, calls per second over the last
 * interval (over the whole run on the last line), an ETA from this run's pace, and the counts per outcome so far.
 * Neither the file nor the outcome table is read for it: the total is the pass before the run's record count (the
 * {@link JobIdentity#RECORDS} job parameter), and the counts are kept in memory ({@link OutcomeTally}) from one
 * query at the step's start.
 */
public class ProgressLog implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);

    private final OutcomeStore outcomes;
    private final CallTally calls;
    private final Duration interval;
    private final LongSupplier nanoTime;
    private ScheduledExecutorService timer;
    private OutcomeTally tally;
    private long total;
    private long doneAtStart;
    private long startNanos;
    private long lastNanos;
    private long lastCalls;
    private long callsAtStart;

    public ProgressLog(OutcomeStore outcomes, CallTally calls, Duration interval, LongSupplier nanoTime) {
        this.outcomes = outcomes;
        this.calls = calls;
        this.interval = interval;
        this.nanoTime = nanoTime;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        // before the writer records anything (the step starts its listeners before the first chunk)
        tally = outcomes.tally(OutcomeInstance.of(stepExecution.getJobExecution()));
        Long records = stepExecution.getJobExecution().getJobParameters().getLong(JobIdentity.RECORDS);
        total = records == null ? 0 : records;
        doneAtStart = done(tally.counts());
        startNanos = nanoTime.getAsLong();
        lastNanos = startNanos;
        lastCalls = calls.sent();
        callsAtStart = lastCalls;
        log.info(
                "{} rows to go through{}",
                total,
                doneAtStart > 0 ? " (" + doneAtStart + " already finished by earlier runs)" : "");
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("progress-log"));
        long every = interval.toMillis();
        timer.scheduleAtFixedRate(this::logSafely, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        // Never interrupt the timer: a line being written is let finish.
        timer.shutdown();
        try {
            timer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        logSafely(true);
        return null;
    }

    private void logSafely() {
        logSafely(false);
    }

    private void logSafely(boolean last) {
        try {
            Progress progress = progress(last);
            var event = log.atInfo()
                    .setMessage(progress.line())
                    .addKeyValue("rows_done", progress.done())
                    .addKeyValue("rows_total", total)
                    .addKeyValue("calls_per_second", progress.callsPerSecond())
                    .addKeyValue("calls_sent", progress.sent());
            for (Map.Entry<Outcome, Long> count : progress.counts().entrySet()) {
                event = event.addKeyValue("rows_" + count.getKey().name().toLowerCase(Locale.ROOT), count.getValue());
            }
            event.log();
        } catch (RuntimeException e) {
            log.debug("No progress line this time: {}", e.getMessage());
        }
    }

    /**
     * The progress line for now; moves the calls-per-second window on. The last line of the step gives the calls
     * per second over the whole run instead of the last interval.
     */
    synchronized String line(boolean last) {
        return progress(last).line();
    }

    /** A progress line's figures, also logged as key-value fields (structured logs). */
    record Progress(String line, long done, double callsPerSecond, long sent, Map<Outcome, Long> counts) {}

    private synchronized Progress progress(boolean last) {
        Map<Outcome, Long> counts = tally.counts();
        long done = done(counts);
        long now = nanoTime.getAsLong();
        long sent = calls.sent();
        long since = last ? startNanos : lastNanos;
        long callsSince = last ? callsAtStart : lastCalls;
        double callsPerSecond = (sent - callsSince) / Math.max(1e-9, (now - since) / 1e9);
        lastNanos = now;
        lastCalls = sent;

        double percent = total == 0 ? 100 : 100.0 * done / total;
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "Progress: %d/%d rows (%.1f%%), %.1f calls/s, ETA %s",
                done,
                total,
                percent,
                callsPerSecond,
                eta(done, now)));
        StringBuilder perOutcome = new StringBuilder();
        for (Outcome outcome : Outcome.reported()) {
            long n = counts.getOrDefault(outcome, 0L);
            if (n > 0) {
                perOutcome
                        .append(perOutcome.isEmpty() ? "" : ", ")
                        .append(outcome)
                        .append(' ')
                        .append(n);
            }
        }
        if (!perOutcome.isEmpty()) {
            line.append("; ").append(perOutcome);
        }
        Map<Outcome, Long> reported = new java.util.LinkedHashMap<>();
        for (Outcome outcome : Outcome.reported()) {
            reported.put(outcome, counts.getOrDefault(outcome, 0L));
        }
        return new Progress(line.toString(), done, Math.round(callsPerSecond * 10) / 10.0, sent, reported);
    }

    /** From this run's pace so far: rows finished by this run per second. */
    private String eta(long done, long now) {
        long remaining = Math.max(0, total - done);
        if (remaining == 0) {
            return "0s";
        }
        long doneThisRun = done - doneAtStart;
        double elapsed = (now - startNanos) / 1e9;
        if (doneThisRun <= 0 || elapsed <= 0) {
            return "unknown";
        }
        return duration(Duration.ofSeconds(Math.round(remaining * elapsed / doneThisRun)));
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }

    /** Rows with a final outcome (FAILED included: a rerun tries those again); not the ones in flight. */
    private static long done(Map<Outcome, Long> counts) {
        long done = 0;
        for (Outcome outcome : Outcome.reported()) {
            done += counts.getOrDefault(outcome, 0L);
        }
        return done;
    }
}
