package com.bulkcancel.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import com.bulkcancel.input.CheckedRow;
import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeInstance;
import com.bulkcancel.outcomes.OutcomeRecorder;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.outcomes.ReservationLedger;
import com.bulkcancel.outcomes.RowOutcome;

/**
 * The cancel step's writer: sends the chunk's calls concurrently and records every line's outcome durably,
 * outside the chunk transaction. Lines are classified here, one by one; an exception only ever leaves this
 * writer to stop the run, never to have Spring Batch retry or skip the chunk, which would re-send lines that
 * already succeeded.
 *
 * <p>Before a chunk's first call its line range is recorded as dispatched, and forgotten once every call is
 * answered and recorded: one write per chunk, so a killed run leaves a trace without a write per line. A rerun
 * (a resumed run or a retry pass) reads the file from its first line: a line that already has a provider answer is
 * not sent again; a FAILED one is tried again if it failed for a transient reason, in fewer than
 * {@code cancel.max-runs-per-row} runs ({@link RowOutcome#retriedBy}); one without a recorded answer in a range a
 * killed run left dispatched is sent again, and an ALREADY_FINAL answer then says the interrupted run may have
 * cancelled it.
 *
 * <p>One ledger per environment ({@link ReservationLedger}): before the calls, the chunk's sendable reservations are
 * claimed in one step. One that another run against the same base URL recorded CANCELLED is not sent
 * (CANCELLED_EARLIER); one another live run holds waits up to {@link #LEDGER_WAIT} for that run's answer, then
 * ends FAILED for a transient reason ("in flight in run N"), so a rerun tries it again. After the outcomes are
 * recorded, a CANCELLED reservation's entry is settled (it names this run, its file and the time), any other's is
 * released.
 *
 * <p>If nothing moves for {@code cancel.stall-timeout} while calls of the chunk are unfinished, the run stops
 * (STALLED). The writer then waits a few seconds more for what can still end, and no longer: the stuck lines
 * stay without an outcome and the chunk stays recorded as dispatched, exactly as after a killed run, so a rerun
 * sends them again and says the provider may have acted on this run's call.
 */
