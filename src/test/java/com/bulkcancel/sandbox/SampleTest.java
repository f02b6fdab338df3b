package com.bulkcancel.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;

/** The bundled sample against the sandbox's simulated provider gives the bundled expected results. */
class SampleTest {

    @TempDir
    Path dir;

    @Test
    void theSampleGivesTheExpectedResults() throws Exception {
        Path input = dir.resolve("reservations.csv");
        Files.copy(Path.of("samples/reservations.csv"), input);
        try (SimulatedFrontpayment provider = SandboxApplication.sampleProvider()) {
            CancelCommand.Result result = new CancelCommand(dir, provider).run("--cancel.input=" + input);

            assertThat(result.exitCode()).isZero();
        }
        List<Map<String, String>> actual = ResultsCsv.read(dir.resolve("reservations.results.csv"));
        List<Map<String, String>> expected = ResultsCsv.read(Path.of("samples/reservations.expected-results.csv"));
        actual.forEach(row -> row.remove("finished_at"));
        expected.forEach(row -> row.remove("finished_at"));
        assertThat(actual).isEqualTo(expected);
    }
}
