package com.bulkcancel.provider;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.core5.http.HttpHost;

import com.bulkcancel.launch.InvalidInvocationException;

/**
 * Whether the calls to the base URL go through a proxy, decided once at start, in this order:
 * {@code frontpayment.proxy} (a URL, or {@code none}); the JVM's proxy properties ({@code https.proxyHost} and
 * {@code https.proxyPort}, {@code http.*} for an http base URL, with {@code http.nonProxyHosts}), read through the
 * JVM's own {@link ProxySelector}; the variables {@code https_proxy}/{@code HTTPS_PROXY} ({@code http_proxy}/
 * {@code HTTP_PROXY} for an http base URL) and {@code no_proxy}/{@code NO_PROXY} of the launch environment, which
 * HttpClient does not read; else direct.
 *
 * <p>Credentials for the proxy come from {@code frontpayment.proxy-credentials-file} ({@code user:password}, readable
 * by its owner only), else from the user info of the proxy variable's URL; never from {@code frontpayment.proxy},
 * which shows in ps and shell history. The proxy is only ever named by host and port.
 *
 * @param proxy       the proxy, or null for direct calls
 * @param source      where the proxy (or the decision to go direct) came from, for the operator
 * @param credentials for the proxy, or null
 */
public record ProxyRoute(HttpHost proxy, String source, UsernamePasswordCredentials credentials) {

    static final String NONE = "none";
    private static final ProxyRoute DIRECT = new ProxyRoute(null, "no proxy configured", null);

    public static ProxyRoute direct() {
        return DIRECT;
    }

    /**
     * @param baseUrl     the checked base URL, or null (a run that sends nothing: direct)
     * @param setting     {@code frontpayment.proxy}, or null
     * @param environment the launch environment
     * @param jvm         the JVM's proxy selector (it reads the proxy system properties at each call)
     */
    public static ProxyRoute resolve(
            URI baseUrl, String setting, Path credentialsFile, Map<String, String> environment, ProxySelector jvm) {
        if (baseUrl == null || baseUrl.getHost() == null) {
            return DIRECT;
        }
        String scheme = "http".equalsIgnoreCase(baseUrl.getScheme()) ? "http" : "https";
        UsernamePasswordCredentials fromFile = credentialsFile == null ? null : readCredentials(credentialsFile);
        if (setting != null && !setting.isBlank()) {
            if (setting.strip().equalsIgnoreCase(NONE)) {
                return new ProxyRoute(null, "frontpayment.proxy=none", null);
            }
            URI url = parse(setting, "frontpayment.proxy");
            if (url.getRawUserInfo() != null) {
                throw new InvalidInvocationException(CREDENTIALS_NOT_IN_SETTING);
            }
            return new ProxyRoute(host(url), "frontpayment.proxy", fromFile);
        }
        String property = scheme + ".proxyHost";
        String propertyValue = System.getProperty(property);
        if (propertyValue != null && !propertyValue.isBlank() && jvm != null) {
            List<Proxy> proxies = jvm.select(baseUrl);
            Proxy chosen = proxies == null || proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
            if (chosen.type() == Proxy.Type.HTTP && chosen.address() instanceof InetSocketAddress address) {
                return new ProxyRoute(
                        new HttpHost("http", address.getHostString(), address.getPort()), "-D" + property, fromFile);
            }
            return new ProxyRoute(
                    null, "-D" + property + " (http.nonProxyHosts lists " + baseUrl.getHost() + ")", null);
        }
        String variable = firstSet(environment, scheme + "_proxy", scheme.toUpperCase(Locale.ROOT) + "_PROXY");
        if (variable == null) {
            return DIRECT;
        }
        String noProxy = firstSet(environment, "no_proxy", "NO_PROXY");
        if (noProxy != null && excluded(baseUrl, environment.get(noProxy))) {
            return new ProxyRoute(null, noProxy + " lists " + baseUrl.getHost(), null);
        }
        URI url = parse(environment.get(variable), variable);
        UsernamePasswordCredentials credentials = fromFile != null ? fromFile : userInfo(url);
        return new ProxyRoute(host(url), variable, credentials);
    }

