package com.bulkcancel.sandbox;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.bulkcancel.BulkCancelApplication;

/**
 * {@code ./mvnw spring-boot:test-run}: the real job on samples/reservations.csv against a simulated Frontpayment
 * (WireMock, in this process) that gives every documented answer for the sample's UUIDs, with a fresh job
 * database each time. Exits with the job's exit code.
 */
public final class SandboxApplication {

    private SandboxApplication() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("bulk-cancel-sandbox");
        Path results = Path.of("target", "sandbox", "reservations.results.csv").toAbsolutePath();
        Files.createDirectories(results.getParent());
        int exit;
        try (SimulatedFrontpayment provider = sampleProvider()) {
            String[] jobArgs = {
                "--cancel.input=samples/reservations.csv",
                "--cancel.output=" + results,
                "--frontpayment.base-url=" + provider.baseUrl(),
                "--spring.datasource.url=jdbc:h2:file:" + work.resolve("jobs"),
                "--cancel.backoff.initial=200ms"
            };
            System.out.println(
                    "Sandbox: simulated Frontpayment at " + provider.baseUrl() + ", job database in " + work);
            exit = BulkCancelApplication.run(
                    concat(jobArgs, args),
                    Map.of("FRONTPAYMENT_TOKEN", SimulatedFrontpayment.TOKEN),
                    System.out,
                    System.err);
            System.out.println("Sandbox: " + provider.requests().size() + " calls received; exit " + exit
                    + "; results in " + results + " (expected: samples/reservations.expected-results.csv)");
        }
        System.exit(exit);
    }

    /** Answers for the sample's UUIDs: see the third column of samples/reservations.csv. */
    static SimulatedFrontpayment sampleProvider() {
        String prefix = "3f2b8c1e-6a4d-4e7b-9c21-0d5e8f7a1b0";
        return new SimulatedFrontpayment()
                .reservation(prefix + "1")
                .reservation(prefix + "2")
                .reservation(prefix + "3")
                // ...4 is unknown: the simulator's default 404 orderNotFound
                .answers(prefix + "5", document(417, "rejected.json"))
                .answers(prefix + "6", document(400, "already-completed.json"))
                .answers(prefix + "7", document(400, "not-cancellable.json"))
                .failsThenCancels(prefix + "8", 1, SimulatedFrontpayment.serverError());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
