package com.bulkcancel.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * A provider that cancels every reservation (202) for the sandbox token, on plain http and on https with the
 * committed test certificate (src/test/resources/tls: signed by a test CA, names localhost, 127.0.0.1 and
 * frontpayment.test), which no JVM trusts by default.
 */
final class TlsFrontpayment implements AutoCloseable {

    static final Path TLS = Paths.get("src/test/resources/tls").toAbsolutePath();
    static final String PASSWORD = "changeit";
    /** Only {@link TunnelProxy} resolves it (to 127.0.0.1); the certificate names it. */
    static final String HOST = "frontpayment.test";

    final WireMockServer server;

    TlsFrontpayment() {
        server = new WireMockServer(options()
                .dynamicPort()
                .dynamicHttpsPort()
                .keystorePath(TLS.resolve("server.p12").toString())
                .keystoreType("PKCS12")
                .keystorePassword(PASSWORD)
                .keyManagerPassword(PASSWORD));
        server.start();
        server.stubFor(get(urlPathMatching(SimulatedFrontpayment.PATH + ".*"))
                .withHeader("Authorization", equalTo("Bearer " + SimulatedFrontpayment.TOKEN))
                .willReturn(SimulatedFrontpayment.document(202, "cancelled.json")));
    }

    String https(String host) {
        return "https://" + host + ":" + server.httpsPort();
    }

    String http(String host) {
        return "http://" + host + ":" + server.port();
    }

    int requests() {
        return server.getAllServeEvents().size();
    }

    /** A test proxy resolving {@link #HOST} to this machine. */
    static TunnelProxy proxy() {
        Map<String, String> hosts = new HashMap<>();
        hosts.put(HOST, "127.0.0.1");
        return new TunnelProxy(hosts);
    }

    /** The options naming an SSL bundle that trusts the test CA. */
    static String[] trustingBundle() {
        return new String[] {
            "--frontpayment.ssl-bundle=test-ca",
            "--spring.ssl.bundle.pem.test-ca.truststore.certificate=file:" + TLS.resolve("ca.pem")
        };
    }

    @Override
    public void close() {
        server.stop();
    }
}
