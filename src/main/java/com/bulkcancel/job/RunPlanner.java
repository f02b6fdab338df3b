package com.bulkcancel.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Component;

import com.bulkcancel.input.InputSettings;
import com.bulkcancel.launch.InvalidInvocationException;
import com.bulkcancel.outcomes.OutcomeInstance;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.provider.CallSettings;
import com.bulkcancel.report.ReportFiles;

/**
 * The live run's decision, taken while holding the input's {@link RunLock}: which generation of this file to
 * resume, report or start, and what to do with runs left unfinished (killed ones, replaced files).
 * <ul>
 * <li>An unfinished run of other content at the same path (the file was replaced): refuse (exit 2), or with
 * {@code --cancel.abandon-unfinished} mark it ABANDONED and go on.</li>
 * <li>The latest generation of this content and base URL: COMPLETED: report it, or with {@code --cancel.new-run}
 * keep its results file as {@code <name>.results.gen<N>.csv} and start generation N+1. Unfinished: resume it
 * (recovering it first if it was killed); {@code --cancel.new-run} refuses unless also abandoning it.</li>
 * <li>A COMPLETED run with lines FAILED for a transient reason (fewer than {@code cancel.max-runs-per-row} times):
 * a retry pass sends only those again. Spring Batch cannot restart a COMPLETED execution, so the pass is a job
 * instance of its own, with an identifying {@link #PASS} parameter (2, 3, ...) and the original instance's id
 * ({@link OutcomeInstance}): it records, reports and counts that instance's lines.</li>
 * </ul>
 */
@Component
public class RunPlanner {

    private static final Logger log = LoggerFactory.getLogger(RunPlanner.class);
    /** Job parameter (not identifying): how the run reads its file. */
    static final String READING = "input.reading";
    /** Identifying job parameter of a retry pass: 2 for the first pass after the run itself, then 3, ... */
    public static final String PASS = "pass";

    /**
     * What to do: start (or restart) with these parameters, or only report an already completed run, kept
     * ({@code completed}) or deleted by {@code cancel.retention} ({@code pruned}, its tombstone).
     */
    public record Plan(JobParameters parameters, JobExecution completed, PrunedRun pruned) {
        Plan(JobParameters parameters, JobExecution completed) {
            this(parameters, completed, null);
        }

        public boolean alreadyCompleted() {
            return completed != null || pruned != null;
        }
    }

    private final InputRuns inputRuns;
    private final PrunedRuns prunedRuns;
    private final JobOperator jobOperator;
    private final OutcomeStore outcomes;
    private final int maxRunsPerRow;

    public RunPlanner(
            InputRuns inputRuns,
            PrunedRuns prunedRuns,
            JobOperator jobOperator,
            OutcomeStore outcomes,
            CallSettings calls) {
        this.inputRuns = inputRuns;
        this.prunedRuns = prunedRuns;
        this.jobOperator = jobOperator;
        this.outcomes = outcomes;
        this.maxRunsPerRow = calls.maxRunsPerRow();
    }

