package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.SimulatedProviderTest;

/**
 * With {@code --logging.structured.format.console=ecs} standard output is one JSON object a line (the summary table
 * goes to stderr), and the progress and summary figures are fields of their log lines, not only words in them.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest extends SimulatedProviderTest {

    static final String A = "8d1e0c3a-7d2f-4a6b-8c9d-0e1f2a3b4c01";
    static final String B = "8d1e0c3a-7d2f-4a6b-8c9d-0e1f2a3b4c02";
    static final String UNKNOWN = "8d1e0c3a-7d2f-4a6b-8c9d-0e1f2a3b4c03";

    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * Boot keeps the console's structured format in a system property that a later run without the option does not
     * clear: one command per JVM never sees it, but the next test in this JVM would log JSON.
     */
    @AfterEach
    void plainLogsForTheNextTest() {
        System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
    }

    @Test
    void ecsLogsKeepStandardOutputJsonAndCarryTheFiguresAsFields(CapturedOutput output) throws Exception {
        provider.reservation(A).reservation(B);
        Path input = dir.resolve("reservations.csv");
        Files.writeString(input, "reservation_uuid,note\n" + A + ",x\n" + B + ",x\n" + UNKNOWN + ",x\n");

        CancelCommand.Result result = command.run("--cancel.input=" + input, "--logging.structured.format.console=ecs");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("bulk-cancel summary", "CANCELLED");
        List<String> lines = output.getOut().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        List<JsonNode> events = lines.stream()
                .map(l -> {
                    try {
                        return json.readTree(l);
                    } catch (RuntimeException e) {
                        throw new AssertionError("not one JSON object: " + l, e);
                    }
                })
                .toList();
        assertThat(events).allSatisfy(e -> assertThat(e.isObject()).isTrue());

        JsonNode summary = events.stream()
                .filter(e -> e.path("summary").asBoolean(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no summary line in " + lines));
        assertThat(summary.path("rows_cancelled").asLong()).isEqualTo(2);
        assertThat(summary.path("rows_not_found").asLong()).isEqualTo(1);
        assertThat(summary.path("rows_failed").asLong()).isZero();
        assertThat(summary.path("rows").asLong()).isEqualTo(3);
        assertThat(summary.path("calls_sent").asLong()).isEqualTo(3);
        assertThat(summary.path("exit_code").asInt()).isZero();
        assertThat(summary.path("status").asString()).isEqualTo("COMPLETED");

        JsonNode progress = events.stream()
                .filter(e -> e.has("rows_done"))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no progress line with fields in " + lines));
        assertThat(progress.path("rows_done").asLong()).isEqualTo(3);
        assertThat(progress.path("rows_total").asLong()).isEqualTo(3);
        assertThat(progress.path("rows_cancelled").asLong()).isEqualTo(2);
    }
}
