package com.bulkcancel.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.SimulatedProviderTest;

/**
 * A provider (or a TLS-inspecting proxy) whose certificate a private CA signed: refused by default with one line
 * saying how to trust it, accepted through a Spring Boot SSL bundle named by {@code frontpayment.ssl-bundle} or
 * the JVM's {@code javax.net.ssl.trustStore}, and the host name is checked all the same.
 */
class PrivateCaTest extends SimulatedProviderTest {

    private TlsFrontpayment tls;

    @BeforeEach
    void start() {
        tls = new TlsFrontpayment();
    }

    @AfterEach
    void stop() {
        tls.close();
    }

    CancelCommand.Result run(String baseUrl, String... args) throws Exception {
        List<String> lines = new ArrayList<>(List.of("reservation_uuid,note"));
        for (int i = 0; i < 3; i++) {
            lines.add(new UUID(0xca00_0000_0000_4000L, 0x8000_0000_0000_0000L + i) + ",event cancelled");
        }
        Path file = dir.resolve("reservations.csv");
        Files.write(file, lines);
        List<String> all = new ArrayList<>(List.of("--cancel.input=" + file, "--frontpayment.base-url=" + baseUrl));
        all.addAll(List.of(args));
        return command.run(all.toArray(String[]::new));
    }

    void assertOneLineExit2(CancelCommand.Result result, String... expected) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().lines()).as(result.err()).hasSize(1);
        assertThat(result.err()).startsWith("bulk-cancel: ").contains(expected);
    }

    @Test
    void aCertificateOfAPrivateCaIsRefusedByDefaultSayingHowToTrustIt() throws Exception {
        CancelCommand.Result result = run(tls.https("localhost"));

        assertOneLineExit2(result, "TLS", "not trusted", "--frontpayment.ssl-bundle", "javax.net.ssl.trustStore");
        assertThat(tls.requests()).isZero();
    }

    @Test
    void anSslBundleTrustingThePrivateCaIsUsed() throws Exception {
        CancelCommand.Result result = run(tls.https("localhost"), TlsFrontpayment.trustingBundle());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(tls.requests()).isEqualTo(3);
    }

    @Test
    void withTheBundleTheHostNameIsStillVerified() throws Exception {
        // 127.0.0.2 is this machine too, but the certificate names only localhost, 127.0.0.1 and frontpayment.test.
        CancelCommand.Result result = run(tls.https("127.0.0.2"), TlsFrontpayment.trustingBundle());

        assertOneLineExit2(result, "TLS");
        assertThat(tls.requests()).isZero();
    }

    @Test
    void theJvmsTrustStorePropertyIsHonoured() throws Exception {
        try (SystemPropertiesSet jvm = new SystemPropertiesSet()
                .set(
                        "javax.net.ssl.trustStore",
                        TlsFrontpayment.TLS.resolve("truststore.p12").toString())
                .set("javax.net.ssl.trustStorePassword", TlsFrontpayment.PASSWORD)
                .set("javax.net.ssl.trustStoreType", "PKCS12")) {

            CancelCommand.Result result = run(tls.https("localhost"));

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(tls.requests()).isEqualTo(3);
        }
    }

    @Test
    void anSslBundleThatIsNotDefinedIsExit2NamingIt() throws Exception {
        CancelCommand.Result result = run(tls.https("localhost"), "--frontpayment.ssl-bundle=corporate-ca");

        assertOneLineExit2(result, "corporate-ca", "spring.ssl.bundle.pem.corporate-ca.truststore.certificate");
        assertThat(tls.requests()).isZero();
    }
}
