package com.bulkcancel.job;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.serverError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;

/**
 * Every path a run will write (results and the directory of its temporary file, retry file, summary, the names
 * an earlier generation is kept under) is checked before the first call; a dry run never touches a live run's files.
 */
class OutputPathsTest extends SimulatedProviderTest {

    static final String CANCELLED = "00000000-0000-4000-8000-000000000001";
    static final String FAILS = "00000000-0000-4000-8000-000000000002";
    static final String CSV = "reservation_uuid,note\n" + CANCELLED + ",a\n" + FAILS + ",b\n";

    Path input;

    @BeforeEach
    void files() throws Exception {
        input = Files.writeString(dir.resolve("reservations.csv"), CSV);
        provider.reservation(CANCELLED).answers(FAILS, serverError());
        command.withArgs("--cancel.max-attempts=1");
    }

    @Test
    void anOutputInAMissingDirectoryIsRefusedBeforeAnyCall() {
        Path output = dir.resolve("missing").resolve("r.results.csv");

        CancelCommand.Result result = command.run("--cancel.input=" + input, "--cancel.output=" + output);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().strip().lines())
                .singleElement()
                .asString()
                .contains(output.getParent().toString())
                .contains("does not exist")
                .contains("--cancel.output");
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void anOutputUnderARegularFileIsRefusedBeforeAnyCall() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("notes.txt"), "x\n");
        Path output = notADirectory.resolve("r.results.csv");

        CancelCommand.Result result = command.run("--cancel.input=" + input, "--cancel.output=" + output);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().strip().lines())
                .singleElement()
                .asString()
                .contains(notADirectory.toString())
                .contains("not a directory");
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void anOutputInADirectoryThatCannotBeWrittenIsRefusedBeforeAnyCall() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(readOnly), "running as root: permissions are not enforced");
            Path output = readOnly.resolve("r.results.csv");

            CancelCommand.Result result = command.run("--cancel.input=" + input, "--cancel.output=" + output);

            assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
            assertThat(result.err().strip().lines())
                    .singleElement()
                    .asString()
                    .contains(readOnly.toString())
                    .contains("cannot be written");
            assertThat(provider.requests()).isEmpty();
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"r.results.retry.csv", "r.results.summary.json"})
    void anInputThatIsTheRunsRetryOrSummaryPathIsRefusedAndKept(String inputName) throws Exception {
        Path own = Files.writeString(dir.resolve(inputName), CSV);
        byte[] before = Files.readAllBytes(own);

        CancelCommand.Result result =
                command.run("--cancel.input=" + own, "--cancel.output=" + dir.resolve("r.results.csv"));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().strip().lines())
                .singleElement()
                .asString()
                .contains(own.toString())
                .contains("is the input");
        assertThat(provider.requests()).isEmpty();
        assertThat(Files.readAllBytes(own)).isEqualTo(before);
    }

    @Test
    void aLiveOutputNamedLikeADryRunsIsRefused() {
        CancelCommand.Result result =
                command.run("--cancel.input=" + input, "--cancel.output=" + dir.resolve("r.dry-run.csv"));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().strip().lines()).singleElement().asString().contains(".dry-run.csv");
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void aDryRunWithTheLiveRunsOutputLeavesTheLiveFilesAlone() throws Exception {
        Path out = Files.createDirectory(dir.resolve("x"));
        Path output = out.resolve("r.results.csv");
        assertThat(command.run("--cancel.input=" + input, "--cancel.output=" + output)
                        .exitCode())
                .isEqualTo(3);
        Map<Path, byte[]> live = contents(out);
        assertThat(live)
                .containsOnlyKeys(output, out.resolve("r.results.retry.csv"), out.resolve("r.results.summary.json"));

        CancelCommand.Result dry =
                command.run("--cancel.input=" + input, "--cancel.output=" + output, "--cancel.dry-run");

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        Path dryRunFile = out.resolve("r.results.dry-run.csv");
        assertThat(dry.out()).contains(dryRunFile.toString());
        Map<Path, byte[]> after = contents(out);
        assertThat(after.keySet())
                .containsExactlyInAnyOrderElementsOf(Stream.concat(live.keySet().stream(), Stream.of(dryRunFile))
                        .toList());
        live.forEach(
                (file, bytes) -> assertThat(after.get(file)).as(file.toString()).isEqualTo(bytes));
        assertThat(ResultsCsv.read(dryRunFile))
                .extracting(r -> r.get("outcome"))
                .containsExactly("WOULD_CANCEL", "WOULD_CANCEL");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "check.csv:check.dry-run.csv",
                "check.dry-run.csv:check.dry-run.csv",
                "check:check.dry-run.csv",
                "CHECK.CSV:CHECK.dry-run.csv"
            })
    void aDryRunInsertsDryRunIntoAnExplicitOutput(String given) {
        String[] names = given.split(":");

        CancelCommand.Result result =
                command.run("--cancel.input=" + input, "--cancel.dry-run", "--cancel.output=" + dir.resolve(names[0]));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(ResultsCsv.read(dir.resolve(names[1]))).hasSize(2);
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void aNewRunWhoseOutputIsTheNameTheEarlierGenerationIsKeptUnderIsRefused() throws Exception {
        assertThat(command.run("--cancel.input=" + input).exitCode()).isEqualTo(3);
        Map<Path, byte[]> generation1 = contents(dir);
        int sent = provider.requests().size();

        CancelCommand.Result result = command.run(
                "--cancel.input=" + input,
                "--cancel.new-run",
                "--cancel.output=" + dir.resolve("reservations.results.gen1.csv"));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().strip().lines())
                .singleElement()
                .asString()
                .contains(dir.resolve("reservations.results.gen1.csv").toString());
        assertThat(provider.requests()).hasSize(sent);
        Map<Path, byte[]> after = contents(dir);
        generation1.forEach((file, bytes) -> {
            if (!file.getFileName().toString().startsWith("jobs")) {
                assertThat(after.get(file)).as(file.toString()).isEqualTo(bytes);
            }
        });
    }

    @Test
    void aNewRunWhoseEarlierGenerationWouldBeKeptUnderTheInputsNameIsRefused() throws Exception {
        Path own = Files.writeString(dir.resolve("o.gen1.csv"), CSV);
        byte[] before = Files.readAllBytes(own);
        String output = "--cancel.output=" + dir.resolve("o.csv");
        assertThat(command.run("--cancel.input=" + own, output).exitCode()).isEqualTo(3);
        int sent = provider.requests().size();

        CancelCommand.Result result = command.run("--cancel.input=" + own, output, "--cancel.new-run");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().strip().lines())
                .singleElement()
                .asString()
                .contains(own.toString())
                .contains("is the input file");
        assertThat(provider.requests()).hasSize(sent);
        assertThat(Files.readAllBytes(own)).isEqualTo(before);
        assertThat(dir.resolve("o.csv")).exists();
    }

    /** The regular files directly in a directory and their bytes. */
    static Map<Path, byte[]> contents(Path directory) throws Exception {
        Set<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(Files::isRegularFile).collect(Collectors.toSet());
        }
        Map<Path, byte[]> contents = new LinkedHashMap<>();
        for (Path file : files) {
            contents.put(file, Files.readAllBytes(file));
        }
        return contents;
    }
}
