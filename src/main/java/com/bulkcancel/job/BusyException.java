package com.bulkcancel.job;

/** Another run holds the job database or this input (exit 5). The message is the one line the operator sees. */
public class BusyException extends RuntimeException {
    public BusyException(String message) {
        super(message);
    }
}
