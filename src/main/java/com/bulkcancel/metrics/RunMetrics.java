package com.bulkcancel.metrics;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.springframework.batch.core.job.JobExecution;

import com.bulkcancel.outcomes.Outcome;

/**
 * The run's figures as meters: {@code bulkcancel.rows} (the input file's rows by outcome, tag {@code outcome}, as
 * the summary counts them: all runs of the file), {@code bulkcancel.run.duration} and {@code bulkcancel.run.exit.code}
 * (-1 while the run goes on). The rows are a gauge, not a counter: a resumed run's file holds rows that earlier runs
 * finished, and an alert asks how many rows of the file ended FAILED, not how many this process counted. A command
 * that ended without a run (refused before it started) has no rows to count: its push carries no
 * {@code bulkcancel.rows} at all, rather than zeros that would read as an empty file.
 */
public final class RunMetrics {

    private final MeterRegistry meters;
    private final Map<Outcome, AtomicLong> rows = new EnumMap<>(Outcome.class);
    private final AtomicLong durationMillis = new AtomicLong();
    private final AtomicLong exitCode = new AtomicLong(-1);

    public RunMetrics(MeterRegistry meters) {
        this.meters = meters;
        TimeGauge.builder("bulkcancel.run.duration", durationMillis, TimeUnit.MILLISECONDS, AtomicLong::get)
                .description("How long the run took")
                .register(meters);
        Gauge.builder("bulkcancel.run.exit.code", exitCode, AtomicLong::get)
                .description("The command's exit code (0 completed, 1 stopped or failed, 2 refused, 3 some rows "
                        + "FAILED, 4 token refused); -1 while the run goes on")
                .register(meters);
    }

    /** The run ended: its rows by outcome, duration and exit code. */
    public void ended(JobExecution execution, Map<Outcome, Long> counts, int code) {
        rows(counts);
        LocalDateTime start = execution.getStartTime();
        if (start != null) {
            LocalDateTime end = execution.getEndTime() == null ? LocalDateTime.now() : execution.getEndTime();
            durationMillis.set(Duration.between(start, end).toMillis());
        }
        exitCode.set(code);
    }

    /** The command ended without a run's figures (refused before a run started, e.g. a missing file): its code. */
    public void withoutRun(int code) {
        exitCode.set(code);
    }

    private synchronized void rows(Map<Outcome, Long> counts) {
        if (rows.isEmpty()) {
            for (Outcome outcome : Outcome.reported()) {
                AtomicLong n = new AtomicLong();
                rows.put(outcome, n);
                Gauge.builder("bulkcancel.rows", n, AtomicLong::get)
                        .description("Rows of the input file by outcome (all runs of the file)")
                        .tag("outcome", outcome.name())
                        .register(meters);
            }
        }
        rows.forEach((outcome, n) -> n.set(counts.getOrDefault(outcome, 0L)));
    }
}
