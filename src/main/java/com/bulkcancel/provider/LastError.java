package com.bulkcancel.provider;

/**
 * The last thing that went wrong in a run, for the summary and the history of a run that stopped: the provider's
 * HTTP status and its message (or what described the answer when it had none), or, with no status, an exception's
 * class and message or what the run waited for. The texts come already cleaned from the classifier (provider text)
 * or through the same cleaner (exception messages).
 */
public record LastError(Integer status, String message) {

    /** One line: "HTTP 510 Something Went Wrong", or the message alone. */
    public String describe() {
        return status == null ? String.valueOf(message) : "HTTP " + status + (message == null ? "" : " " + message);
    }

    /**
     * An exception's root class and message, cleaned like provider text (an exception can quote what the provider
     * or the database said): one line, the token redacted, at most 200 characters of message.
     */
    public static LastError of(Throwable failure, ProviderText text) {
        Throwable root = RootCause.of(failure);
        String message = text.excerpt(root.getMessage());
        return new LastError(null, root.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }
}
