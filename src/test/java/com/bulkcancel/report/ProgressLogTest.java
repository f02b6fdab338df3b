package com.bulkcancel.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/** The progress line on a run of a few thousand rows against the simulated provider. */
@ExtendWith(OutputCaptureExtension.class)
class ProgressLogTest {

    static final int ROWS = 2000;
    static final Pattern LINE = Pattern.compile(
            "Progress: (\\d+)/(\\d+) rows \\(([\\d.]+)%\\), ([\\d.]+) calls/s, ETA (\\S+?)(?:; (.*))?$",
            Pattern.MULTILINE);

    @TempDir
    Path dir;

    static String uuid(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    record Progress(
            long done, long total, double percent, double callsPerSecond, String eta, Map<String, Long> counts) {}

    static List<Progress> progressLines(String log) {
        List<Progress> lines = new ArrayList<>();
        Matcher m = LINE.matcher(log);
        while (m.find()) {
            Map<String, Long> counts = new HashMap<>();
            if (m.group(6) != null) {
                for (String part : m.group(6).split(", ")) {
                    String[] kv = part.split(" ");
                    counts.put(kv[0], Long.parseLong(kv[1]));
                }
            }
            lines.add(new Progress(
                    Long.parseLong(m.group(1)),
                    Long.parseLong(m.group(2)),
                    Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4)),
                    m.group(5),
                    counts));
        }
        return lines;
    }

    @Test
    void logsDoneOfTotalPercentCallRateEtaAndCountsPerOutcomeAsTheRunGoes(CapturedOutput output) throws Exception {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        long invalid = 0;
        long cancellable = 0;
        try (SimulatedFrontpayment provider = new SimulatedFrontpayment()) {
            for (int i = 1; i <= ROWS; i++) {
                if (i % 600 == 0) {
                    csv.append("not-a-uuid,bad row\n"); // INVALID_INPUT: counted, never sent
                    invalid++;
                } else {
                    csv.append(uuid(i)).append(",event cancelled\n");
                }
                // Line 1 (the run's first call, which goes alone) is known, so the wrong-environment brake, which
                // watches the first answers in the order they come, is released whatever order the others take.
                if ((i == 1 || i % 30 == 0) && i % 600 != 0) {
                    provider.reservation(uuid(i)); // CANCELLED; every other row is unknown: NOT_FOUND
                    cancellable++;
                }
            }
            Path file = dir.resolve("big.csv");
            Files.writeString(file, csv);

            CancelCommand.Result result = new CancelCommand(dir, provider)
                    .run(
                            "--cancel.input=" + file,
                            "--cancel.progress-interval=200ms",
                            "--cancel.rate-per-second=5000",
                            "--cancel.max-in-flight=32",
                            "--cancel.chunk-size=500");

            assertThat(result.exitCode()).isZero();
        }
        assertThat(output.getOut()).contains(ROWS + " rows to go through");
        List<Progress> lines = progressLines(output.getOut());
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2); // at least one while running and the final one
        long previous = 0;
        for (Progress p : lines) {
            assertThat(p.total()).isEqualTo(ROWS);
            assertThat(p.done()).isBetween(previous, (long) ROWS);
            assertThat(p.percent()).isCloseTo(100.0 * p.done() / ROWS, org.assertj.core.data.Offset.offset(0.06));
            assertThat(p.counts().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(p.done());
            assertThat(p.callsPerSecond()).isGreaterThanOrEqualTo(0);
            previous = p.done();
        }
        List<Progress> whileRunning =
                lines.stream().filter(p -> p.done() > 0 && p.done() < ROWS).toList();
        assertThat(whileRunning)
                .as("progress lines while the run was going: %s", lines)
                .isNotEmpty();
        // Calls per second over the last interval: one interval may have no call answered in it (the first row's
        // answer counted in the interval before its outcome was recorded, a loaded machine), but not all of them.
        assertThat(whileRunning).anySatisfy(p -> assertThat(p.callsPerSecond()).isPositive());
        assertThat(whileRunning.get(0).eta()).matches("\\d+(s|m\\d\\ds|h\\d\\dm)");
        Progress last = lines.get(lines.size() - 1);
        assertThat(last.done()).isEqualTo(ROWS);
        assertThat(last.percent()).isEqualTo(100.0);
        assertThat(last.eta()).isEqualTo("0s");
        assertThat(last.callsPerSecond()).isPositive(); // the whole run's average on the last line
        assertThat(last.counts())
                .containsEntry("CANCELLED", cancellable)
                .containsEntry("INVALID_INPUT", invalid)
                .containsEntry("NOT_FOUND", ROWS - cancellable - invalid)
                .doesNotContainKey("FAILED");
    }
}
