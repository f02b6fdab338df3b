package com.bulkcancel.launch;

/** The command cannot run as given (exit 2). The message is the one line the operator sees. */
public class InvalidInvocationException extends RuntimeException {
    public InvalidInvocationException(String message) {
        super(message);
    }
}
