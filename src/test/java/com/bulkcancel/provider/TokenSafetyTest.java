package com.bulkcancel.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/** The token's ways in (environment, owner-only file) and that it never comes out anywhere; transport rules. */
@ExtendWith(OutputCaptureExtension.class)
class TokenSafetyTest extends SimulatedProviderTest {

    static final String A = "7c3d2e1f-0a9b-4c8d-8e7f-6a5b4c3d2e01";
    static final String B = "7c3d2e1f-0a9b-4c8d-8e7f-6a5b4c3d2e02";
    static final String C = "7c3d2e1f-0a9b-4c8d-8e7f-6a5b4c3d2e03";
    static final String D = "7c3d2e1f-0a9b-4c8d-8e7f-6a5b4c3d2e04";
    static final String[] DEBUG = {
        "--logging.level.root=DEBUG",
        "--logging.level.org.apache.hc.client5.http.wire=DEBUG",
        "--logging.level.org.apache.hc.client5.http.headers=DEBUG"
    };

    Path input(String name, String... rows) throws IOException {
        return Files.writeString(dir.resolve(name), "reservation_uuid,note\n" + String.join("\n", rows) + "\n");
    }

    @Test
    void theTokenAppearsNowhereEvenAtDebug(CapturedOutput console) throws Exception {
        provider.reservation(A)
                .failsThenCancels(B, 1, SimulatedFrontpayment.serverError())
                .answers(D, SimulatedFrontpayment.json(401, "{\"message\":\"Unauthenticated.\"}"));
        Path completes = input("completes.csv", A + ",note one", B + ",note two", C + ",unknown", "bad,row");
        Path refused = input("refused.csv", D + ",refused");

        CancelCommand.Result first = command.withArgs(DEBUG).run("--cancel.input=" + completes);
        CancelCommand.Result second = command.run("--cancel.input=" + refused);

        assertThat(first.exitCode()).isZero();
        assertThat(second.exitCode()).isEqualTo(4);
        assertThat(console.getAll()).as("DEBUG logging did run").contains("DEBUG");
        assertThat(console.getAll()).as("HttpClient logged at DEBUG").contains("DEBUG ex-0000000");
        String token = SimulatedFrontpayment.TOKEN;
        assertThat(console.getAll()).doesNotContain(token);
        assertThat(first.out() + first.err() + second.out() + second.err()).doesNotContain(token);
        assertThat(databaseText())
                .as("job parameters, exit messages, contexts, outcomes")
                .isNotEmpty()
                .doesNotContain(token);
        assertThat(filesContaining(token.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(provider.requests())
                .allSatisfy(r ->
                        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + token)); // it was really sent
    }

    @Test
    void anOwnerOnlyTokenFileWorks() throws Exception {
        provider.reservation(A);
        Path tokenFile = Files.writeString(dir.resolve("token"), SimulatedFrontpayment.TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));

        CancelCommand.Result result = command.withEnv("FRONTPAYMENT_TOKEN", null)
                .run("--cancel.input=" + input("r.csv", A + ",x"), "--frontpayment.token-file=" + tokenFile);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(ResultsCsv.read(dir.resolve("r.results.csv")))
                .extracting(r -> r.get("outcome"))
                .containsExactly("CANCELLED");
    }

    @Test
    void aGroupOrWorldReadableTokenFileIsRefused(CapturedOutput console) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), SimulatedFrontpayment.TOKEN);
        Path file = input("r.csv", A + ",x");
        command.withEnv("FRONTPAYMENT_TOKEN", null);
        for (String permissions : new String[] {"rw-r-----", "rw----r--"}) {
            Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString(permissions));

            CancelCommand.Result result =
                    command.run("--cancel.input=" + file, "--frontpayment.token-file=" + tokenFile);

            assertThat(result.exitCode()).as(permissions).isEqualTo(2);
            assertThat(result.err())
                    .contains(tokenFile.toString())
                    .contains("chmod 600")
                    .hasLineCount(1);
        }
        assertThat(console.getAll()).doesNotContain("Exception");
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void aTokenOnTheCommandLineIsRefused() throws Exception {
        CancelCommand.Result result = command.run(
                "--cancel.input=" + input("r.csv", A + ",x"), "--frontpayment.token=" + SimulatedFrontpayment.TOKEN);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).hasLineCount(1).doesNotContain(SimulatedFrontpayment.TOKEN);
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void plainHttpToAnotherHostIsRefusedUnlessAllowed() throws Exception {
        provider.reservation(A);
        Path file = input("r.csv", A + ",x");
        // 127.0.0.2 is loopback too, but not one of the names the job trusts for plain http.
        CancelCommand remote =
                new CancelCommand(dir, null).withArgs("--frontpayment.base-url=http://127.0.0.2:" + provider.port());

        CancelCommand.Result refused = remote.run("--cancel.input=" + file);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("plain http").hasLineCount(1);
        assertThat(provider.requests()).isEmpty();

        CancelCommand.Result allowed = remote.run("--cancel.input=" + file, "--frontpayment.allow-insecure-http=true");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void httpsVerifiesTheServerCertificate() throws Exception {
        WireMockServer selfSigned = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
        selfSigned.start();
        try {
            selfSigned.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(202)));
            CancelCommand https = new CancelCommand(dir, null)
                    .withArgs("--frontpayment.base-url=https://localhost:" + selfSigned.httpsPort());

            CancelCommand.Result result =
                    https.run("--cancel.input=" + input("r.csv", A + ",x"), "--cancel.max-attempts=1");

            // The first call's TLS failure is a mistaken command (FirstCallTest): exit 2, one line naming it.
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).hasLineCount(1).contains("TLS");
            assertThat(selfSigned.getAllServeEvents())
                    .as("no request got through the handshake")
                    .isEmpty();
        } finally {
            selfSigned.stop();
        }
    }

    @Test
    void noSourceConfiguresTrustAllOrSkipsHostnameChecks() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<Path> offenders = sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        String text = read(p);
                        return Stream.of(
                                        "TrustAllStrategy",
                                        "TrustSelfSignedStrategy",
                                        "NoopHostnameVerifier",
                                        "X509TrustManager",
                                        "setHostnameVerifier",
                                        "loadTrustMaterial")
                                .anyMatch(text::contains);
                    })
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every text value in every table of the job database (job parameters, exit messages, outcomes...). */
    private String databaseText() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("jobs"), "sa", "");
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES" + " WHERE TABLE_SCHEMA = 'PUBLIC'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("BATCH_JOB_EXECUTION_PARAMS", "BULK_CANCEL_OUTCOME");
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            text.append(rs.getString(i)).append('\n');
                        }
                    }
                }
            }
        }
        return text.toString();
    }

    private List<Path> filesContaining(byte[] needle) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> indexOf(bytes(f), needle) >= 0)
                    .toList();
        }
    }

    private static byte[] bytes(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
