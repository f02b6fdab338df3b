package com.bulkcancel.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * What makes two runs "the same job": the input's real path, the SHA-256 of its bytes, the base URL (outcomes
 * from one environment mean nothing in another) and the generation (1, then one more for each deliberate
 * {@code --cancel.new-run} of a completed file). Never the token. No incrementer: the same command must find the
 * same job instance to resume it.
 */
public record JobIdentity(String inputPath, String inputSha256, String baseUrl, long generation) {

    public static final String INPUT = "input";
    public static final String INPUT_SHA256 = "input.sha256";
    public static final String BASE_URL = "base.url";
    public static final String GENERATION = "generation";
    public static final String RESULTS = "results";

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

    /** Whether a run recorded these parameters for the same file content and base URL (any generation). */
    public boolean sameContentAndBaseUrl(JobParameters parameters) {
        return inputSha256.equals(parameters.getString(INPUT_SHA256)) && baseUrl.equals(parameters.getString(BASE_URL));
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

    static String normalise(URI baseUrl) {
        String s = baseUrl.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
