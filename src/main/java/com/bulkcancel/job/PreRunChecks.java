package com.bulkcancel.job;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.springframework.stereotype.Component;

import com.bulkcancel.input.InputSettings;
import com.bulkcancel.input.InputSurvey;
import com.bulkcancel.input.ReservationCheck;
import com.bulkcancel.launch.InvalidInvocationException;
import com.bulkcancel.provider.BearerToken;
import com.bulkcancel.provider.FrontpaymentSettings;

/**
 * Everything a command can be refused for before a run exists, in one place: the input file, the base URL, the
 * token, the file itself (one pass: its SHA-256, every record checked, at least one row to send) and every path
 * the run will write. Each refusal is an {@link InvalidInvocationException} or an input problem: one line, exit 2.
 * (Settings are checked when they are bound, before this.)
 */
@Component
public class PreRunChecks {

    private final RunSettings run;
    private final InputSettings input;
    private final FrontpaymentSettings provider;
    private final BearerToken token;
    private final ReservationCheck reservationCheck;

    public PreRunChecks(
            RunSettings run,
            InputSettings input,
            FrontpaymentSettings provider,
            BearerToken token,
            ReservationCheck reservationCheck) {
        this.run = run;
        this.reservationCheck = reservationCheck;
        this.input = input;
        this.provider = provider;
        this.token = token;
    }

    /** What a live run goes on with, every part of it checked. */
    public record LiveRun(Path input, URI baseUrl, InputSurvey usable, Path results) {}

    /** The input file the command names: it exists, is a file, and can be read. */
    public Path input() {
        return requireInput();
    }

    /** The checks of a live run, in the order an operator fixes them: base URL, token, the file, the outputs. */
    public LiveRun live(Path inputFile) {
        URI baseUrl = requireBaseUrl();
        if (!token.isPresent()) {
            throw new InvalidInvocationException(
                    "no token: set the environment variable FRONTPAYMENT_TOKEN " + "or give --frontpayment.token-file");
        }
        InputSurvey usable = InputSurvey.check(inputFile, input);
        // the step's duplicate judgement comes from this pass over the file
        reservationCheck.use(usable.duplicates());
        return new LiveRun(inputFile, baseUrl, usable, run.outputFor(inputFile));
    }

    /** The checks of {@code --cancel.report}: a live run's, but no token (it sends nothing). */
    public LiveRun reported(Path inputFile) {
        URI baseUrl = requireBaseUrl();
        InputSurvey usable = InputSurvey.check(inputFile, input);
        // the step's duplicate judgement comes from this pass over the file
        reservationCheck.use(usable.duplicates());
        return new LiveRun(inputFile, baseUrl, usable, run.outputFor(inputFile));
    }

    private Path requireInput() {
        Path file = run.input();
        if (file == null) {
            throw new InvalidInvocationException("no input: give --cancel.input=<reservations.csv>");
        }
        if (Files.isDirectory(file)) {
            throw new InvalidInvocationException("input " + file + " is a directory, not a CSV file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInvocationException("input " + file + " does not exist");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidInvocationException("input " + file + " is not readable");
        }
        return file;
    }

    private URI requireBaseUrl() {
        URI url = provider.baseUrl();
        if (url == null) {
            throw new InvalidInvocationException("no base URL: give --frontpayment.base-url "
                    + "(e.g. https://demo-api.frontpayment.no for the demo environment)");
        }
        // Checked before anything echoes the URL: user info or a query may hold a password.
        if (url.getRawAuthority() != null && url.getRawAuthority().contains("@")) {
            throw new InvalidInvocationException("the base URL carries user info (user@ or user:password@ before the "
                    + "host): give scheme, host and port only; the token comes from FRONTPAYMENT_TOKEN or "
                    + "--frontpayment.token-file");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new InvalidInvocationException("base URL " + url + " is not an http(s) URL with a host");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new InvalidInvocationException("the base URL " + scheme + "://" + url.getRawAuthority() + "... has a "
                    + (url.getRawQuery() != null ? "query (?...)" : "fragment (#...)") + ": give scheme, host and "
                    + "port only, e.g. https://demo-api.frontpayment.no");
        }
        String path = url.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            // The cancel path is appended to it: .../api/v1 would call /api/v1/api/v1/... and every row would fail.
            throw new InvalidInvocationException("the base URL must be only scheme and host (and port): drop " + path
                    + " (the API's path is added to it), e.g. https://demo-api.frontpayment.no");
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        boolean local = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        if (scheme.equals("http") && !local && !provider.allowInsecureHttp()) {
            throw new InvalidInvocationException("base URL " + url + " is plain http: the token would travel "
                    + "unencrypted. Use https, or --frontpayment.allow-insecure-http=true if you must");
        }
        return url;
    }
}