public class CancelWriter implements ItemWriter<CheckedRow>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(CancelWriter.class);
    /** After a stall: time for lines that can still end (queued ones giving up, retries ending FAILED). */
    private static final Duration AFTER_STALL = Duration.ofSeconds(5);
    /** How long a row whose reservation another live run holds waits for that run's answer. */
    static final Duration LEDGER_WAIT = Duration.ofSeconds(5);

    private static final Duration LEDGER_POLL = Duration.ofMillis(200);

    private final OutcomeStore store;
    private final CancelDispatcherFactory dispatchers;
    private final StopSignal stop;
    private final Clock clock;
    private final int maxRunsPerRow;
    private final ReservationLedger ledger;
    private final ReservationLedger.Liveness liveness;
    private final Duration deadAfter;
    private final Function<StepExecution, ReservationLedger.Claimant> claimantOf;
    private ReservationLedger.Claimant claimant;
    private long jobInstanceId;
    private OutcomeRecorder recorder;
    private CancelDispatcher dispatcher;

    /** @param maxRunsPerRow {@code cancel.max-runs-per-row}: a line FAILED in that many runs is not sent again */
    public CancelWriter(
            OutcomeStore store,
            CancelDispatcherFactory dispatchers,
            StopSignal stop,
            Clock clock,
            int maxRunsPerRow,
            ReservationLedger ledger,
            ReservationLedger.Liveness liveness,
            Duration deadAfter,
            Function<StepExecution, ReservationLedger.Claimant> claimantOf) {
        this.claimantOf = claimantOf;
        this.maxRunsPerRow = maxRunsPerRow;
        this.ledger = ledger;
        this.liveness = liveness;
        this.deadAfter = deadAfter;
        this.store = store;
        this.dispatchers = dispatchers;
        this.stop = stop;
        this.clock = clock;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobInstanceId = OutcomeInstance.of(stepExecution.getJobExecution());
        recorder = new OutcomeRecorder(store, jobInstanceId);
        claimant = claimantOf.apply(stepExecution);
        int released = ledger.releaseDead(claimant, liveness, deadAfter);
        if (released > 0) {
            log.info("Released {} reservation claim(s) left by runs that ended without finishing (killed?).", released);
        }
        // Derived from the record, not kept as state: once this base URL answered anything but NOT_FOUND for the
        // file (also in a run the brake stopped), a resumed run has no wrong environment to fear.
        dispatcher = dispatchers.open(recorder, stop, store.hasAnswerOtherThanNotFound(jobInstanceId));
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        dispatcher.close();
        recorder.close();
        return null;
    }

    @Override
    public void write(Chunk<? extends CheckedRow> chunk) throws Exception {
        stopIfRaised(); // raised while the step was reading this chunk: send none of it
        List<? extends CheckedRow> rows = chunk.getItems();
        if (rows.isEmpty()) {
            return;
        }
        long first = rows.get(0).line();
        long last = rows.get(rows.size() - 1).line();
        Map<Long, RowOutcome> known = store.findLines(jobInstanceId, first, last);
        boolean killedRunSentSome = store.wasDispatched(jobInstanceId, first, last);
        List<RowOutcome> decided = new ArrayList<>();
        List<CheckedRow> toSend = new ArrayList<>();
        for (CheckedRow row : rows) {
            RowOutcome prior = known.get(row.line());
            if (prior != null && !prior.retriedBy(maxRunsPerRow)) {
                // Answered in an earlier run: keep the true outcome, never send twice. So is a FAILED line from an
                // undocumented answer (for a person), or one that ended FAILED in cancel.max-runs-per-row runs.
                continue;
            }
            if (row instanceof CheckedRow.Refused refused) {
                decided.add(RowOutcome.decidedFromInput(
                        row.line(),
                        refused.outcome() == Outcome.DUPLICATE ? row.reservationUuid() : null,
                        refused.outcome(),
                        refused.reason(),
                        clock.instant()));
            } else {
                toSend.add(row);
            }
        }
        List<RowOutcome> ledgerDecided = new ArrayList<>();
        if (!toSend.isEmpty()) {
            toSend = claim(toSend, known, decided, ledgerDecided);
        }
        if (decided.isEmpty() && ledgerDecided.isEmpty() && toSend.isEmpty()) {
            if (killedRunSentSome) {
                store.closeChunk(jobInstanceId, last); // every line of a range a killed run left is decided now
            }
            return; // a chunk that an earlier run finished, read again by a resumed run or a retry pass
        }
        store.openChunk(jobInstanceId, decided, ledgerDecided, first, last);

        List<CompletableFuture<RowOutcome>> calls = new ArrayList<>(toSend.size());
        for (CheckedRow row : toSend) {
            calls.add(dispatcher.dispatch(
                    row.line(), row.reservationUuid(), row.note(), known.get(row.line()), killedRunSentSome));
        }
        if (!awaitAll(
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).exceptionally(e -> null))) {
            stopIfRaised(); // some calls are stuck: the chunk stays dispatched, their lines without an outcome
        }
        Map<String, Long> cancelled = new LinkedHashMap<>();
        List<String> released = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            RowOutcome outcome = calls.get(i).join(); // rethrows a failure to record an outcome: the run cannot go on
            if (outcome != null && outcome.outcome() == Outcome.CANCELLED) {
                cancelled.put(toSend.get(i).reservationUuid(), toSend.get(i).line());
            } else {
                released.add(toSend.get(i).reservationUuid());
            }
        }
        // Every call sent is answered and recorded; a line never sent (the run is stopping) has no record.
        store.closeChunk(jobInstanceId, last);
        if (!toSend.isEmpty()) {
            ledger.settle(claimant, cancelled, released, exclusive(), clock.instant());
        }
        stopIfRaised();
    }

    /** No other run can be live: an embedded H2 file opens in one process at a time. */
    private boolean exclusive() {
        return liveness == ReservationLedger.Liveness.EMBEDDED;
    }

    /**
     * Claims the rows' reservations in the ledger (one batched step; again every {@link #LEDGER_POLL} while another
     * live run holds some, up to {@link #LEDGER_WAIT}). Adds CANCELLED_EARLIER and "in flight" FAILED outcomes to
     * {@code decided} (new lines) or {@code ledgerDecided} (lines with an earlier outcome).
     *
     * @return the rows this run may send
     */
    private List<CheckedRow> claim(
            List<CheckedRow> rows,
            Map<Long, RowOutcome> known,
            List<RowOutcome> decided,
            List<RowOutcome> ledgerDecided)
            throws InterruptedException {
        Map<String, CheckedRow> waiting = new LinkedHashMap<>();
        rows.forEach(row -> waiting.put(row.reservationUuid(), row));
        Map<String, ReservationLedger.Entry> cancelledEarlier = new HashMap<>();
        Map<String, ReservationLedger.Entry> held = new HashMap<>();
        java.util.Set<String> mine = new java.util.HashSet<>();
        long giveUpAt = System.nanoTime() + LEDGER_WAIT.toNanos();
        while (true) {
            Map<String, Long> lines = new LinkedHashMap<>();
            waiting.values().forEach(row -> lines.put(row.reservationUuid(), row.line()));
            ReservationLedger.Claims claims = ledger.claim(claimant, lines, clock.instant(), exclusive());
            mine.addAll(claims.mine());
            cancelledEarlier.putAll(claims.cancelledEarlier());
            held = claims.heldByOthers();
            waiting.keySet().retainAll(held.keySet());
            if (waiting.isEmpty() || stop.isRaised() || System.nanoTime() - giveUpAt > 0) {
                break;
            }
            Thread.sleep(LEDGER_POLL.toMillis());
            ledger.releaseDead(claimant, liveness, deadAfter);
        }
        List<CheckedRow> toSend = new ArrayList<>(rows.size());
        Instant now = clock.instant();
        for (CheckedRow row : rows) {
            RowOutcome prior = known.get(row.line());
            ReservationLedger.Entry earlier = cancelledEarlier.get(row.reservationUuid());
            ReservationLedger.Entry holder = held.get(row.reservationUuid());
            RowOutcome outcome;
            if (mine.contains(row.reservationUuid()) && earlier == null) {
                toSend.add(row);
                continue;
            } else if (earlier != null) {
                outcome = new RowOutcome(
                        row.line(),
                        row.reservationUuid(),
                        Outcome.CANCELLED_EARLIER,
                        null,
                        null,
                        prior == null ? 0 : prior.attempts(),
                        prior != null && prior.unclear(),
                        now,
                        "not sent: cancelled earlier by run " + earlier.jobInstanceId() + " (execution "
                                + earlier.jobExecutionId() + ") of " + earlier.inputPath() + ", line " + earlier.line()
                                + ", at " + earlier.changedAt(),
                        false,
                        prior == null ? 0 : prior.failedRuns());
            } else if (holder != null && !stop.isRaised()) {
                int failedRuns = (prior == null ? 0 : prior.failedRuns()) + 1;
                outcome = new RowOutcome(
                        row.line(),
                        row.reservationUuid(),
                        Outcome.FAILED,
                        null,
                        null,
                        prior == null ? 0 : prior.attempts(),
                        prior != null && prior.unclear(),
                        now,
                        "not sent: in flight in run " + holder.jobInstanceId() + " (execution "
                                + holder.jobExecutionId() + ", " + holder.inputPath() + ") for more than "
                                + LEDGER_WAIT.toSeconds() + " s; a rerun sends it again unless that run cancelled it",
                        true,
                        failedRuns);
            } else {
                continue; // the run is stopping before this row was claimed: never sent, no record
            }
            (prior == null ? decided : ledgerDecided).add(outcome);
        }
        return toSend;
    }

    /**
     * Waits for the chunk's calls; once the run is stopping, lines waiting to retry give up at once. If nothing
     * moved for {@code cancel.stall-timeout}, raises the stop and gives up waiting {@link #AFTER_STALL} later.
     *
     * @return whether every call ended (false: the run stalled, the stop is raised)
     */
    private boolean awaitAll(CompletableFuture<Void> all) throws InterruptedException {
        boolean stalled = false;
        long giveUpAt = 0;
        while (true) {
            try {
                all.get(100, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException stillRunning) {
                if (!stalled) {
                    String waitingFor = dispatcher.stalled();
                    if (waitingFor != null) {
                        stalled = true;
                        stop.raise(StopSignal.Reason.STALLED);
                        dispatcher.noteStall(waitingFor);
                        log.error(
                                "Nothing moved for cancel.stall-timeout: no call started or finished and no outcome "
                                        + "was recorded; waiting for {}. Stopping; rerun the same command to resume (a line "
                                        + "without a recorded answer is sent again; an 'already completed' answer then says this "
                                        + "run may have cancelled it).",
                                waitingFor);
                        giveUpAt = System.nanoTime() + AFTER_STALL.toNanos();
                    }
                } else if (System.nanoTime() - giveUpAt > 0) {
                    return false;
                }
                if (stop.isRaised()) {
                    dispatcher.retryWaitingLinesNow();
                }
            } catch (ExecutionException cannotHappen) {
                return true; // failures are mapped to null above and rethrown per call by the caller
            }
        }
    }

    /**
     * Ends the step once no call of this chunk is in flight any more and every outcome is recorded. A shutdown
     * (SIGTERM) throws Spring Batch's own {@link JobInterruptedException}, unwrapped, so the step and the run end
     * STOPPED; the other reasons end them FAILED. The chunk transaction rolls back either way, so a rerun reads
     * the chunk again and sends only the lines without a recorded answer.
     */
    private void stopIfRaised() throws JobInterruptedException {
        if (!stop.isRaised()) {
            return;
        }
        if (stop.reason() == StopSignal.Reason.SHUTDOWN) {
            throw new JobInterruptedException(
                    "stopped on request (SIGTERM or Ctrl-C); rerun the same command to resume");
        }
        throw new RunStoppedException(stop.reason());
    }
}
