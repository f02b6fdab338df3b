package com.bulkcancel.input;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;

import com.bulkcancel.outcomes.Outcome;

/**
 * Validates each record and marks a reservation UUID already seen on an earlier sendable line as DUPLICATE. The
 * duplicate lines are found exactly by the pass over the file before the run ({@link InputSurvey}), which hands
 * them over through {@link #use}; this keeps no per-UUID state, so its heap does not grow with the file.
 */
public class ReservationCheck implements ItemProcessor<InputRecord, CheckedRow>, ItemStream {

    private final RowValidator validator;
    private volatile DuplicateLines duplicates = DuplicateLines.NONE;

    public ReservationCheck(RowValidator validator) {
        this.validator = validator;
    }

    /** The duplicates of the file the next run reads, found by its pass before the run. */
    public void use(DuplicateLines found) {
        this.duplicates = found;
    }

    @Override
    public void open(ExecutionContext context) {
        // nothing to reset: the duplicate lines belong to the file, not to the run
    }

    @Override
    public CheckedRow process(InputRecord record) {
        CheckedRow row = validator.validate(record);
        long first = row.sendable() ? duplicates.firstOf(row.line()) : 0;
        if (first != 0) {
            return new CheckedRow.Refused(
                    row.line(),
                    row.reservationUuid(),
                    row.note(),
                    Outcome.DUPLICATE,
                    "same reservation UUID as line " + first);
        }
        return row;
    }
}
