package com.bulkcancel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.util.ReflectionTestUtils;

import com.bulkcancel.input.CheckedRow;
import com.bulkcancel.input.InputRecord;
import com.bulkcancel.input.ReservationCheck;
import com.bulkcancel.input.RowValidator;
import com.bulkcancel.job.DryRun;
import com.bulkcancel.job.ExitCode;
import com.bulkcancel.job.JavaHeap;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * A heap below the floor is refused before anything starts (a child JVM at -Xmx32m); a heap that runs out
 * mid-run ends the command with one line naming the heap and how to raise it, exit 1, no stack trace, and the
 * same command then resumes.
 */
@ExtendWith(OutputCaptureExtension.class)
class JavaHeapTest {

    static final int ROWS = 300;
    static final int OOM_AT_LINE = 150;

    @TempDir
    Path dir;

    static String uuid(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    Path input() throws IOException {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(uuid(i)).append(",event cancelled\n");
        }
        return Files.writeString(dir.resolve("reservations.csv"), csv);
    }

    @Test
    void aHeapBelowTheFloorIsRefusedWithOneLineBeforeAnythingStarts() throws Exception {
        Path input = input();
        try (SimulatedFrontpayment provider = new SimulatedFrontpayment()) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx32m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    BulkCancelApplication.class.getName(),
                    "--cancel.input=" + input,
                    "--frontpayment.base-url=" + provider.baseUrl(),
                    "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("jobs")));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(dir.resolve("out.log").toFile())
                    .redirectError(dir.resolve("err.log").toFile());
            builder.environment().put("FRONTPAYMENT_TOKEN", SimulatedFrontpayment.TOKEN);
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process child = builder.start();
            assertThat(child.waitFor(120, TimeUnit.SECONDS))
                    .as("the child JVM ended")
                    .isTrue();

            List<String> err = Files.readAllLines(dir.resolve("err.log"), StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as("exit code; stderr %s", err).isEqualTo(2);
            assertThat(err).hasSize(1);
            assertThat(err.get(0))
                    .startsWith("bulk-cancel: the Java heap is ")
                    .contains("below the " + JavaHeap.FLOOR_MIB + " MiB")
                    .contains("JAVA_TOOL_OPTIONS=-Xmx")
                    .contains("container")
                    .endsWith("(exit 2)");
            assertThat(Files.readString(dir.resolve("out.log"))).isEmpty();
            assertThat(provider.requests()).isEmpty();
            assertThat(dir.resolve("jobs.mv.db")).doesNotExist(); // not even the job database was opened
        }
    }

    @Test
    void theFloorLetsTheHeapTheJvmReportsForMinus64mThrough() {
        // -Xmx64m under the serial collector reports 61.9 MiB (one survivor space less)
        assertThat(JavaHeap.belowFloor(62L << 20)).isNull();
        assertThat(JavaHeap.belowFloor(48L << 20)).contains("the Java heap is 48 MiB");
    }

    @Test
    void runningOutOfHeapMidRunIsOneLineExitOneAndTheSameCommandResumes(CapturedOutput output) throws Exception {
        Path input = input();
        try (SimulatedFrontpayment provider = new SimulatedFrontpayment()) {
            for (int i = 1; i <= ROWS; i++) {
                provider.reservation(uuid(i)); // each one cancelled
            }
            CancelCommand command = new CancelCommand(dir, provider)
                    .withArgs("--cancel.chunk-size=50", "--cancel.rate-per-second=1000", "--cancel.max-in-flight=8");

            CancelCommand.Result full = command.run(
                    "--cancel.input=" + input, "--spring.main.sources=" + RunsOutOfHeapAtLine.class.getName());

            assertThat(full.exitCode()).as("exit; stderr %s", full.err()).isEqualTo(ExitCode.INTERRUPTED.code());
            String console = output.getOut() + output.getErr() + full.out() + full.err();
            assertThat(console.lines().filter(l -> l.contains("out of memory: the Java heap (")))
                    .hasSize(1);
            assertThat(console)
                    .contains("MiB) was too small for this run: raise it, e.g. JAVA_TOOL_OPTIONS=-Xmx")
                    .contains("rerun the same command to resume");
            assertThat(console.lines().filter(JavaHeapTest::stackTrace))
                    .as("stack trace lines")
                    .isEmpty();
            int sentBefore = provider.requests().size();
            assertThat(sentBefore).isBetween(1, OOM_AT_LINE);

            CancelCommand.Result resumed = command.run("--cancel.input=" + input);

            assertThat(resumed.exitCode()).as("stderr %s", resumed.err()).isZero();
            assertThat(provider.requests()).hasSize(ROWS); // the rest, none twice
        }
    }

    @Test
    void runningOutOfHeapInThePassBeforeTheRunIsOneLineExitOne(CapturedOutput output) throws Exception {
        Path input = input();
        CancelCommand.Result result = new CancelCommand(dir, null)
                .run(
                        "--cancel.input=" + input,
                        "--cancel.dry-run=true",
                        "--spring.main.sources=" + DryRunRunsOutOfHeap.class.getName());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("bulk-cancel: out of memory: the Java heap (")
                .endsWith("(exit 1)");
        assertThat((output.getOut() + output.getErr()).lines().filter(JavaHeapTest::stackTrace))
                .as("stack trace lines")
                .isEmpty();
    }

    /** A line of a printed stack trace (the summary's "last error  OutOfMemoryError: ..." is not one). */
    static boolean stackTrace(String line) {
        return line.matches("\\s+at [\\w.$]+\\(.*")
                || line.startsWith("Exception in thread")
                || line.startsWith("java.lang.")
                || line.startsWith("Caused by:");
    }

    /**
     * Given to the command as spring.main.sources (a plain class: component scanning never picks it up): the
     * cancel step's processor runs out of heap at line {@link #OOM_AT_LINE}, as a real one would.
     */
    public static class RunsOutOfHeapAtLine {

        @Bean
        static BeanPostProcessor runsOutOfHeap() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof ReservationCheck check && !(bean instanceof Exhausting)) {
                        return new Exhausting((RowValidator) ReflectionTestUtils.getField(check, "validator"));
                    }
                    return bean;
                }
            };
        }
    }

    static class Exhausting extends ReservationCheck implements ItemProcessor<InputRecord, CheckedRow> {

        Exhausting(RowValidator validator) {
            super(validator);
        }

        @Override
        public CheckedRow process(InputRecord record) {
            if (record.line() == OOM_AT_LINE) {
                throw new OutOfMemoryError("Java heap space");
            }
            return super.process(record);
        }
    }

    /** As {@link RunsOutOfHeapAtLine}, for the dry run: its pass over the file runs out of heap. */
    public static class DryRunRunsOutOfHeap {

        @Bean
        static BeanPostProcessor runsOutOfHeap() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof DryRun dryRun) {
                        return new DryRun(null, null, null, null) {
                            @Override
                            public ExitCode run(Path inputFile) {
                                throw new OutOfMemoryError("Java heap space");
                            }
                        };
                    }
                    return bean;
                }
            };
        }
    }
}