    /**
     * @param reading how this command reads the file ({@link InputSettings#reading()}): an unfinished run is
     *                resumed only with the same, since a line's verdict (invalid, duplicate) must not change
     */
    public Plan plan(JobIdentity identity, Path results, CommandLineFlags flags, RunLock lock, String reading) {
        List<JobExecution> runs = inputRuns.lastExecutions(identity.inputPath());
        handleReplacedContent(identity, runs, flags, lock);

        JobExecution latest = runs.stream()
                .filter(e -> identity.sameContentAndBaseUrl(e.getJobParameters()))
                .max(Comparator.comparingLong((JobExecution e) -> JobIdentity.generationOf(e.getJobParameters()))
                        .thenComparingLong(e -> e.getJobInstance().getInstanceId()))
                .orElse(null);
        // Read after the runs: a run deleted in between (cancel.retention of another start) has its tombstone.
        PrunedRun pruned = prunedRuns.latest(identity).orElse(null);
        if (PrunedRuns.supersedes(pruned, latest)) {
            return planAfterPruned(identity, pruned, results, flags, reading);
        }
        if (latest == null) {
            if (flags.newRun()) {
                log.info("--cancel.new-run: this file has no earlier run against {}; starting it.", identity.baseUrl());
            }
            return start(identity, results, reading);
        }
        long generation = JobIdentity.generationOf(latest.getJobParameters());
        BatchStatus status = latest.getStatus();
        if (status == BatchStatus.COMPLETED) {
            if (!flags.newRun()) {
                refuseOtherReading(
                        latest.getEndTime(), latest.getJobParameters().getString(READING), reading);
                return retryPassOrReport(identity, latest, generation, results, reading);
            }
            keepResults(latest, generation, identity, results);
            log.info(
                    "--cancel.new-run: starting generation {} of this file (generation {} completed {}).",
                    generation + 1,
                    generation,
                    latest.getEndTime());
            return start(identity.withGeneration(generation + 1), results, reading);
        }
        if (status == BatchStatus.ABANDONED) {
            if (!flags.newRun()) {
                throw new InvalidInvocationException("the latest run of this file (generation " + generation
                        + ", started " + latest.getStartTime() + ") was abandoned: give --cancel.new-run=true to "
                        + "start it afresh (every row is sent again)");
            }
            keepResults(latest, generation, identity, results);
            return start(identity.withGeneration(generation + 1), results, reading);
        }
        if (flags.newRun()) {
            if (!flags.abandonUnfinished()) {
                throw new InvalidInvocationException("--cancel.new-run: the run of this file started "
                        + latest.getStartTime() + " is " + status + ", not finished: rerun without --cancel.new-run "
                        + "to resume it, or add --cancel.abandon-unfinished=true to abandon it and start afresh");
            }
            abandon(latest, lock);
            keepResults(latest, generation, identity, results);
            return start(identity.withGeneration(generation + 1), results, reading);
        }
        String readBefore = latest.getJobParameters().getString(READING);
        if (readBefore != null && !readBefore.equals(reading)) {
            if (!flags.abandonUnfinished()) {
                throw new InvalidInvocationException("the unfinished run of this file (started "
                        + latest.getStartTime() + ") read it with " + readBefore + "; this command reads it with "
                        + reading + ": rerun with the same --cancel.csv.*, --cancel.default-note and "
                        + "--cancel.max-note-length, or give --cancel.abandon-unfinished=true to start afresh");
            }
            abandon(latest, lock);
            keepResults(latest, generation, identity, results);
            return start(identity.withGeneration(generation + 1), results, reading);
        }
        if (status.isRunning()) {
            recoverDead(latest, lock);
        } else {
            log.info(
                    "Resuming the {} run of {} (generation {}, started {}).",
                    status,
                    identity.inputPath(),
                    generation,
                    latest.getStartTime());
        }
        return resume(
                identity.asRecordedIn(latest.getJobParameters()).withGeneration(generation), latest, results, reading);
    }

    /**
     * The latest run of this content and base URL was deleted by {@code cancel.retention}: its tombstone answers as
     * the run did (COMPLETED: report it, nothing sent; ABANDONED: only {@code --cancel.new-run} starts afresh). Its
     * lines are gone, so no retry pass: a row it left FAILED stays for the retry file.
     */
    private Plan planAfterPruned(
            JobIdentity identity, PrunedRun pruned, Path results, CommandLineFlags flags, String reading) {
        long generation = pruned.generation();
        if (pruned.status() == BatchStatus.COMPLETED && !flags.newRun()) {
            refuseOtherReading(pruned.ended(), pruned.reading(), reading);
            return new Plan(null, null, pruned);
        }
        if (!flags.newRun()) {
            throw new InvalidInvocationException("the latest run of this file (generation " + generation
                    + ", started " + pruned.started() + ") was abandoned: give --cancel.new-run=true to "
                    + "start it afresh (every row is sent again)");
        }
        keepResults(pruned.results(), generation, identity, results);
        log.info(
                "--cancel.new-run: starting generation {} of this file (generation {} ended {}; deleted by "
                        + "cancel.retention).",
                generation + 1,
                generation,
                pruned.ended());
        return start(identity.withGeneration(generation + 1), results, reading);
    }

