package com.bulkcancel.provider;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * <p>If nothing moves for {@code cancel.stall-timeout} while calls of the chunk are unfinished, the run stops
 * (STALLED). The writer then waits a few seconds more for what can still end, and no longer: the stuck lines
 * stay without an outcome and the chunk stays recorded as dispatched, exactly as after a killed run, so a rerun
 * sends them again and says the provider may have acted on this run's call.
 */
public class CancelWriter implements ItemWriter<CheckedRow>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(CancelWriter.class);
    /** After a stall: time for lines that can still end (queued ones giving up, retries ending FAILED). */
    private static final Duration AFTER_STALL = Duration.ofSeconds(5);

    private final OutcomeStore store;
    private final CancelDispatchers dispatchers;
    private final StopSignal stop;
    private final Clock clock;
    private final int maxRunsPerRow;
    private long jobInstanceId;
    private OutcomeRecorder recorder;
    private CancelDispatcher dispatcher;

    /** @param maxRunsPerRow {@code cancel.max-runs-per-row}: a line FAILED in that many runs is not sent again */
    public CancelWriter(OutcomeStore store, CancelDispatchers dispatchers, StopSignal stop, Clock clock,
                        int maxRunsPerRow) {
        this.maxRunsPerRow = maxRunsPerRow;
        this.store = store;
        this.dispatchers = dispatchers;
        this.stop = stop;
        this.clock = clock;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobInstanceId = OutcomeInstance.of(stepExecution.getJobExecution());
        recorder = new OutcomeRecorder(store, jobInstanceId);
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
            if (row.sendable()) {
                toSend.add(row);
            } else {
                decided.add(RowOutcome.decidedFromInput(row.line(),
                        row.verdict() == Outcome.DUPLICATE ? row.reservationUuid() : null, row.verdict(), row.reason(),
                        clock.instant()));
            }
        }
        if (decided.isEmpty() && toSend.isEmpty()) {
            if (killedRunSentSome) {
                store.closeChunk(jobInstanceId, last); // every line of a range a killed run left is decided now
            }
            return; // a chunk that an earlier run finished, read again by a resumed run or a retry pass
        }
        store.openChunk(jobInstanceId, decided, first, last);

        List<CompletableFuture<RowOutcome>> calls = new ArrayList<>(toSend.size());
        for (CheckedRow row : toSend) {
            calls.add(dispatcher.dispatch(row.line(), row.reservationUuid(), row.note(), known.get(row.line()),
                    killedRunSentSome));
        }
        if (!awaitAll(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).exceptionally(e -> null))) {
            stopIfRaised(); // some calls are stuck: the chunk stays dispatched, their lines without an outcome
        }
        for (CompletableFuture<RowOutcome> call : calls) {
            call.join(); // rethrows a failure to record an outcome: the run cannot go on without its records
        }
        // Every call sent is answered and recorded; a line never sent (the run is stopping) has no record.
        store.closeChunk(jobInstanceId, last);
        stopIfRaised();
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
                        log.error("Nothing moved for cancel.stall-timeout: no call started or finished and no outcome "
                                + "was recorded; waiting for {}. Stopping; rerun the same command to resume (a line "
                                + "without a recorded answer is sent again; an 'already completed' answer then says this "
                                + "run may have cancelled it).", waitingFor);
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
            throw new JobInterruptedException("stopped on request (SIGTERM or Ctrl-C); rerun the same command to resume");
        }
        throw new RunStoppedException(stop.reason());
    }
}
