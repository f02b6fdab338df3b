package com.bulkcancel.provider;

/**
 * The last thing that went wrong in a run, for the summary and the history of a run that stopped: the provider's
 * HTTP status and its message (or what described the answer when it had none), or, with no status, an exception's
 * class and message or what the run waited for. The texts come already cleaned from the classifier (provider text)
 * or flattened and cut (exception messages).
 */
public record LastError(Integer status, String message) {

    private static final int EXCERPT = 200;

    /** One line: "HTTP 510 Something Went Wrong", or the message alone. */
    public String describe() {
        return status == null ? String.valueOf(message) : "HTTP " + status + (message == null ? "" : " " + message);
    }

    /** An exception's class and message on one line, at most 200 characters of message. */
    public static LastError of(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? null : root.getMessage().replaceAll("\\s+", " ").strip();
        if (message != null && message.length() > EXCERPT) {
            message = message.substring(0, EXCERPT) + "…";
        }
        return new LastError(null, root.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }
}
