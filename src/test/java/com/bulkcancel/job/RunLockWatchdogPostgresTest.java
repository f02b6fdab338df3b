package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.PostgresJobDatabase;
import com.bulkcancel.SimulatedProviderTest;

/**
 * On a PostgreSQL job database the input's advisory lock lives in one session, which the server can end under a
 * live run. The run's watchdog keeps that session busy (idle_session_timeout never ends it), and if the session
 * ends anyway (pg_terminate_backend: as a restart or a dropped connection) it stops the run: no further call
 * starts, exit 1. Meanwhile the run's heartbeat keeps a second start of the same input out (exit 5), so no line
 * is ever sent twice.
 */
@ExtendWith(OutputCaptureExtension.class)
class RunLockWatchdogPostgresTest extends SimulatedProviderTest {

    /** Console timestamps as full date-times with their offset (the default has the time of day only). */
    static final String LOG_PATTERN = "--logging.pattern.console=%d{yyyy-MM-dd HH:mm:ss.SSSXXX} %-5level %msg%n";

    static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSXXX");
    static final Pattern LOCK_LOST_AT =
            Pattern.compile("(?m)^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}(?:Z|[+-]\\d\\d:\\d\\d)) "
                    + "ERROR Lost this input's run lock in the job database");

    PostgresJobDatabase database;
    Path file;
    List<String> uuids = new ArrayList<>();

    @BeforeEach
    void createSchema() {
        database = PostgresJobDatabase.create();
    }

    @AfterEach
    void dropSchema() {
        database.close();
    }

    @Test
    void aTerminatedLockSessionStopsTheRunWithExit1AndASecondStartMeanwhileExits5(CapturedOutput output)
            throws Exception {
        // Line 5 answers after 10 s: the run is still waiting for it when its lock's session is ended.
        writeInput(30, 300);
        String slow = uuids.get(4);
        provider.cancelsSlowly(slow, 10_000);
        String[] args = args("--cancel.max-in-flight=2");
        CompletableFuture<CancelCommand.Result> first = CompletableFuture.supplyAsync(() -> command.run(args));
        await().atMost(Duration.ofSeconds(60)).until(() -> provider.requestsFor(slow) == 1);

        int terminated = database.jdbc()
                .queryForObject(
                        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks "
                                + "WHERE locktype = 'advisory' AND granted AND classid::bigint = ? AND objid::bigint = ? "
                                + "AND objsubid = 1",
                        Integer.class,
                        lockKey() >>> 32,
                        lockKey() & 0xFFFF_FFFFL);
        assertThat(terminated).as("sessions holding this input's lock").isEqualTo(1);
        CancelCommand.Result second = command.run(args);

        CancelCommand.Result firstResult = first.get(60, TimeUnit.SECONDS);
        assertThat(second.exitCode())
                .as("the second start, while the first still waits for a call: %s", second.err())
                .isEqualTo(5);
        assertThat(second.err()).contains("heartbeat");
        assertThat(firstResult.exitCode()).as(firstResult.err()).isEqualTo(1);
        assertThat(output.getOut())
                .contains("Lost this input's run lock in the job database (")
                .contains("Rerun the same command");
        Matcher lost = LOCK_LOST_AT.matcher(output.getOut());
        assertThat(lost.find()).isTrue();
        Instant lostAt = OffsetDateTime.parse(lost.group(1), LOG_TIME).toInstant();
        // A call that had passed the stop check when the watchdog fired may arrive a moment later (2 s: its thread
        // may be held up on a loaded machine); none after. Full date-times: a run across midnight compares right.
        assertThat(provider.requests())
                .as("requests received after the watchdog fired at %s", lostAt)
                .allMatch(r -> !r.getLoggedDate().toInstant().isAfter(lostAt.plusSeconds(2)));
        assertThat(provider.requests()).hasSizeLessThan(30);
        JsonNode summary = JsonMapper.builder()
                .build()
                .readTree(dir.resolve("reservations.results.summary.json").toFile());
        assertThat(summary.get("stop_reason").asString()).isEqualTo("lock_lost");
        assertThat(summary.get("last_error").get("message").asString()).isNotBlank();
        assertThat(firstResult.out()).contains("stopped            lock_lost: lost this input's run lock");
        List<String> history = new ArrayList<>(List.of(database.args()));
        history.add("--cancel.history");
        assertThat(command.run(history.toArray(String[]::new)).out()).contains("stopped   lock_lost");

        CancelCommand.Result resumed = command.run(args);

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        for (String uuid : uuids) {
            assertThat(provider.requestsFor(uuid))
                    .as("calls for %s over all three starts", uuid)
                    .isEqualTo(1);
        }
    }

    @Test
    void idleSessionTimeoutDoesNotEndTheLockOfALiveRunSoASecondStartExits5(CapturedOutput output) throws Exception {
        writeInput(24, 500);
        String[] args = args("--cancel.max-in-flight=1");
        String[] withIdleTimeout = withUrl(args, database.url("options=-c%20idle_session_timeout%3D4s"));
        CompletableFuture<CancelCommand.Result> first =
                CompletableFuture.supplyAsync(() -> command.run(withIdleTimeout));
        // 12 calls of 0.5 s each: the lock's session has been held for well over 4 s.
        await().atMost(Duration.ofSeconds(60)).until(() -> provider.requests().size() >= 12);

        CancelCommand.Result second = command.run(withIdleTimeout);

        assertThat(second.exitCode()).as("the second start: %s", second.err()).isEqualTo(5);
        CancelCommand.Result firstResult = first.get(60, TimeUnit.SECONDS);
        assertThat(firstResult.exitCode()).as(firstResult.err()).isZero();
        assertThat(output.getOut()).doesNotContain("Lost this input's run lock");
        for (String uuid : uuids) {
            assertThat(provider.requestsFor(uuid)).as("calls for %s", uuid).isEqualTo(1);
        }
    }

    private void writeInput(int rows, int delayMillis) throws Exception {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (int i = 1; i <= rows; i++) {
            String uuid = String.format("9a1d4e77-7425-40de-944b-e07fc1f9%04d", i);
            uuids.add(uuid);
            provider.cancelsSlowly(uuid, delayMillis);
            csv.append(uuid).append(",event cancelled\n");
        }
        file = dir.resolve("reservations.csv");
        Files.writeString(file, csv);
    }

    private String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of(database.args()));
        all.add("--cancel.input=" + file);
        all.add("--cancel.rate-per-second=1000");
        all.add("--cancel.chunk-size=5");
        all.add(LOG_PATTERN);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String[] withUrl(String[] args, String url) {
        List<String> all = new ArrayList<>(List.of(args));
        all.replaceAll(a -> a.startsWith("--spring.datasource.url=") ? "--spring.datasource.url=" + url : a);
        return all.toArray(String[]::new);
    }

    private long lockKey() throws Exception {
        return RunLock.advisoryKey(file.toRealPath().toString());
    }
}
