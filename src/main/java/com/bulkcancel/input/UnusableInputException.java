package com.bulkcancel.input;

/** The file as a whole cannot be used; the message is one line for the operator and names the file. */
public class UnusableInputException extends RuntimeException {

    public UnusableInputException(String message) {
        super(message);
    }

    public UnusableInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
