package com.bulkcancel.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.SimulatedProviderTest;

/**
 * Corporate networks reach the provider only through a proxy. The calls go through the one the JVM's proxy
 * properties name, else the one HTTPS_PROXY (HTTP_PROXY for an http base URL) names, unless NO_PROXY lists the
 * host; {@code frontpayment.proxy} (a URL, or none) overrides both. The base URL's host, frontpayment.test, is one
 * only the test proxy resolves: a call that bypasses the proxy fails with an unknown host.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyTest extends SimulatedProviderTest {

    private TlsFrontpayment tls;
    private TunnelProxy proxy;

    @BeforeEach
    void start() {
        tls = new TlsFrontpayment();
        proxy = TlsFrontpayment.proxy();
    }

    @AfterEach
    void stop() {
        proxy.close();
        tls.close();
    }

    Path input(int rows) throws Exception {
        List<String> lines = new ArrayList<>(List.of("reservation_uuid,note"));
        for (int i = 0; i < rows; i++) {
            lines.add(new UUID(0x9e0c_0000_0000_4000L, 0x8000_0000_0000_0000L + i) + ",event cancelled");
        }
        Path file = dir.resolve("reservations.csv");
        Files.write(file, lines);
        return file;
    }

    CancelCommand.Result run(String... args) throws Exception {
        // One call at a time: the pooled connection (one tunnel) carries them all.
        List<String> all = new ArrayList<>(List.of("--cancel.input=" + input(3), "--cancel.max-in-flight=1"));
        all.addAll(List.of(args));
        return command.run(all.toArray(String[]::new));
    }

    void assertAllCancelledThroughOneTunnel(CancelCommand.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(tls.requests()).isEqualTo(3);
        assertThat(proxy.tunnels()).as("pooled: one connection, kept alive").isEqualTo(1);
        assertThat(proxy.targets()).containsOnly(TlsFrontpayment.HOST + ":" + tls.server.httpsPort());
    }

    String results() {
        try {
            return Files.readString(dir.resolve("reservations.results.csv"));
        } catch (java.io.IOException e) {
            return "(no results)";
        }
    }

    void assertOneLineExit2(CancelCommand.Result result, String expected) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().lines()).as(result.err()).hasSize(1);
        assertThat(result.err()).startsWith("bulk-cancel: ").contains(expected);
    }

    @Test
    void theJvmsHttpsProxyPropertiesCarryTheCallsThroughATunnel() throws Exception {
        try (SystemPropertiesSet jvm = new SystemPropertiesSet()
                .set("https.proxyHost", "127.0.0.1")
                .set("https.proxyPort", String.valueOf(proxy.port()))
                .set(
                        "javax.net.ssl.trustStore",
                        TlsFrontpayment.TLS.resolve("truststore.p12").toString())
                .set("javax.net.ssl.trustStorePassword", TlsFrontpayment.PASSWORD)
                .set("javax.net.ssl.trustStoreType", "PKCS12")) {

            CancelCommand.Result result = run("--frontpayment.base-url=" + tls.https(TlsFrontpayment.HOST));

            assertAllCancelledThroughOneTunnel(result);
        }
    }

    @Test
    void theHttpsProxyVariableOfTheLaunchEnvironmentCarriesTheCalls() throws Exception {
        command.withEnv("HTTPS_PROXY", proxy.url());

        CancelCommand.Result result = runTrusting();

        assertAllCancelledThroughOneTunnel(result);
    }

    /** Trusting the test CA through an SSL bundle; the base URL is https://frontpayment.test unless given. */
    CancelCommand.Result runTrusting(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(TlsFrontpayment.trustingBundle()));
        if (List.of(args).stream().noneMatch(a -> a.startsWith("--frontpayment.base-url="))) {
            all.add("--frontpayment.base-url=" + tls.https(TlsFrontpayment.HOST));
        }
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    @Test
    void theRateBoundHoldsThroughTheProxy() throws Exception {
        command.withEnv("HTTPS_PROXY", proxy.url());

        // 12 calls at 4 per second: whatever the bursts, the last starts at least 2 s after the first.
        CancelCommand.Result result = command.run(
                "--cancel.input=" + input(12),
                "--cancel.rate-per-second=4",
                "--cancel.max-in-flight=4",
                "--frontpayment.base-url=" + tls.https(TlsFrontpayment.HOST),
                TlsFrontpayment.trustingBundle()[0],
                TlsFrontpayment.trustingBundle()[1]);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(tls.requests()).isEqualTo(12);
        assertThat(proxy.tunnels()).isPositive();
        List<Long> received = tls.server.getAllServeEvents().stream()
                .map(event -> event.getRequest().getLoggedDate().getTime())
                .sorted()
                .toList();
        assertThat(received.get(received.size() - 1) - received.get(0))
                .as("milliseconds from the first call received to the last")
                .isGreaterThanOrEqualTo(1_900L);
    }

    @Test
    void theLowerCaseHttpsProxyVariableWorksToo() throws Exception {
        command.withEnv("https_proxy", "127.0.0.1:" + proxy.port()); // no scheme, as many set it

        CancelCommand.Result result = runTrusting();

        assertAllCancelledThroughOneTunnel(result);
    }

    @Test
    void frontpaymentProxyOverridesTheEnvironmentAndTheJvm() throws Exception {
        try (TunnelProxy refusing = TlsFrontpayment.proxy().refuseWith(403);
                SystemPropertiesSet jvm = new SystemPropertiesSet()
                        .set("https.proxyHost", "127.0.0.1")
                        .set("https.proxyPort", String.valueOf(refusing.port()))) {
            command.withEnv("HTTPS_PROXY", refusing.url());

            CancelCommand.Result result = runTrusting("--frontpayment.proxy=" + proxy.url());

            assertAllCancelledThroughOneTunnel(result);
            assertThat(refusing.targets()).isEmpty();
        }
    }

    @Test
    void aHostListedInNoProxyIsCalledDirectly() throws Exception {
        command.withEnv("HTTPS_PROXY", proxy.url()).withEnv("NO_PROXY", "example.org, .localhost,localhost");

        CancelCommand.Result result = runTrusting("--frontpayment.base-url=" + tls.https("localhost"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(tls.requests()).isEqualTo(3);
        assertThat(proxy.targets()).isEmpty();
    }

    @Test
    void frontpaymentProxyNoneGoesDirectWhateverTheEnvironmentAndTheJvmSay() throws Exception {
        try (SystemPropertiesSet jvm = new SystemPropertiesSet()
                .set("https.proxyHost", "127.0.0.1")
                .set("https.proxyPort", String.valueOf(proxy.port()))
                .set("http.nonProxyHosts", "nothing.example")) { // the JVM's default would skip localhost
            command.withEnv("HTTPS_PROXY", proxy.url());

            CancelCommand.Result result =
                    runTrusting("--frontpayment.base-url=" + tls.https("localhost"), "--frontpayment.proxy=none");

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(tls.requests()).isEqualTo(3);
            assertThat(proxy.targets()).isEmpty();
        }
    }

    @Test
    void anHttpBaseUrlGoesThroughHttpProxyAsAbsoluteFormRequests() throws Exception {
        command.withEnv("HTTP_PROXY", proxy.url()).withEnv("HTTPS_PROXY", "http://127.0.0.1:1");

        CancelCommand.Result result = run(
                "--frontpayment.base-url=" + tls.http(TlsFrontpayment.HOST), "--frontpayment.allow-insecure-http=true");

        assertThat(result.exitCode()).as(() -> result.err() + results()).isZero();
        assertThat(tls.requests()).isEqualTo(3);
        assertThat(proxy.plainRequests()).isEqualTo(3);
        assertThat(proxy.tunnels()).isZero();
    }

    @Test
    void credentialsInTheVariablesUserInfoReachTheProxyAndNeverTheOutput(CapturedOutput console) throws Exception {
        proxy.requireCredentials("ops", "s3cr:t@x");
        command.withEnv("HTTPS_PROXY", "http://ops:s3cr%3At%40x@127.0.0.1:" + proxy.port());

        CancelCommand.Result result = runTrusting();

        assertAllCancelledThroughOneTunnel(result);
        assertThat(proxy.authorizations()).contains("Basic b3BzOnMzY3I6dEB4");
        assertThat(console.getAll() + result.out() + result.err())
                .doesNotContain("s3cr")
                .doesNotContain("b3BzOnMz");
        assertThat(console.getAll()).contains("through the proxy 127.0.0.1:" + proxy.port());
    }

    @Test
    void credentialsFromTheCredentialsFileReachTheProxy() throws Exception {
        proxy.requireCredentials("ops", "s3cret");
        Path credentials = dir.resolve("proxy-credentials");
        Files.writeString(credentials, "ops:s3cret\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));

        CancelCommand.Result result = runTrusting(
                "--frontpayment.proxy=" + proxy.url(), "--frontpayment.proxy-credentials-file=" + credentials);

        assertAllCancelledThroughOneTunnel(result);
        assertThat(proxy.authorizations()).contains("Basic b3BzOnMzY3JldA==");
    }

    @Test
    void proxyCredentialsOnTheCommandLineAreRefusedWithoutEchoingThem() throws Exception {
        CancelCommand.Result result = runTrusting("--frontpayment.proxy=http://ops:s3cret@127.0.0.1:" + proxy.port());

        assertOneLineExit2(result, "proxy-credentials-file");
        assertThat(result.err()).doesNotContain("s3cret");
        assertThat(proxy.targets()).isEmpty();
        assertThat(tls.requests()).isZero();
    }

    @Test
    void aProxyRefusingTheTunnelIsExit2NamingTheProxyWithoutItsCredentials(CapturedOutput console) throws Exception {
        proxy.refuseWith(403);
        command.withEnv("HTTPS_PROXY", "http://ops:s3cret@127.0.0.1:" + proxy.port());

        CancelCommand.Result result = runTrusting();

        assertOneLineExit2(result, "proxy 127.0.0.1:" + proxy.port());
        assertThat(result.err()).contains("403").contains("HTTPS_PROXY");
        assertThat(console.getAll() + result.err()).doesNotContain("s3cret");
        assertThat(tls.requests()).isZero();
    }

    @Test
    void aProxyAskingForCredentialsItDoesNotGetIsExit2() throws Exception {
        proxy.requireCredentials("ops", "right");
        command.withEnv("HTTPS_PROXY", "http://ops:wrong@127.0.0.1:" + proxy.port());

        CancelCommand.Result result = runTrusting();

        assertOneLineExit2(result, "407");
        assertThat(result.err()).contains("proxy 127.0.0.1:" + proxy.port()).doesNotContain("wrong");
        assertThat(tls.requests()).isZero();
    }

    @Test
    void aProxyThatCannotBeReachedIsExit2NamingIt() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        command.withEnv("HTTPS_PROXY", "http://127.0.0.1:" + closed);

        CancelCommand.Result result = runTrusting("--cancel.max-attempts=2");

        assertOneLineExit2(result, "proxy 127.0.0.1:" + closed);
        assertThat(tls.requests()).isZero();
    }

    @Test
    void aProxyUrlThatIsNotHttpIsExit2() throws Exception {
        command.withEnv("HTTPS_PROXY", "socks5://127.0.0.1:" + proxy.port());

        CancelCommand.Result result = runTrusting();

        assertOneLineExit2(result, "HTTPS_PROXY");
        assertThat(proxy.targets()).isEmpty();
    }

    @Test
    void theCallTimeoutEndsAnAttemptThatAProxyNeverAnswers() throws Exception {
        proxy.silent();
        command.withEnv("HTTPS_PROXY", proxy.url());

        CancelCommand.Result result = runTrusting(
                "--frontpayment.call-timeout=300ms",
                "--frontpayment.response-timeout=1h",
                "--cancel.max-attempts=2",
                "--cancel.outage-threshold=1");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(proxy.targets())
                .as("the tunnel was asked for, each attempt on a new connection")
                .hasSizeGreaterThanOrEqualTo(2)
                .containsOnly(TlsFrontpayment.HOST + ":" + tls.server.httpsPort());
        assertThat(results()).contains("frontpayment.call-timeout (300 ms)");
        assertThat(tls.requests()).isZero();
    }
}
