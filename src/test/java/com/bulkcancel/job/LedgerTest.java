package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;

/**
 * One ledger per environment: a reservation that a run recorded CANCELLED against a base URL is not sent again by
 * a run of another file (or of a copy at another path) against that base URL; {@code --cancel.new-run} sends its
 * own file's rows again.
 */
class LedgerTest extends SimulatedProviderTest {

    List<String> uuids = new ArrayList<>();

    @BeforeEach
    void prepare() {
        for (int i = 1; i <= 12; i++) {
            String uuid = String.format("6d1e6679-7425-40de-944b-e07fc1f9%04d", i);
            uuids.add(uuid);
            provider.reservation(uuid);
        }
    }

    Path file(String name, List<String> rows) throws Exception {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        rows.forEach(u -> csv.append(u).append(",event cancelled\n"));
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, csv);
        return file;
    }

    static String[] args(Path file, String... more) {
        return Stream.concat(
                        Stream.of("--cancel.input=" + file, "--cancel.chunk-size=4", "--cancel.rate-per-second=1000"),
                        Stream.of(more))
                .toArray(String[]::new);
    }

    static List<Map<String, String>> results(Path file) {
        String name = file.getFileName().toString();
        return ResultsCsv.read(file.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".results.csv"));
    }

    @Test
    void twoFilesSharingReservationsSendEachSharedReservationOnce() throws Exception {
        Path first = file("monday.csv", uuids.subList(0, 8));
        Path second = file("tuesday.csv", uuids.subList(4, 12)); // lines 1-4 shared with monday's lines 5-8
        assertThat(command.run(args(first)).exitCode()).isZero();

        CancelCommand.Result rerun = command.run(args(second));

        assertThat(rerun.exitCode()).isZero();
        uuids.forEach(u -> assertThat(provider.requestsFor(u)).as(u).isEqualTo(1));
        List<Map<String, String>> rows = results(second);
        for (int line = 1; line <= 4; line++) {
            Map<String, String> row = ResultsCsv.line(rows, line);
            assertThat(row.get("outcome")).isEqualTo("CANCELLED_EARLIER");
            assertThat(row.get("attempts")).isEqualTo("0");
            assertThat(row.get("detail"))
                    .contains("run ")
                    .contains(first.toRealPath().toString())
                    .containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
        }
        for (int line = 5; line <= 8; line++) {
            assertThat(ResultsCsv.line(rows, line).get("outcome")).isEqualTo("CANCELLED");
        }
        assertThat(
                        Files.exists(second.resolveSibling("tuesday.results.retry.csv"))
                                ? Files.readAllLines(second.resolveSibling("tuesday.results.retry.csv"))
                                : List.of())
                .noneMatch(l -> l.contains(uuids.get(4)));
    }

    @Test
    void aCopyOfTheSameFileAtAnotherPathSendsNothingAgain() throws Exception {
        Path original = file("export.csv", uuids);
        Path copy = file("copies/export.csv", uuids);
        assertThat(command.run(args(original)).exitCode()).isZero();

        CancelCommand.Result rerun = command.run(args(copy));

        assertThat(rerun.exitCode()).isZero();
        uuids.forEach(u -> assertThat(provider.requestsFor(u)).as(u).isEqualTo(1));
        assertThat(results(copy)).extracting(r -> r.get("outcome")).hasSize(12).containsOnly("CANCELLED_EARLIER");
    }

    @Test
    void newRunSendsItsOwnFilesRowsAgainButNotThoseAnotherFileCancelled() throws Exception {
        Path monday = file("monday.csv", uuids.subList(0, 6));
        Path tuesday = file("tuesday.csv", uuids.subList(4, 10)); // lines 1-2 cancelled by monday
        assertThat(command.run(args(monday)).exitCode()).isZero();
        assertThat(command.run(args(tuesday)).exitCode()).isZero();

        CancelCommand.Result again = command.run(args(tuesday, "--cancel.new-run"));

        assertThat(again.exitCode()).isZero();
        uuids.subList(4, 6)
                .forEach(u -> assertThat(provider.requestsFor(u)).as(u).isEqualTo(1));
        uuids.subList(6, 10)
                .forEach(u -> assertThat(provider.requestsFor(u)).as(u).isEqualTo(2));
        List<Map<String, String>> rows = results(tuesday);
        assertThat(ResultsCsv.line(rows, 1).get("outcome")).isEqualTo("CANCELLED_EARLIER");
        assertThat(ResultsCsv.line(rows, 2).get("outcome")).isEqualTo("CANCELLED_EARLIER");
        for (int line = 3; line <= 6; line++) {
            assertThat(ResultsCsv.line(rows, line).get("outcome")).isIn("CANCELLED", "ALREADY_FINAL");
        }
    }

    @Test
    void aKilledRunsClaimsAreReleasedAtTheNextStart() throws Exception {
        Path monday = file("monday.csv", uuids.subList(0, 2));
        assertThat(command.run(args(monday)).exitCode()).isZero(); // creates the job database
        // A run killed mid-chunk (execution 999, never recorded as running any more) left claims on 2 reservations.
        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(
                new org.springframework.jdbc.datasource.DriverManagerDataSource(
                        "jdbc:h2:file:" + dir.resolve("jobs"), "sa", ""));
        for (String u : uuids.subList(2, 4)) {
            jdbc.update(
                    "INSERT INTO BULK_CANCEL_LEDGER (ENVIRONMENT, RESERVATION_UUID, STATE, JOB_INSTANCE_ID,"
                            + " JOB_EXECUTION_ID, LOCK_KEY, INPUT_PATH, INPUT_SHA256, LINE, CHANGED_AT) VALUES (?, ?,"
                            + " 'CLAIMED', 998, 999, 1, '/elsewhere/killed.csv', 'x', 1, CURRENT_TIMESTAMP)",
                    JobIdentity.normalise(provider.baseUrl()),
                    u);
        }
        Path tuesday = file("tuesday.csv", uuids.subList(2, 6));

        CancelCommand.Result run = command.run(args(tuesday));

        assertThat(run.exitCode()).isZero();
        uuids.subList(2, 6)
                .forEach(u -> assertThat(provider.requestsFor(u)).as(u).isEqualTo(1));
        assertThat(results(tuesday)).extracting(r -> r.get("outcome")).containsOnly("CANCELLED");
        assertThat(jdbc.queryForList("SELECT STATE FROM BULK_CANCEL_LEDGER WHERE JOB_EXECUTION_ID = 999"))
                .isEmpty();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM BULK_CANCEL_LEDGER WHERE STATE = 'CANCELLED'", Integer.class))
                .isEqualTo(6);
    }
}
