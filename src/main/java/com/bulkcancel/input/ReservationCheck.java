package com.bulkcancel.input;

import java.util.UUID;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;

import com.bulkcancel.outcomes.Outcome;

/**
 * Validates each record and marks a reservation UUID already seen on an earlier sendable line as DUPLICATE.
 * Every run, a resumed one and a retry pass too, reads the file from its first line (the writer skips the lines
 * already decided), so the seen-set is built afresh each time and judges a line as the first run did.
 */
public class ReservationCheck implements ItemProcessor<InputRecord, CheckedRow>, ItemStream {

    private final RowValidator validator;
    private DuplicateSet seen = new DuplicateSet();

    public ReservationCheck(RowValidator validator) {
        this.validator = validator;
    }

    @Override
    public void open(ExecutionContext context) {
        seen = new DuplicateSet();
    }

    @Override
    public CheckedRow process(InputRecord record) {
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
