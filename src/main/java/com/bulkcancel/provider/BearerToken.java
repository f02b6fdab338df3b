package com.bulkcancel.provider;

/** The API token. Kept out of the Spring Environment and job parameters; prints as redacted. */
public final class BearerToken {

    private final String value;

    public BearerToken(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the token is empty");
        }
        this.value = value.strip();
    }

    private BearerToken() {
        this.value = null;
    }

    /** For runs that send nothing (dry run, history). */
    public static BearerToken none() {
        return new BearerToken();
    }

    public boolean isPresent() {
        return value != null;
    }

    /** For redaction only ({@link ProviderText}); null when there is no token. */
    String value() {
        return value;
    }

    String authorizationHeader() {
        if (value == null) {
            throw new IllegalStateException("no token: a run that sends calls needs FRONTPAYMENT_TOKEN");
        }
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
