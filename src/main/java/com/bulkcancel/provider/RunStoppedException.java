package com.bulkcancel.provider;

/** Thrown by the cancel writer to end the run once the stop signal was raised and in-flight calls finished. */
public class RunStoppedException extends RuntimeException {

    private final StopSignal.Reason reason;

    public RunStoppedException(StopSignal.Reason reason) {
        super(
                switch (reason) {
                    case TOKEN_REFUSED -> "Frontpayment refused the token";
                    case OUTAGE -> "too many consecutive rows FAILED: the provider looks down";
                    case SHUTDOWN -> "stopped on request";
                    case RECORD_FAILED -> "an outcome could not be recorded in the job database";
                    case WRONG_ENVIRONMENT ->
                        "the first rows sent were all unknown to the provider: wrong environment?";
                    case STALLED -> "nothing moved for cancel.stall-timeout";
                    case LOCK_LOST -> "lost this input's run lock in the job database";
                    case CONFIGURATION -> "the run's first call showed the command is wrong";
                    case UNREACHABLE -> "the run's first call could not connect to the provider";
                });
        this.reason = reason;
    }

    public StopSignal.Reason reason() {
        return reason;
    }
}
