package com.bulkcancel.provider;

import java.util.concurrent.CompletableFuture;

import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.RowOutcome;

/**
 * One line's cancel call across its attempts in this run. {@code prior} is what earlier runs recorded for the
 * line (null if nothing): its attempts count on, and an unclear earlier attempt qualifies an ALREADY_FINAL.
 */
final class CancelCall {

    final long line;
    final String reservationUuid;
    final String note;
    final RowOutcome prior;
    final CompletableFuture<CallResult> result = new CompletableFuture<>();
    int attemptsThisRun;
    boolean unclearThisRun;
    String lastProblem;
    Integer lastStatus;
    String lastMessage;
    java.time.Duration lastRetryAfter;

    CancelCall(long line, String reservationUuid, String note, RowOutcome prior) {
        this.line = line;
        this.reservationUuid = reservationUuid;
        this.note = note;
        this.prior = prior;
    }

    int attempts() {
        return (prior == null ? 0 : prior.attempts()) + attemptsThisRun;
    }

    /**
     * Some attempt, in this run or an interrupted earlier one, may have reached the provider unanswered. A line
     * an earlier run left IN_FLIGHT (killed with the call possibly sent) counts as such an attempt.
     */
    boolean unclear() {
        return unclearThisRun
                || (prior != null && (prior.unclear() || prior.outcome() == Outcome.IN_FLIGHT));
    }
}
