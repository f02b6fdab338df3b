package com.bulkcancel.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.input.GeneratedCsv.Kind;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * Random files (delimiters, BOM, quotes, line breaks inside and outside quotes, CR, invalid and random bytes,
 * unbalanced quotes) through the whole job, from fixed seeds: the job never crashes, every non-blank record the
 * generator wrote gets exactly one results row on its own line, and each sent row is sent exactly once to a
 * canonical URL. The generator knows its records independently of the reader ({@link GeneratedCsv}).
 */
class GeneratedFilesJobTest extends SimulatedProviderTest {

    private static final int FILES = 30;
    private static final String CANONICAL_PATH =
            "/api/v1/connect/reservations/cancel/[0-9a-f]{8}-[0-9a-f]{4}" + "-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** Every UUID is unknown to the simulated provider: a sent row ends NOT_FOUND. */
    @BeforeEach
    void prepare() {
        command.withArgs("--cancel.rate-per-second=1000");
    }

    @Test
    void randomFilesNeverCrashTheJobAndEveryRecordGetsOneResultsRow() throws Exception {
        for (long seed = 1001; seed < 1001 + FILES; seed++) {
            GeneratedCsv csv = new GeneratedCsv(seed);
            Path input = Files.write(dir.resolve("seed-" + seed + ".csv"), csv.bytes());
            Path output = dir.resolve("seed-" + seed + ".results.csv");
            List<String> args = new ArrayList<>(List.of("--cancel.input=" + input, "--cancel.output=" + output));
            if (!csv.hasNote) {
                args.add("--cancel.default-note=generated");
            }
            if (!csv.delimiterDetectable) {
                args.add("--cancel.csv.delimiter=" + csv.delimiter);
            }
            List<Long> lines = csv.expected.stream()
                    .filter(e -> e.kind() != Kind.BLANK)
                    .map(e -> e.line())
                    .toList();
            provider.server().resetRequests();

            CancelCommand.Result result = command.run(args.toArray(String[]::new));

            String where = "seed " + seed + ": " + result.err();
            if (lines.isEmpty()) {
                assertThat(result.exitCode()).as(where).isEqualTo(2);
                assertThat(result.err()).as(where).contains("no data rows");
                assertThat(provider.requests()).as(where).isEmpty();
                continue;
            }
            if (result.exitCode() == 2 && result.err().contains("rows can be sent")) {
                // Refused as a file with nothing to send: a dry run must agree that no row is sendable.
                assertThat(provider.requests()).as(where).isEmpty();
                args.add("--cancel.dry-run");
                assertThat(command.run(args.toArray(String[]::new)).exitCode())
                        .as(where)
                        .isZero();
                Path dryRun = dir.resolve("seed-" + seed + ".results.dry-run.csv");
                assertThat(ResultsCsv.read(dryRun))
                        .as(where)
                        .extracting(r -> Long.parseLong(r.get("line")))
                        .containsExactlyElementsOf(lines);
                assertThat(ResultsCsv.read(dryRun))
                        .as(where)
                        .extracting(r -> r.get("outcome"))
                        .containsOnly("INVALID_INPUT");
                continue;
            }
            assertThat(result.exitCode()).as(where).isIn(0, 3);
            List<Map<String, String>> rows = ResultsCsv.read(output);
            assertThat(rows)
                    .as(where)
                    .extracting(r -> Long.parseLong(r.get("line")))
                    .containsExactlyElementsOf(lines);
            assertThat(rows)
                    .as(where)
                    .extracting(r -> r.get("outcome"))
                    .isSubsetOf("NOT_FOUND", "INVALID_INPUT", "DUPLICATE");
            List<String> sent = rows.stream()
                    .filter(r -> r.get("outcome").equals("NOT_FOUND"))
                    .map(r -> SimulatedFrontpayment.PATH + r.get("reservation_uuid"))
                    .toList();
            assertThat(provider.requests())
                    .as(where)
                    .extracting(LoggedRequest::getUrl)
                    .allMatch(url -> url.matches(CANONICAL_PATH))
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
    }
}
