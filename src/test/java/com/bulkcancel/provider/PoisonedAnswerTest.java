package com.bulkcancel.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.PostgresJobDatabase;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * A provider answer whose text the job database cannot take as is (a NUL, which PostgreSQL refuses in text; a
 * broken surrogate pair) is recorded cleaned: the run completes, its neighbours in the same commit are recorded,
 * and a rerun sends nothing.
 */
class PoisonedAnswerTest extends SimulatedProviderTest {

    static final String NUL = "0d1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a01";
    static final String SURROGATE = "0d1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a02";
    static final String LONG = "0d1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a06";
    /** 198 characters, then an emoji (a surrogate pair) across the API_MESSAGE column's 200th character. */
    static final String LONG_MESSAGE = "x".repeat(198) + "\ud83d\ude00" + " and more";

    static final List<String> FINE = List.of(
            "0d1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a03",
            "0d1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a04",
            "0d1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a05");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aNulOrABrokenSurrogateInTheAnswerIsRecordedCleanedAndNeverSentAgain(String database) throws Exception {
        provider.answers(NUL, SimulatedFrontpayment.json(404, "{\"message\":\"orderNotFound\\u0000\\u0085 tail\"}"))
                .answers(SURROGATE, SimulatedFrontpayment.json(404, "{\"message\":\"orderNotFound\\ud800\"}"))
                .answers(LONG, SimulatedFrontpayment.json(404, "{\"message\":\"" + LONG_MESSAGE + "\"}"));
        FINE.forEach(provider::reservation);
        // A fine row first: an undocumented 404 on the run's first call would stop it as a wrong base URL.
        List<String> rows = new ArrayList<>(List.of(FINE.get(0) + ",c", NUL + ",a", SURROGATE + ",b", LONG + ",d"));
        FINE.subList(1, FINE.size()).forEach(uuid -> rows.add(uuid + ",c"));
        Path input =
                Files.writeString(dir.resolve("r.csv"), "reservation_uuid,note\n" + String.join("\n", rows) + "\n");
        List<String> args = new ArrayList<>(List.of("--cancel.input=" + input));
        PostgresJobDatabase schema = database.equals("postgresql") ? PostgresJobDatabase.create() : null;
        if (schema != null) {
            args.addAll(List.of(schema.args()));
        }
        try {
            CancelCommand.Result first = command.run(args.toArray(String[]::new));

            assertThat(first.exitCode()).as(first.err()).isEqualTo(3); // the undocumented 404s are FAILED
            Map<String, Map<String, String>> byUuid = ResultsCsv.read(dir.resolve("r.results.csv")).stream()
                    .collect(Collectors.toMap(r -> r.get("reservation_uuid"), r -> r));
            assertThat(byUuid).hasSize(6);
            assertThat(byUuid.get(NUL))
                    .containsEntry("outcome", "FAILED")
                    .containsEntry("http_status", "404")
                    .containsEntry("attempts", "1")
                    .containsEntry("api_message", "orderNotFound\\u0000\\u0085 tail");
            assertThat(byUuid.get(SURROGATE))
                    .containsEntry("outcome", "FAILED")
                    .containsEntry("api_message", "orderNotFound\uFFFD");
            assertThat(byUuid.get(LONG))
                    .as("cut to the column, never through a surrogate pair")
                    .containsEntry("api_message", "x".repeat(198) + "…");
            FINE.forEach(uuid -> assertThat(byUuid.get(uuid)).containsEntry("outcome", "CANCELLED"));
            assertThat(Files.readString(dir.resolve("r.results.csv"))
                            .chars()
                            .filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f))
                    .as("control characters")
                    .isEmpty();
            int sent = provider.requests().size();
            assertThat(sent).isEqualTo(6);

            CancelCommand.Result rerun = command.run(args.toArray(String[]::new));

            assertThat(rerun.exitCode()).as(rerun.err()).isEqualTo(3);
            assertThat(provider.requests()).as("a rerun sends nothing").hasSize(sent);
        } finally {
            if (schema != null) {
                schema.close();
            }
        }
    }
}