    /**
     * A completed run: a retry pass when some of its lines FAILED for a transient reason and may still be retried,
     * else report it (nothing sent; the exit code says whether some line is FAILED).
     */
    private Plan retryPassOrReport(
            JobIdentity identity, JobExecution latest, long generation, Path results, String reading) {
        long outcomesOf = OutcomeInstance.of(latest);
        long retriable = outcomes.retriable(outcomesOf, maxRunsPerRow);
        if (retriable == 0) {
            return new Plan(null, latest);
        }
        Long previous = latest.getJobParameters().getLong(PASS);
        long pass = previous == null ? 2 : previous + 1;
        log.info(
                "The run of this file completed {} with {} row(s) FAILED for a transient reason: retry pass {} "
                        + "sends only those again.",
                latest.getEndTime(),
                retriable,
                pass);
        return new Plan(
                new JobParametersBuilder(identity.asRecordedIn(latest.getJobParameters())
                                .withGeneration(generation)
                                .parameters(results))
                        .addLong(PASS, pass)
                        .addLong(OutcomeInstance.PARAMETER, outcomesOf, false)
                        .addString(READING, reading, false)
                        .toJobParameters(),
                null);
    }

    /** Resuming an unfinished run, or an unfinished retry pass: the same identifying parameters. */
    private static Plan resume(JobIdentity identity, JobExecution latest, Path results, String reading) {
        Plan plan = start(identity, results, reading);
        Long pass = latest.getJobParameters().getLong(PASS);
        if (pass == null) {
            return plan;
        }
        return new Plan(
                new JobParametersBuilder(plan.parameters())
                        .addLong(PASS, pass)
                        .addLong(OutcomeInstance.PARAMETER, OutcomeInstance.of(latest), false)
                        .toJobParameters(),
                null);
    }

    /**
     * A completed run decided each line's INVALID_INPUT and DUPLICATE rows with its reading settings; reporting it
     * to a command that reads the file otherwise (a corrected encoding, say) would answer a question not asked.
     */
    private static void refuseOtherReading(java.time.LocalDateTime completedOn, String readBefore, String reading) {
        if (readBefore != null && !readBefore.equals(reading)) {
            throw new InvalidInvocationException("this file was completed on " + completedOn
                    + " reading it with " + readBefore + "; this command reads it with " + reading
                    + ": give --cancel.new-run=true to run it again with these settings (every sendable row is "
                    + "sent again), or rerun with the earlier settings to see that run's results");
        }
    }

    private void handleReplacedContent(
            JobIdentity identity, List<JobExecution> runs, CommandLineFlags flags, RunLock lock) {
        List<JobExecution> replaced = runs.stream()
                .filter(e -> isUnfinished(e.getStatus()))
                .filter(e -> !identity.inputSha256().equals(e.getJobParameters().getString(JobIdentity.INPUT_SHA256)))
                .toList();
        if (replaced.isEmpty()) {
            return;
        }
        JobExecution first = replaced.get(0);
        if (!flags.abandonUnfinished()) {
            throw new InvalidInvocationException("input " + identity.inputPath() + " has changed since its unfinished "
                    + "run (started " + first.getStartTime() + ", " + first.getStatus() + ", against "
                    + JobIdentity.normalise(first.getJobParameters().getString(JobIdentity.BASE_URL)) + "; "
                    + (replaced.size() > 1 ? replaced.size() + " unfinished runs" : "1 unfinished run")
                    + " of earlier content): put the earlier file back and rerun to finish it, or give "
                    + "--cancel.abandon-unfinished=true to abandon it and start this file");
        }
        for (JobExecution execution : replaced) {
            abandon(execution, lock);
        }
    }

