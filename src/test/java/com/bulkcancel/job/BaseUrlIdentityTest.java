package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.DefaultJobKeyGenerator;
import org.springframework.batch.core.job.parameters.JobParameters;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;

/** A base URL's identity is its meaning, not its spelling: every spelling of one environment resumes one run. */
class BaseUrlIdentityTest extends SimulatedProviderTest {

    private static final String SHA256 = "0".repeat(64);

    Path file;
    List<String> uuids = new ArrayList<>();

    @BeforeEach
    void prepare() throws Exception {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (int i = 1; i <= 30; i++) {
            String uuid = String.format("3b1d0c52-8e4f-4a7b-9c2d-5e6f7a8b%04d", i);
            uuids.add(uuid);
            provider.reservation(uuid);
            csv.append(uuid).append(",event cancelled\n");
        }
        file = dir.resolve("reservations.csv");
        Files.writeString(file, csv);
    }

    /** The provider goes down at line 16: the run stops with exit 1, lines 1-15 answered CANCELLED. */
    private void stoppedMidway(String baseUrl) {
        provider.goesDownAt(uuids.get(15));
        CancelCommand.Result first = command.run(runArgs(baseUrl));
        assertThat(first.exitCode()).isEqualTo(1);
        provider.comeBack();
    }

    private String[] runArgs(String baseUrl) {
        return new String[] {
            "--cancel.input=" + file,
            "--frontpayment.base-url=" + baseUrl,
            "--cancel.max-in-flight=1",
            "--cancel.outage-threshold=3",
            "--cancel.max-attempts=2",
            "--cancel.rate-per-second=1000"
        };
    }

    private void assertResumedWithoutSendingAnAnsweredLineAgain(CancelCommand.Result rerun) throws Exception {
        assertThat(rerun.exitCode()).isZero();
        assertThat(provider.uuidsCalledAfterTheir202()).isEmpty();
        List<Map<String, String>> rows = ResultsCsv.read(dir.resolve("reservations.results.csv"));
        assertThat(rows).extracting(r -> r.get("outcome")).hasSize(30).containsOnly("CANCELLED");
        assertThat(jobInstances()).isEqualTo(1);
    }

    @Test
    void twoSpellingsOfOneBaseUrlResumeOneRun() throws Exception {
        String normal = "http://127.0.0.1:" + provider.port();
        stoppedMidway("HTTP://127.0.0.1:" + provider.port() + "/");

        CancelCommand.Result rerun = command.run(runArgs(normal));

        assertResumedWithoutSendingAnAnsweredLineAgain(rerun);
        assertThat(Files.readString(dir.resolve("reservations.results.summary.json")))
                .contains("\"base_url\" : \"" + normal + "\"");
        CancelCommand.Result history = command.run("--cancel.history");
        assertThat(history.out()).contains("base URL  " + normal + "\n").doesNotContain("HTTP:");
    }

    /** A run started before base URLs were normalised recorded the spelling given (minus trailing slashes). */
    @Test
    void aRunRecordedWithAnOldSpellingIsResumedByAnotherSpelling() throws Exception {
        stoppedMidway("http://127.0.0.1:" + provider.port());
        recordBaseUrlAsAnOlderJarDid("HTTP://127.0.0.1:" + provider.port());

        CancelCommand.Result rerun = command.run(runArgs("http://127.0.0.1:" + provider.port() + "/"));

        assertResumedWithoutSendingAnAnsweredLineAgain(rerun);
    }

    @Test
    void theDefaultPortCaseAndTrailingSlashesAreNotPartOfTheIdentity() throws Exception {
        JobIdentity identity = JobIdentity.of(file, SHA256, URI.create("https://demo-api.frontpayment.no"));
        assertThat(identity.baseUrl()).isEqualTo("https://demo-api.frontpayment.no");
        for (String spelling : List.of(
                "https://Demo-API.frontpayment.no:443/",
                "HTTPS://demo-api.FRONTPAYMENT.no//",
                "https://demo-api.frontpayment.no:443")) {
            assertThat(JobIdentity.of(file, SHA256, URI.create(spelling)).baseUrl())
                    .as(spelling)
                    .isEqualTo(identity.baseUrl());
            // as recorded by an older jar: the spelling given, minus trailing slashes
            JobParameters recorded = new JobIdentity(
                            identity.inputPath(), identity.inputSha256(), spelling.replaceAll("/+$", ""))
                    .parameters(dir.resolve("r.csv"));
            assertThat(identity.sameContentAndBaseUrl(recorded)).as(spelling).isTrue();
        }
        assertThat(JobIdentity.of(file, SHA256, URI.create("http://127.0.0.1:80/"))
                        .baseUrl())
                .isEqualTo("http://127.0.0.1");
        for (String other : List.of(
                "https://demo-api.frontpayment.no:8443",
                "http://demo-api.frontpayment.no",
                "https://api.frontpayment.no",
                "https://demo-api.frontpayment.no:80")) {
            assertThat(JobIdentity.of(file, SHA256, URI.create(other)).baseUrl())
                    .as(other)
                    .isNotEqualTo(identity.baseUrl());
            JobParameters recorded = new JobIdentity(identity.inputPath(), identity.inputSha256(), other)
                    .parameters(dir.resolve("r.csv"));
            assertThat(identity.sameContentAndBaseUrl(recorded)).as(other).isFalse();
        }
    }

    /**
     * Rewrites the stopped run's base URL parameter to {@code spelling}, and its job instance's key to match, as the
     * jar before normal forms would have recorded a command given that spelling.
     */
    private void recordBaseUrlAsAnOlderJarDid(String spelling) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("jobs"), "sa", "")) {
            String sha;
            try (ResultSet rs = c.createStatement()
                    .executeQuery("SELECT PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS"
                            + " WHERE PARAMETER_NAME = 'input.sha256'")) {
                assertThat(rs.next()).isTrue();
                sha = rs.getString(1);
            }
            assertThat(c.createStatement()
                            .executeUpdate("UPDATE BATCH_JOB_EXECUTION_PARAMS SET PARAMETER_VALUE = '" + spelling
                                    + "' WHERE PARAMETER_NAME = 'base.url'"))
                    .isEqualTo(1);
            JobParameters old = new JobIdentity(file.toRealPath().toString(), sha, spelling)
                    .parameters(dir.resolve("reservations.results.csv"));
            try (PreparedStatement key = c.prepareStatement("UPDATE BATCH_JOB_INSTANCE SET JOB_KEY = ?")) {
                key.setString(1, new DefaultJobKeyGenerator().generateKey(old));
                assertThat(key.executeUpdate()).isEqualTo(1);
            }
        }
    }

    private int jobInstances() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("jobs"), "sa", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
