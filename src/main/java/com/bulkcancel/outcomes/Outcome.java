package com.bulkcancel.outcomes;

/** What happened to one input line. */
public enum Outcome {
    /** 202: the provider cancelled the reservation. */
    CANCELLED,
    /** 404 orderNotFound. */
    NOT_FOUND,
    /** 417 payloadValidationErrors: the provider refused the note. */
    REJECTED,
    /** 400 reservationStatusAlreadyCompleted: already COMPLETED or CANCELLED. */
    ALREADY_FINAL,
    /** 400 prerequisiteFailedToCancelReservation: expired, or not in a cancellable state. */
    NOT_CANCELLABLE,
    /**
     * No usable answer: retries exhausted, or an undocumented answer. A rerun tries the first kind again (up to
     * {@code cancel.max-runs-per-row} runs), never the second ({@link RowOutcome#retryable()}).
     */
    FAILED,
    /**
     * Never sent: another run against the same base URL (another file, a copy at another path) recorded this
     * reservation CANCELLED ({@link ReservationLedger}); {@code detail} names that run, its file and the time. Done.
     */
    CANCELLED_EARLIER,
    /** Never sent: the line is not a valid request. */
    INVALID_INPUT,
    /** Never sent: an earlier line has the same reservation UUID. */
    DUPLICATE,
    /** Dry run only: the line is valid and would be sent. Never stored in the outcome table. */
    WOULD_CANCEL,
    /**
     * Results of an unfinished run only: no final outcome yet (not sent yet, or sent by a killed run without a
     * recorded answer). Never stored in the outcome table; never in the retry file.
     */
    PENDING;

    /** A final answer from the provider: a rerun must not send the line again. */
    public boolean isProviderAnswer() {
        return switch (this) {
            case CANCELLED, NOT_FOUND, REJECTED, ALREADY_FINAL, NOT_CANCELLABLE -> true;
            default -> false;
        };
    }

    /** Decided from the file alone, before any call. */
    public boolean isDecidedFromInput() {
        return this == INVALID_INPUT || this == DUPLICATE;
    }

    /** Decided without a call: from the file, or from the environment's ledger. */
    public boolean isNeverSent() {
        return isDecidedFromInput() || this == CANCELLED_EARLIER;
    }

    /** The outcomes a results file can show. */
    public static Outcome[] reported() {
        return new Outcome[] {
            CANCELLED,
            NOT_FOUND,
            REJECTED,
            ALREADY_FINAL,
            NOT_CANCELLABLE,
            FAILED,
            CANCELLED_EARLIER,
            INVALID_INPUT,
            DUPLICATE
        };
    }
}