    /** Marks an unfinished run ABANDONED: it can never be resumed. A killed one is recovered first. */
    private void abandon(JobExecution execution, RunLock lock) {
        BatchStatus was = execution.getStatus();
        JobExecution target = execution.getStatus().isRunning() ? recoverDead(execution, lock) : execution;
        try {
            jobOperator.abandon(target);
        } catch (JobExecutionAlreadyRunningException e) {
            throw new BusyException("the unfinished run started " + execution.getStartTime() + " is still running");
        }
        log.warn(
                "--cancel.abandon-unfinished: abandoned the {} run started {} (input SHA-256 {}, generation {}).",
                was,
                execution.getStartTime(),
                execution.getJobParameters().getString(JobIdentity.INPUT_SHA256),
                JobIdentity.generationOf(execution.getJobParameters()));
    }

    /**
     * A run shown as STARTED. We hold the input's lock (or the embedded H2 file) and, on PostgreSQL, its heartbeat
     * has aged, so its process is dead (killed) or can no longer send: mark it so it can be restarted. Without such
     * proof, assume it is alive.
     */
    private JobExecution recoverDead(JobExecution execution, RunLock lock) {
        if (!lock.provesOthersDead()) {
            throw new BusyException("another run of this input is in progress (execution " + execution.getId()
                    + ", started " + execution.getStartTime() + "; " + lock.doubt() + "): try later");
        }
        log.warn("The run started {} ended without finishing (killed?); recovering it.", execution.getStartTime());
        return jobOperator.recover(execution);
    }

    /**
     * Renames a finished generation's results, retry and summary files so the next generation does not overwrite
     * them: reservations.results.csv becomes reservations.results.gen1.csv, with its companions named from it
     * (reservations.results.gen1.summary.json, ...). Every rename is checked before the first one is made
     * ({@link OutputPaths#checkKept}), and all of them before any call.
     */
    private void keepResults(JobExecution execution, long generation, JobIdentity identity, Path results) {
        keepResults(execution.getJobParameters().getString(JobIdentity.RESULTS), generation, identity, results);
    }

    private void keepResults(String recorded, long generation, JobIdentity identity, Path results) {
        if (recorded == null) {
            return;
        }
        ReportFiles files = ReportFiles.of(Path.of(recorded));
        ReportFiles keptFiles = ReportFiles.of(kept(files.results(), generation));
        Map<Path, Path> moves = new LinkedHashMap<>();
        moves.put(files.results(), keptFiles.results());
        moves.put(files.retry(), keptFiles.retry());
        moves.put(files.summary(), keptFiles.summary());
        moves.keySet().removeIf(file -> !Files.exists(file));
        OutputPaths.checkKept(Path.of(identity.inputPath()), moves, ReportFiles.of(results), generation);
        for (Path target : moves.values()) {
            if (Files.exists(target)) {
                throw new InvalidInvocationException("cannot keep generation " + generation + "'s results as " + target
                        + ": that file exists; move it away");
            }
        }
        for (Map.Entry<Path, Path> move : moves.entrySet()) {
            try {
                Files.move(move.getKey(), move.getValue(), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep generation " + generation + "'s " + move.getKey(), e);
            }
        }
        if (!moves.isEmpty()) {
            log.info("Kept generation {}'s results as {}.", generation, keptFiles.results());
        }
    }

    /** Where a finished generation's results file is kept once a later generation started. */
    static Path kept(Path results, long generation) {
        return results.resolveSibling(generationName(results.getFileName().toString(), generation));
    }

    /** reservations.results.csv -> reservations.results.gen1.csv; a name without extension gets .gen1. */
    static String generationName(String fileName, long generation) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0
                ? fileName + ".gen" + generation
                : fileName.substring(0, dot) + ".gen" + generation + fileName.substring(dot);
    }

    private static boolean isUnfinished(BatchStatus status) {
        return status != BatchStatus.COMPLETED && status != BatchStatus.ABANDONED;
    }

    private static Plan start(JobIdentity identity, Path results, String reading) {
        return new Plan(
                new JobParametersBuilder(identity.parameters(results))
                        .addString(READING, reading, false)
                        .toJobParameters(),
                null);
    }
}
