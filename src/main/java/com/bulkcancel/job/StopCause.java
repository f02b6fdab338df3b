package com.bulkcancel.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.bulkcancel.provider.LastError;
import com.bulkcancel.provider.RunStoppedException;
import com.bulkcancel.provider.StopSignal;

/**
 * Why a run ended before its end, in the words the console, the summary and the history share: a stable lowercase
 * key ({@code stop_reason}: a {@link StopSignal.Reason} in lower case, {@code input_changed} or {@code failed}),
 * what happened, the run's last error (null if none) and what to do next. The job execution keeps it as its exit
 * description ({@link #exitDescription()}), so {@code --cancel.history} shows it for every stopped run.
 */
public record StopCause(String reason, String what, LastError lastError, String next) {

    private static final String PREFIX = "stop_reason=";
    private static final String PARTS = " | ";
    private static final String LAST_ERROR = "last error: ";
    /** BATCH_JOB_EXECUTION.EXIT_MESSAGE holds 2500 characters. */
    private static final int MAX_DESCRIPTION = 2400;

    /** A stop the run raised itself; what happened in the words of the writer's {@link RunStoppedException}. */
    static StopCause of(StopSignal.Reason reason, LastError lastError) {
        return new StopCause(
                reason.name().toLowerCase(Locale.ROOT),
                new RunStoppedException(reason).getMessage(),
                lastError,
                next(reason));
    }

    private static String next(StopSignal.Reason reason) {
        return switch (reason) {
            case TOKEN_REFUSED ->
                "fix the token (FRONTPAYMENT_TOKEN or --frontpayment.token-file), then rerun the "
                        + "same command to resume";
            case OUTAGE -> "rerun the same command to resume once the provider answers again";
            case RECORD_FAILED -> "rerun the same command to resume once the job database is healthy";
            case WRONG_ENVIRONMENT ->
                "check --frontpayment.base-url (demo or production): rerun with the right one, "
                        + "or confirm it with --cancel.sanity-window=0 to resume as is";
            case STALLED -> "rerun the same command to resume (a line without a recorded answer is sent again)";
            case SHUTDOWN -> "rerun the same command to resume; " + ResultsReport.REPORT_HINT;
            default -> "rerun the same command to resume";
        };
    }

    /** The job execution's exit description: one line, the key first so the history can tell it apart. */
    String exitDescription() {
        StringBuilder d = new StringBuilder(PREFIX).append(reason).append(PARTS).append(what);
        if (lastError != null) {
            d.append(PARTS).append(LAST_ERROR).append(lastError.describe());
        }
        d.append(PARTS).append("next: ").append(next);
        String line = d.toString().replaceAll("\\s+", " ");
        return line.length() <= MAX_DESCRIPTION ? line : line.substring(0, MAX_DESCRIPTION) + "…";
    }

    /**
     * The history's lines for an exit description this class wrote ("outage: what", "last error: ...",
     * "next: ..."); none for any other (a completed run, or a run of an older version).
     */
    static List<String> historyLines(String exitDescription) {
        List<String> lines = new ArrayList<>();
        if (exitDescription == null || !exitDescription.startsWith(PREFIX)) {
            return lines;
        }
        String[] parts = exitDescription.substring(PREFIX.length()).split(" \\| ");
        lines.add(parts[0] + (parts.length > 1 ? ": " + parts[1] : ""));
        for (int i = 2; i < parts.length; i++) {
            lines.add(parts[i]);
        }
        return lines;
    }
}
