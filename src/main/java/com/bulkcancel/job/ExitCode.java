package com.bulkcancel.job;

/** The process exit codes schedulers read, with what the operator should do next. */
public enum ExitCode {
    COMPLETED(0, "completed, no row FAILED"),
    INTERRUPTED(1, "stopped or failed mid-run: rerun the same command to resume"),
    INVALID(2, "fix the command or the input; nothing was cancelled"),
    COMPLETED_WITH_FAILURES(3, "completed, some rows FAILED: see the results (a later rerun with the retry file sends them again)"),
    TOKEN_REFUSED(4, "the provider refused the token: fix it, then rerun the same command to resume"),
    BUSY(5, "another run holds the job database or this input: try later");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