    public static final String CREDENTIALS_NOT_IN_SETTING =
            "proxy credentials are never taken from frontpayment.proxy (a "
                    + "command line shows in ps and shell history): give the proxy without user:password@ and put the "
                    + "credentials in --frontpayment.proxy-credentials-file (user:password, readable by its owner only), or "
                    + "in the user info of HTTPS_PROXY";

    /** host:port (source), never the credentials; "direct" when there is no proxy. */
    public String describe() {
        return proxy == null
                ? "direct (" + source + ")"
                : proxy.getHostName() + ":" + proxy.getPort() + " (" + source + ")";
    }

    /** The proxy as an operator names it, host:port (source); null when the calls go direct. */
    public String named() {
        return proxy == null ? null : describe();
    }

    private static String firstSet(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return name;
            }
        }
        return null;
    }

    /**
     * NO_PROXY as curl reads it: comma-separated host names (a name also covers its subdomains; a leading dot or
     * {@code *.} is allowed), IP addresses, an optional {@code :port}, or {@code *} for every host.
     */
    static boolean excluded(URI baseUrl, String noProxy) {
        String host = baseUrl.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = baseUrl.getPort() >= 0 ? baseUrl.getPort() : "http".equalsIgnoreCase(baseUrl.getScheme()) ? 80 : 443;
        for (String raw : noProxy.split("[,\\s]+")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return true;
            }
            int colon = entry.lastIndexOf(':');
            if (colon > 0
                    && entry.indexOf(':') == colon
                    && entry.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                if (Integer.parseInt(entry.substring(colon + 1)) != port) {
                    continue;
                }
                entry = entry.substring(0, colon);
            }
            if (entry.startsWith("[") && entry.endsWith("]")) {
                entry = entry.substring(1, entry.length() - 1);
            }
            entry = entry.startsWith("*.") ? entry.substring(2) : entry.startsWith(".") ? entry.substring(1) : entry;
            if (host.equals(entry) || host.endsWith("." + entry)) {
                return true;
            }
        }
        return false;
    }

    /** An http proxy URL; a bare host:port means http. Refusals name the source, never the value (credentials). */
    private static URI parse(String value, String source) {
        String text = value.strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidInvocationException(
                    "the proxy in " + source + " is not a URL: give " + "http://host:port");
        }
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new InvalidInvocationException("the proxy in " + source + " is not an http://host:port URL"
                    + (url.getScheme() == null ? "" : " (" + url.getScheme() + "://...)") + ": only http proxies "
                    + "(CONNECT tunnels for https) are supported");
        }
        return url;
    }

    private static HttpHost host(URI url) {
        return new HttpHost("http", url.getHost(), url.getPort() >= 0 ? url.getPort() : 80);
    }

    /** user:password from the URL's user info, percent-decoded; null without user info. */
    private static UsernamePasswordCredentials userInfo(URI url) {
        String info = url.getUserInfo();
        if (info == null || info.isEmpty()) {
            return null;
        }
        int colon = info.indexOf(':');
        return colon < 0
                ? new UsernamePasswordCredentials(info, new char[0])
                : new UsernamePasswordCredentials(
                        info.substring(0, colon), info.substring(colon + 1).toCharArray());
    }

    private static UsernamePasswordCredentials readCredentials(Path file) {
        String value = TokenSource.readOwnerOnly(file, "proxy credentials file");
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new InvalidInvocationException("proxy credentials file " + file + " does not hold user:password");
        }
        return new UsernamePasswordCredentials(
                value.substring(0, colon), value.substring(colon + 1).toCharArray());
    }

    @Override
    public String toString() {
        return "ProxyRoute[" + describe() + (credentials == null ? "" : ", with credentials") + "]";
    }
}
