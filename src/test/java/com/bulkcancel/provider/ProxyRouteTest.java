package com.bulkcancel.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bulkcancel.launch.InvalidInvocationException;

/** Which proxy the calls take, decided from the setting, the JVM's properties and the launch environment. */
class ProxyRouteTest {

    static final URI BASE = URI.create("https://api.frontpayment.no");
    static final ProxySelector JVM = new ProxySelector() {
        @Override
        public List<Proxy> select(URI uri) {
            return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("jvm-proxy", 8080)));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    };

    @TempDir
    Path dir;

    static ProxyRoute route(String setting, Map<String, String> environment) {
        return ProxyRoute.resolve(BASE, setting, null, environment, JVM);
    }

    @Test
    void withoutAnyProxySettingTheCallsGoDirect() {
        assertThat(route(null, Map.of()).proxy()).isNull();
    }

    @Test
    void theSettingWinsOverTheJvmAndTheEnvironment() {
        try (SystemPropertiesSet jvm = new SystemPropertiesSet().set("https.proxyHost", "jvm-proxy")) {
            ProxyRoute route = route("proxy.corp:3128", Map.of("HTTPS_PROXY", "http://env-proxy:1"));

            assertThat(route.describe()).isEqualTo("proxy.corp:3128 (frontpayment.proxy)");
            assertThat(route("none", Map.of("HTTPS_PROXY", "http://env-proxy:1"))
                            .proxy())
                    .isNull();
        }
    }

    @Test
    void theJvmsPropertiesWinOverTheEnvironment() {
        try (SystemPropertiesSet jvm = new SystemPropertiesSet().set("https.proxyHost", "jvm-proxy")) {
            assertThat(route(null, Map.of("HTTPS_PROXY", "http://env-proxy:1")).describe())
                    .isEqualTo("jvm-proxy:8080 (-Dhttps.proxyHost)");
        }
    }

    @Test
    void anHttpBaseUrlReadsHttpProxyAndAnHttpsOneHttpsProxy() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://secure:1", "HTTP_PROXY", "http://plain:2");
        assertThat(ProxyRoute.resolve(URI.create("http://h"), null, null, env, JVM)
                        .describe())
                .isEqualTo("plain:2 (HTTP_PROXY)");
        assertThat(route(null, env).describe()).isEqualTo("secure:1 (HTTPS_PROXY)");
    }

    @Test
    void noProxyMatchesTheHostItsDomainsAndAStar() {
        for (String listed : List.of(
                "api.frontpayment.no",
                "frontpayment.no",
                ".frontpayment.no",
                "*.frontpayment.no",
                "localhost, frontpayment.no",
                "*",
                "frontpayment.no:443",
                "FRONTPAYMENT.NO")) {
            assertThat(ProxyRoute.excluded(BASE, listed)).as(listed).isTrue();
        }
        for (String notListed :
                List.of("", "payment.no", "frontpayment.no:8443", "api.frontpayment.no.evil", "other.org,localhost")) {
            assertThat(ProxyRoute.excluded(BASE, notListed)).as(notListed).isFalse();
        }
        assertThat(route(null, Map.of("https_proxy", "http://p:1", "no_proxy", "frontpayment.no"))
                        .proxy())
                .isNull();
    }

    @Test
    void theVariablesUserInfoIsDecodedIntoCredentialsAndNeverDescribed() {
        ProxyRoute route = route(null, Map.of("HTTPS_PROXY", "http://ops:p%40ss%3Aw@proxy.corp:3128"));

        assertThat(route.credentials().getUserName()).isEqualTo("ops");
        assertThat(route.credentials().getUserPassword()).containsExactly("p@ss:w".toCharArray());
        assertThat(route.describe() + route)
                .doesNotContain("p%40")
                .doesNotContain("p@ss")
                .doesNotContain("ops");
    }

    @Test
    void aCredentialsFileWinsOverTheUserInfoAndMustBeOwnerOnly() throws Exception {
        Path file = dir.resolve("proxy");
        Files.writeString(file, "svc:from-file\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        ProxyRoute route = ProxyRoute.resolve(BASE, null, file, Map.of("HTTPS_PROXY", "http://ops:x@p:1"), JVM);

        assertThat(route.credentials().getUserName()).isEqualTo("svc");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ProxyRoute.resolve(BASE, null, file, Map.of("HTTPS_PROXY", "http://p:1"), JVM))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageContaining("readable by others");
    }

    @Test
    void credentialsInTheSettingAreRefusedFromAnySourceWithoutEchoingThem() {
        assertThatThrownBy(() -> route("http://ops:s3cret@proxy.corp:3128", Map.of()))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageContaining("proxy-credentials-file")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aProxyThatIsNotHttpIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> route(null, Map.of("HTTPS_PROXY", "socks5://ops:s3cret@p:1080")))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageContaining("HTTPS_PROXY")
                .hasMessageNotContaining("s3cret");
    }
}
