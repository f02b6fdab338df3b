package com.bulkcancel.report;

import static com.bulkcancel.sandbox.SimulatedFrontpayment.serverError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;

/** Symbolic links planted where the run writes its files never redirect what it writes. */
class PlantedLinksTest extends SimulatedProviderTest {

    static final String CANCELLED = "00000000-0000-4000-8000-000000000001";
    static final String FAILS = "00000000-0000-4000-8000-000000000002";

    Path input;
    Path victim;

    @BeforeEach
    void files() throws Exception {
        input = dir.resolve("reservations.csv");
        Files.writeString(input, "reservation_uuid,note\n" + CANCELLED + ",a\n" + FAILS + ",b\n");
        provider.reservation(CANCELLED).answers(FAILS, serverError());
        victim = dir.resolve("victim.txt");
        Files.writeString(victim, "precious\n");
    }

    @Test
    void linksPlantedAtTheOldTemporaryNamesAreNotFollowedAndTheOutputsAreRegularFiles() throws Exception {
        Path resultsVictim = victim("results-victim.txt");
        Path retryVictim = victim("retry-victim.txt");
        Path summaryVictim = victim("summary-victim.txt");
        Files.createSymbolicLink(dir.resolve("reservations.results.csv.tmp"), resultsVictim);
        Files.createSymbolicLink(dir.resolve("reservations.results.retry.csv.tmp"), retryVictim);
        Files.createSymbolicLink(dir.resolve("reservations.results.summary.json.tmp"), summaryVictim);

        CancelCommand.Result result = command.run("--cancel.input=" + input, "--cancel.max-attempts=1");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(Files.readString(resultsVictim)).isEqualTo("precious\n");
        assertThat(Files.readString(retryVictim)).isEqualTo("precious\n");
        assertThat(Files.readString(summaryVictim)).isEqualTo("precious\n");
        for (String name : new String[] {
            "reservations.results.csv", "reservations.results.retry.csv", "reservations.results.summary.json"
        }) {
            assertThat(Files.isRegularFile(dir.resolve(name), LinkOption.NOFOLLOW_LINKS))
                    .as(name)
                    .isTrue();
        }
        assertThat(ResultsCsv.read(dir.resolve("reservations.results.csv"))).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"reservations.results.csv", "reservations.results.retry.csv", "reservations.results.summary.json"
            })
    void anOutputPathThatIsALinkIsRefusedWithExit2BeforeAnyCall(String name) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve(name), victim);

        CancelCommand.Result result = command.run("--cancel.input=" + input);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip().lines())
                .singleElement()
                .asString()
                .contains(link.toString())
                .contains("symbolic link");
        assertThat(provider.requests()).isEmpty();
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void aDryRunResultsPathThatIsALinkIsRefusedWithExit2() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("reservations.dry-run.csv"), victim);

        CancelCommand.Result result = command.run("--cancel.input=" + input, "--cancel.dry-run");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(link.toString());
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
    }

    @Test
    void anOutputInADirectoryReachedThroughALinkIsWritten() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real-out"));
        Path linked = Files.createSymbolicLink(dir.resolve("out"), real);

        CancelCommand.Result result = command.run(
                "--cancel.input=" + input, "--cancel.max-attempts=1", "--cancel.output=" + linked.resolve("run.csv"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(Files.isRegularFile(real.resolve("run.csv"), LinkOption.NOFOLLOW_LINKS))
                .isTrue();
        assertThat(Files.isRegularFile(real.resolve("run.summary.json"), LinkOption.NOFOLLOW_LINKS))
                .isTrue();
        assertThat(Files.isRegularFile(real.resolve("run.retry.csv"), LinkOption.NOFOLLOW_LINKS))
                .isTrue();
    }

    Path victim(String name) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "precious\n");
        return file;
    }
}
