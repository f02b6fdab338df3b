package com.bulkcancel.provider;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import com.bulkcancel.input.CheckedRow;
import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeRecorder;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.outcomes.RowOutcome;

/**
 * The cancel step's writer: sends the chunk's calls concurrently and records every line's outcome durably,
 * outside the chunk transaction. Lines are classified here, one by one; an exception only ever leaves this
 * writer to stop the run, never to have Spring Batch retry or skip the chunk, which would re-send lines that
 * already succeeded.
 *
 * <p>On a replayed chunk (a rerun after a failure) a line that already has a provider answer is not sent again;
 * a FAILED one is tried again; one left IN_FLIGHT by a crash is sent again and its ALREADY_FINAL answer says
 * the interrupted run may have cancelled it.
 */
public class CancelWriter implements ItemWriter<CheckedRow>, StepExecutionListener {

    private final OutcomeStore store;
    private final CancelDispatchers dispatchers;
    private final StopSignal stop;
    private final Clock clock;
    private long jobInstanceId;
    private OutcomeRecorder recorder;
    private CancelDispatcher dispatcher;

    public CancelWriter(OutcomeStore store, CancelDispatchers dispatchers, StopSignal stop, Clock clock) {
        this.store = store;
        this.dispatchers = dispatchers;
        this.stop = stop;
        this.clock = clock;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobInstanceId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        recorder = new OutcomeRecorder(store, jobInstanceId);
        dispatcher = dispatchers.open(recorder, stop);
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
        Map<Long, RowOutcome> known = store.findLines(jobInstanceId, rows.get(0).line(), rows.get(rows.size() - 1).line());
        List<RowOutcome> inserts = new ArrayList<>();
        List<RowOutcome> markers = new ArrayList<>();
        List<CheckedRow> toSend = new ArrayList<>();
        for (CheckedRow row : rows) {
            RowOutcome prior = known.get(row.line());
            if (prior != null && (prior.outcome().isProviderAnswer() || prior.outcome().isDecidedFromInput())) {
                continue; // answered in an earlier run: keep the true outcome, never send twice
            }
            if (!row.sendable()) {
                inserts.add(RowOutcome.decidedFromInput(row.line(), row.verdict() == Outcome.DUPLICATE ? row.reservationUuid() : null,
                        row.verdict(), row.reason(), clock.instant()));
                continue;
            }
            RowOutcome marker = inFlight(row, prior);
            (prior == null ? inserts : markers).add(marker);
            toSend.add(row);
        }
        // Marks the lines as possibly in flight before any is sent, so a crash leaves a trace a rerun reports.
        recorder.insert(inserts).join();
        if (!markers.isEmpty()) {
            recorder.update(markers).join();
        }

        List<CompletableFuture<CallResult>> calls = new ArrayList<>(toSend.size());
        for (CheckedRow row : toSend) {
            calls.add(dispatcher.dispatch(row.line(), row.reservationUuid(), row.note(), known.get(row.line())));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();

        restoreUnsent(calls, known);
        for (CompletableFuture<CallResult> call : calls) {
            call.join(); // rethrows a failure to record an outcome: the run cannot go on without its records
        }
        stopIfRaised();
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

    private RowOutcome inFlight(CheckedRow row, RowOutcome prior) {
        if (prior == null) {
            return RowOutcome.inFlight(row.line(), row.reservationUuid());
        }
        // An earlier IN_FLIGHT marker means a run died with this call possibly sent.
        boolean unclear = prior.unclear() || prior.outcome() == Outcome.IN_FLIGHT;
        return new RowOutcome(row.line(), row.reservationUuid(), Outcome.IN_FLIGHT, prior.httpStatus(),
                prior.apiMessage(), prior.attempts(), unclear, prior.finishedAt(), prior.detail());
    }

    /** Lines the stopping run never sent go back to what earlier runs recorded (or to nothing). */
    private void restoreUnsent(List<CompletableFuture<CallResult>> calls, Map<Long, RowOutcome> known) {
        List<Long> forget = new ArrayList<>();
        List<RowOutcome> restore = new ArrayList<>();
        for (CompletableFuture<CallResult> call : calls) {
            CallResult result = call.isCompletedExceptionally() ? null : call.join();
            if (result != null && !result.sent()) {
                RowOutcome prior = known.get(result.line());
                if (prior == null) {
                    forget.add(result.line());
                } else {
                    restore.add(prior);
                }
            }
        }
        if (!forget.isEmpty()) {
            recorder.delete(forget).join();
        }
        if (!restore.isEmpty()) {
            recorder.update(restore).join();
        }
    }
}
