package com.bulkcancel.provider;

/** The innermost cause of a failure: the exception that started it. */
public final class RootCause {

    private RootCause() {}

    public static Throwable of(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
