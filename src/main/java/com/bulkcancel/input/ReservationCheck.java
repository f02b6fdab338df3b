package com.bulkcancel.input;

import java.util.UUID;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;

import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeStore;

/**
 * Validates each record and marks a reservation UUID already seen on an earlier sendable line as DUPLICATE.
 * On a rerun the seen-set is rebuilt from the outcome table, up to the last line of the last committed chunk
 * (later lines are read again, so their own earlier records must not count as "seen").
 */
public class ReservationCheck implements ItemProcessor<InputRecord, CheckedRow>, ItemStream, StepExecutionListener {

    private static final String THROUGH_LINE = "reservationCheck.throughLine";

    private final RowValidator validator;
    private final OutcomeStore outcomes;
    private DuplicateSet seen = new DuplicateSet();
    private long jobInstanceId;
    private long lastLine;

    public ReservationCheck(RowValidator validator, OutcomeStore outcomes) {
        this.validator = validator;
        this.outcomes = outcomes;
    }

    /** A check outside any job (the dry run): one pass over the file, nothing to restore. */
    public ReservationCheck(RowValidator validator) {
        this(validator, null);
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobInstanceId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
    }

    @Override
    public void open(ExecutionContext context) {
        seen = new DuplicateSet();
        lastLine = context.getLong(THROUGH_LINE, 0L);
        if (lastLine > 0) {
            outcomes.forEachSendableLine(jobInstanceId, lastLine, (line, uuid) -> {
                UUID u = UUID.fromString(uuid);
                seen.addIfAbsent(u.getMostSignificantBits(), u.getLeastSignificantBits(), line);
            });
        }
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(THROUGH_LINE, lastLine);
    }

    @Override
    public CheckedRow process(InputRecord record) {
        lastLine = record.line();
        ReservationRow row = validator.validate(record);
        if (!row.sendable()) {
            return new CheckedRow(row.line(), row.reservationUuid(), row.note(), Outcome.INVALID_INPUT,
                    row.invalidReason());
        }
        UUID u = UUID.fromString(row.reservationUuid());
        long first = seen.addIfAbsent(u.getMostSignificantBits(), u.getLeastSignificantBits(), row.line());
        if (first != 0) {
            return new CheckedRow(row.line(), row.reservationUuid(), row.note(), Outcome.DUPLICATE,
                    "same reservation UUID as line " + first);
        }
        return new CheckedRow(row.line(), row.reservationUuid(), row.note(), null, null);
    }
}
