package com.bulkcancel.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * A different file moved over the input while the run sends: the calls went to the file the run opened, so the
 * results must never describe the one now at the path.
 */
@ExtendWith(OutputCaptureExtension.class)
class InputReplacedDuringRunTest extends SimulatedProviderTest {

    static final List<String> SENT = List.of(
            "00000000-0000-4000-8000-000000000001",
            "00000000-0000-4000-8000-000000000002",
            "00000000-0000-4000-8000-000000000003");
    static final List<String> OTHER = List.of(
            "00000000-0000-4000-8000-000000000011",
            "00000000-0000-4000-8000-000000000012",
            "00000000-0000-4000-8000-000000000013");

    Path input;
    Path results;
    String sentContent;

    @BeforeEach
    void files() throws Exception {
        input = dir.resolve("reservations.csv");
        results = dir.resolve("reservations.results.csv");
        sentContent = csv(SENT);
        Files.writeString(input, sentContent);
        SENT.forEach(provider::reservation);
        OTHER.forEach(provider::reservation);
    }

    static String csv(List<String> uuids) {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        uuids.forEach(u -> csv.append(u).append(",event cancelled\n"));
        return csv.toString();
    }

    /** At the provider's first request, another file is moved over the input (a new file at the same path). */
    void replaceInputAtFirstRequest() throws IOException {
        replaceInputAtFirstRequest(csv(OTHER));
    }

    void replaceInputAtFirstRequest(String content) throws IOException {
        Path other = dir.resolve("other.csv");
        Files.writeString(other, content);
        AtomicBoolean done = new AtomicBoolean();
        provider.server().addMockServiceRequestListener((request, response) -> {
            if (done.compareAndSet(false, true)) {
                try {
                    Files.move(other, input, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    @Test
    void aFileMovedOverTheInputMidRunLeavesTheResultsAloneAndExits1NamingTheSentFilesSha256(CapturedOutput output)
            throws Exception {
        Files.writeString(results, "results of an earlier run\n");
        replaceInputAtFirstRequest();

        CancelCommand.Result result = command.run("--cancel.input=" + input, "--cancel.max-in-flight=1");

        assertThat(result.exitCode()).as(output.getAll()).isEqualTo(1);
        assertThat(provider.requests())
                .extracting(r -> r.getUrl().substring(SimulatedFrontpayment.PATH.length()))
                .containsExactlyElementsOf(SENT);
        assertThat(Files.readString(results)).isEqualTo("results of an earlier run\n");
        assertThat(output.getAll()).contains(sha256(sentContent)).contains("put that file back");
        assertThat(dir.resolve("reservations.results.csv.tmp")).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void theRunStaysUnfinishedUntilTheSentFileIsBackThenItsResultsAreWrittenWithoutSendingAgain() throws Exception {
        replaceInputAtFirstRequest();
        assertThat(command.run("--cancel.input=" + input, "--cancel.max-in-flight=1")
                        .exitCode())
                .isEqualTo(1);
        assertThat(results).doesNotExist();

        // The replaced-input rule: the unfinished run of the other content refuses this file.
        assertThat(command.run("--cancel.input=" + input).exitCode()).isEqualTo(2);

        Files.writeString(input, sentContent);
        CancelCommand.Result rerun = command.run("--cancel.input=" + input);

        assertThat(rerun.exitCode()).isEqualTo(0);
        assertThat(ResultsCsv.read(results))
                .extracting(r -> r.get("reservation_uuid"))
                .containsExactlyElementsOf(SENT);
        assertThat(ResultsCsv.read(results)).extracting(r -> r.get("outcome")).containsOnly("CANCELLED");
        assertThat(provider.requests()).hasSize(3);
        assertThat(provider.uuidsCalledAfterTheir202()).isEmpty();
    }

    @Test
    void aFileWithTheSameReservationsButOtherNotesIsCaughtByItsSha256(CapturedOutput output) throws Exception {
        replaceInputAtFirstRequest(sentContent.replace("event cancelled", "a different note"));

        CancelCommand.Result result = command.run("--cancel.input=" + input, "--cancel.max-in-flight=1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(results).doesNotExist();
        assertThat(output.getAll()).contains("its content now has SHA-256").contains(sha256(sentContent));
    }

    static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes()));
    }
}
