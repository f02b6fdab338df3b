package com.bulkcancel.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;

/** A file the job cannot use: exit 2, one line naming the file and the problem, nothing sent, no start-up report. */
@ExtendWith(OutputCaptureExtension.class)
class UnusableInputJobTest extends SimulatedProviderTest {

    static final String A = "2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a01";

    @BeforeEach
    void prepare() {
        provider.reservation(A);
    }

    static Stream<Arguments> unusableFiles() {
        return Stream.of(
                Arguments.of("an empty file", (Function<Path, Path>) d -> write(d, ""), "is empty"),
                Arguments.of("blank lines only", (Function<Path, Path>) d -> write(d, "\n \r\n"), "is empty"),
                Arguments.of(
                        "a header only",
                        (Function<Path, Path>) d -> write(d, "reservation_uuid,note\r\n"),
                        "has a header but no data rows"),
                Arguments.of(
                        "a header and blank records",
                        (Function<Path, Path>) d -> write(d, "reservation_uuid,note\n,\n\n"),
                        "has a header but no data rows"),
                Arguments.of(
                        "no reservation_uuid column",
                        (Function<Path, Path>) d -> write(d, "id,note\n" + A + ",x\n"),
                        "has no reservation_uuid column"),
                Arguments.of(
                        "a directory", (Function<Path, Path>) d -> mkdir(d.resolve("folder.csv")), "is a directory"),
                Arguments.of("a missing file", (Function<Path, Path>) d -> d.resolve("nowhere.csv"), "does not exist"),
                Arguments.of(
                        "a binary file",
                        (Function<Path, Path>) d -> write(d, "PK\u0003\u0004\u001b[2J\u0000\u0014\n\u0000\u0001\n"),
                        "has no reservation_uuid column"),
                Arguments.of(
                        "classic Mac line endings",
                        (Function<Path, Path>) d -> write(d, "reservation_uuid,note\r" + A + ",x\r"),
                        "CR only"),
                Arguments.of(
                        "no note column",
                        (Function<Path, Path>) d -> write(d, "reservation_uuid,customer\n" + A + ",Ola\n"),
                        "--cancel.default-note"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableFiles")
    void anUnusableFileExitsTwoWithOneLineAndSendsNothing(
            String what, Function<Path, Path> make, String problem, CapturedOutput console) {
        Path file = make.apply(dir);

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).hasLineCount(1).contains(file.toString()).contains(problem);
        assertThat(result.err().strip().chars())
                .as("no control characters reach the terminal")
                .noneMatch(Character::isISOControl);
        assertThat(provider.requests()).isEmpty();
        assertThat(console.getAll())
                .doesNotContain("APPLICATION FAILED TO START")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    @Test
    void withoutANoteColumnTheDefaultNoteIsSent() throws Exception {
        Path file = write(dir, "reservation_uuid\n" + A + "\n");

        CancelCommand.Result result = command.run("--cancel.input=" + file, "--cancel.default-note=Event cancelled");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(ResultsCsv.read(dir.resolve("reservations.results.csv")).get(0))
                .containsEntry("note", "Event cancelled")
                .containsEntry("outcome", "CANCELLED");
        assertThat(provider.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).isEqualTo("{\"note\":\"Event cancelled\"}"));
    }

    private static Path write(Path dir, String content) {
        try {
            return Files.writeString(dir.resolve("reservations.csv"), content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path mkdir(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
