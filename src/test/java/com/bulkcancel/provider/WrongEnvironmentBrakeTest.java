package com.bulkcancel.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.outcomes.Outcome;

/** If the first rows sent all come back NOT_FOUND, the base URL probably points at the wrong environment. */
class WrongEnvironmentBrakeTest extends SimulatedProviderTest {

    /** The simulated provider knows none of the UUIDs: 404 orderNotFound for all. */
    @BeforeEach
    void prepare() {
        command.withArgs("--cancel.rate-per-second=1000",
                "--cancel.max-in-flight=4", "--cancel.chunk-size=10");
    }

    Path input(int rows) throws Exception {
        List<String> lines = new ArrayList<>(List.of("reservation_uuid,note"));
        for (int i = 0; i < rows; i++) {
            lines.add(new UUID(0x5eed_0000_0000_4000L, 0x8000_0000_0000_0000L + i) + ",event cancelled");
        }
        Path file = dir.resolve("reservations.csv");
        Files.write(file, lines);
        return file;
    }

    @Test
    void theFirstWindowOfNotFoundAnswersStopsTheRunWithExit2AndTheConfirmedRerunResumes() throws Exception {
        Path file = input(60);

        CancelCommand.Result braked = command.run("--cancel.input=" + file, "--cancel.sanity-window=20");

        assertThat(braked.exitCode()).isEqualTo(2);
        int sentBeforeBrake = provider.requests().size();
        assertThat(sentBeforeBrake).isBetween(20, 20 + 4); // the window, plus at most the calls then in flight

        CancelCommand.Result confirmed = command.run("--cancel.input=" + file, "--cancel.sanity-window=0");

        assertThat(confirmed.exitCode()).isZero();
        List<Map<String, String>> rows = ResultsCsv.read(dir.resolve("reservations.results.csv"));
        assertThat(rows).hasSize(60).extracting(r -> r.get("outcome")).containsOnly("NOT_FOUND");
        assertThat(new HashSet<>(provider.requests().stream().map(r -> r.getUrl()).toList())).hasSize(60);
        assertThat(provider.requests()).hasSize(60); // no row sent twice across the two runs
    }

    @Test
    void anyOtherAnswerInTheWindowReleasesTheBrake() throws Exception {
        Path file = input(30);
        String fifth = new UUID(0x5eed_0000_0000_4000L, 0x8000_0000_0000_0000L + 4).toString();
        provider.reservation(fifth);

        CancelCommand.Result result = command.run("--cancel.input=" + file, "--cancel.sanity-window=20");

        assertThat(result.exitCode()).isZero();
        assertThat(provider.requests()).hasSize(30);
    }

    @Test
    void fewerAnswersThanTheWindowNeverTripIt() {
        WrongEnvironmentBrake brake = new WrongEnvironmentBrake(3);
        assertThat(brake.tripsOn(Outcome.NOT_FOUND)).isFalse();
        assertThat(brake.tripsOn(Outcome.FAILED)).isFalse(); // no answer: does not count
        assertThat(brake.tripsOn(Outcome.NOT_FOUND)).isFalse();
        assertThat(brake.tripsOn(Outcome.NOT_FOUND)).isTrue();
        assertThat(brake.tripsOn(Outcome.NOT_FOUND)).isFalse(); // trips once
        assertThat(new WrongEnvironmentBrake(0).tripsOn(Outcome.NOT_FOUND)).isFalse();
    }
}
