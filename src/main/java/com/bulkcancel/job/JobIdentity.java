package com.bulkcancel.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * What makes two runs "the same job": the input's real path, the SHA-256 of its bytes, the base URL in normal
 * form (outcomes from one environment mean nothing in another) and the generation (1, then one more for each
 * deliberate {@code --cancel.new-run} of a completed file). Never the token. No incrementer: the same command must
 * find the same job instance to resume it.
 */
public record JobIdentity(String inputPath, String inputSha256, String baseUrl, long generation) {

    public static final String INPUT = "input";
    public static final String INPUT_SHA256 = "input.sha256";
    public static final String BASE_URL = "base.url";
    public static final String GENERATION = "generation";
    public static final String RESULTS = "results";
    /**
     * Job parameter, not identifying: the input's records as counted by the pass before the run
     * ({@link com.bulkcancel.input.InputSurvey}), the progress line's total, so no step reads the file for it.
     */
    public static final String RECORDS = "input.records";

    /** Generation 1. */
    public JobIdentity(String inputPath, String inputSha256, String baseUrl) {
        this(inputPath, inputSha256, baseUrl, 1);
    }

    /** Generation 1 of this file, whose SHA-256 the pass over it already took, against this base URL. */
    public static JobIdentity of(Path input, String inputSha256, URI baseUrl) {
        try {
            return new JobIdentity(input.toRealPath().toString(), inputSha256, normalise(baseUrl));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JobIdentity withGeneration(long newGeneration) {
        return new JobIdentity(inputPath, inputSha256, baseUrl, newGeneration);
    }

    /** The generation a run was started with (runs recorded before generations existed count as 1). */
    public static long generationOf(JobParameters parameters) {
        Long generation = parameters.getLong(GENERATION);
        return generation == null ? 1 : generation;
    }

    /**
     * Whether a run recorded these parameters for the same file content and base URL (any generation). The
     * recorded base URL is compared in normal form: runs started before base URLs were normalised stored the
     * spelling given (minus trailing slashes).
     */
    public boolean sameContentAndBaseUrl(JobParameters parameters) {
        return sameContentAndBaseUrl(parameters.getString(INPUT_SHA256), parameters.getString(BASE_URL));
    }

    /** The same, for a run recorded with this SHA-256 and base URL (a deleted run's tombstone). */
    public boolean sameContentAndBaseUrl(String recordedSha256, String recordedBaseUrl) {
        return inputSha256.equals(recordedSha256) && normalise(baseUrl).equals(normalise(recordedBaseUrl));
    }

    /**
     * This identity with the base URL spelled as the run that recorded these parameters stored it: resuming that
     * run must give Spring Batch the same identifying parameters, or it would start a new job instance.
     */
    public JobIdentity asRecordedIn(JobParameters parameters) {
        String recorded = parameters.getString(BASE_URL);
        return recorded == null ? this : new JobIdentity(inputPath, inputSha256, recorded, generation);
    }

    public JobParameters parameters(Path results) {
        return new JobParametersBuilder()
                .addString(INPUT, inputPath)
                .addString(INPUT_SHA256, inputSha256)
                .addString(BASE_URL, baseUrl)
                .addLong(GENERATION, generation)
                .addString(RESULTS, results.toAbsolutePath().toString(), false)
                .toJobParameters();
    }

    /**
     * A base URL's identity is its meaning, not its spelling: scheme and host lower-cased, the scheme's default
     * port (443, 80) and trailing slashes dropped. https://Demo-API.frontpayment.no:443/ becomes
     * https://demo-api.frontpayment.no. Anything else (a path, and the user info, query or fragment the command
     * refuses) stays as given.
     */
    public static String normalise(URI baseUrl) {
        String scheme = baseUrl.getScheme();
        String host = baseUrl.getHost();
        if (scheme == null || host == null) {
            return withoutTrailingSlashes(baseUrl.toString());
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = baseUrl.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        StringBuilder s = new StringBuilder(scheme).append("://");
        if (baseUrl.getRawUserInfo() != null) {
            s.append(baseUrl.getRawUserInfo()).append('@');
        }
        s.append(host.toLowerCase(Locale.ROOT)).append(defaultPort ? "" : ":" + port);
        s.append(withoutTrailingSlashes(baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath()));
        if (baseUrl.getRawQuery() != null) {
            s.append('?').append(baseUrl.getRawQuery());
        }
        if (baseUrl.getRawFragment() != null) {
            s.append('#').append(baseUrl.getRawFragment());
        }
        return s.toString();
    }

    /** The normal form of a recorded base URL; a value that is no URI stays as it is (minus trailing slashes). */
    public static String normalise(String recorded) {
        if (recorded == null) {
            return null;
        }
        try {
            return normalise(new URI(recorded));
        } catch (URISyntaxException e) {
            return withoutTrailingSlashes(recorded);
        }
    }

    private static String withoutTrailingSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }
}
