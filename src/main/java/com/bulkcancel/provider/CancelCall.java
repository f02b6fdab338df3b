package com.bulkcancel.provider;

import java.util.concurrent.CompletableFuture;

import com.bulkcancel.outcomes.RowOutcome;

/**
 * One line's cancel call across its attempts in this run. {@code prior} is what earlier runs recorded for the
 * line (null if nothing): its attempts count on, and an unclear earlier attempt qualifies an ALREADY_FINAL.
 * {@code sentByKilledRun}: a run was killed while this line's call was possibly in flight.
 */
final class CancelCall {

    final long line;
    final String reservationUuid;
    final String note;
    final RowOutcome prior;
    final boolean sentByKilledRun;
    final CompletableFuture<RowOutcome> result = new CompletableFuture<>();
    int attemptsThisRun;
    boolean unclearThisRun;
    String lastProblem;
    Integer lastStatus;
    String lastMessage;
    java.time.Duration lastRetryAfter;
    /** The run's first row: it goes alone, and what it gets may show the command is wrong. */
    volatile boolean first;
    /** The last attempt's answer, or the failure that left it without one. */
    ProviderAnswer lastAnswer;

    java.io.IOException lastFailure;
    /** The last attempt reached the server; {@code sentThisRun} counts those that did. */
    boolean lastReached;

    int sentThisRun;
    /** What the line waits for now: named when the run stalls. */
    volatile String waitingFor = "a free worker";

    CancelCall(long line, String reservationUuid, String note, RowOutcome prior, boolean sentByKilledRun) {
        this.line = line;
        this.reservationUuid = reservationUuid;
        this.note = note;
        this.prior = prior;
        this.sentByKilledRun = sentByKilledRun;
    }

    int attempts() {
        return (prior == null ? 0 : prior.attempts()) + attemptsThisRun;
    }

    /** Some attempt, in this run or an earlier one (also a killed one), may have reached the provider unanswered. */
    boolean unclear() {
        return unclearThisRun || sentByKilledRun || (prior != null && prior.unclear());
    }
}
