package com.bulkcancel.job;

import java.sql.SQLException;

import org.springframework.boot.context.properties.bind.BindException;

import com.bulkcancel.input.TemporaryFilesException;
import com.bulkcancel.input.UnusableInputException;
import com.bulkcancel.launch.InvalidInvocationException;
import com.bulkcancel.provider.RunStoppedException;
import com.bulkcancel.provider.StopSignal;

/** The process exit codes schedulers read, with what the operator should do next. */
public enum ExitCode {
    COMPLETED(0, "completed, no row FAILED"),
    INTERRUPTED(1, "stopped or failed mid-run: rerun the same command to resume"),
    INVALID(2, "fix the command or the input; nothing was cancelled"),
    COMPLETED_WITH_FAILURES(
            3,
            "completed, some rows FAILED: see the results (a later rerun of the same command "
                    + "sends again those that failed for a transient reason; the retry file sends them all)"),
    TOKEN_REFUSED(4, "the provider refused the token: fix it, then rerun the same command to resume"),
    BUSY(5, "another run holds the job database or this input: try later");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** H2's error 90020, DATABASE_ALREADY_OPEN: another process holds the database file. */
    public static final String H2_DATABASE_IN_USE = "90020";

    /**
     * The one mapping from a failure to the exit code it means, whichever layer threw it: the first exception in
     * the cause chain that says something decides; anything else is a run that failed mid-way (1: rerun).
     */
    public static ExitCode of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidInvocationException
                    || t instanceof UnusableInputException
                    || t instanceof BindException
                    || t instanceof TemporaryFilesException) {
                return INVALID;
            }
            if (t instanceof BusyException
                    || (t instanceof SQLException sql && H2_DATABASE_IN_USE.equals(sql.getSQLState()))) {
                return BUSY;
            }
            if (t instanceof RunStoppedException stopped) {
                return of(stopped.reason());
            }
        }
        return INTERRUPTED;
    }

    /** What each reason to stop a run means for the scheduler. */
    public static ExitCode of(StopSignal.Reason reason) {
        return switch (reason) {
            case TOKEN_REFUSED -> TOKEN_REFUSED;
            // Claimed by the brake; RunEnding keeps it only if the outcome table shows nothing was cancelled.
            case WRONG_ENVIRONMENT -> INVALID;
            // The run's first call showed the command is wrong (redirect, unknown route, TLS, unknown host).
            case CONFIGURATION -> INVALID;
            case OUTAGE, UNREACHABLE, SHUTDOWN, RECORD_FAILED, STALLED, LOCK_LOST -> INTERRUPTED;
        };
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
