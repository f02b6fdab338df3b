package com.bulkcancel.provider;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small forward proxy for tests, as corporate proxies behave: {@code CONNECT host:port} opens a tunnel and then
 * copies bytes both ways (TLS is end to end, unlike WireMock's proxy, which re-terminates it), and an absolute-form
 * request ({@code GET http://host:port/path}) is forwarded once in origin form. Host names in {@code hosts} resolve
 * to the address given (e.g. {@code frontpayment.test} → 127.0.0.1): only this proxy knows them, so a client that
 * ignores the proxy fails with an unknown host. It counts tunnels and plain requests, keeps every
 * Proxy-Authorization it saw, can demand credentials (407 with a Basic challenge) or refuse every request.
 */
final class TunnelProxy implements Closeable {

    private final ServerSocket server;
    private final Map<String, String> hosts;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-proxy");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger tunnels = new AtomicInteger();
    private final AtomicInteger plainRequests = new AtomicInteger();
    private final List<String> targets = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private volatile String requiredAuthorization;
    private volatile int refuseWith;
    private volatile boolean silent;

    TunnelProxy(Map<String, String> hosts) {
        this.hosts = hosts;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::accept);
    }

    /** http://127.0.0.1:port */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Answers 407 with a Basic challenge unless the request carries these credentials. */
    TunnelProxy requireCredentials(String user, String password) {
        requiredAuthorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Answers every request with this status (403, 407, 502, ...) instead of forwarding it. */
    TunnelProxy refuseWith(int status) {
        refuseWith = status;
        return this;
    }

    /** Reads every request and never answers it (a proxy that hangs). */
    TunnelProxy silent() {
        silent = true;
        return this;
    }

    /** Tunnels opened (CONNECT answered 200). */
    int tunnels() {
        return tunnels.get();
    }

    /** Absolute-form requests forwarded. */
    int plainRequests() {
        return plainRequests.get();
    }

    /** host:port of each tunnel or forwarded request, as the client asked for it. */
    List<String> targets() {
        return List.copyOf(targets);
    }

    /** Every Proxy-Authorization header received. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            String requestLine = readLine(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return;
            }
            List<String> headers = new ArrayList<>();
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                headers.add(line);
            }
            String authorization = header(headers, "Proxy-Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            String[] parts = requestLine.split(" ");
            if (silent) {
                targets.add(parts[1]);
                in.transferTo(OutputStream.nullOutputStream()); // until the client gives up and closes
                return;
            }
            if (refuseWith != 0) {
                respond(client, refuseWith, refuseWith == 407);
                return;
            }
            if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
                respond(client, 407, true);
                return;
            }
            if (parts[0].equals("CONNECT")) {
                tunnel(client, in, parts[1]);
            } else {
                forward(client, in, parts[0], URI.create(parts[1]), headers);
            }
        } catch (IOException ignored) {
            // the client or the target went away
        }
    }

    private void tunnel(Socket client, InputStream in, String target) throws IOException {
        int colon = target.lastIndexOf(':');
        try (Socket upstream = connect(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))) {
            targets.add(target);
            tunnels.incrementAndGet();
            client.getOutputStream()
                    .write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            pump(client, in, upstream);
        }
    }

    private void forward(Socket client, InputStream in, String method, URI target, List<String> headers)
            throws IOException {
        int port = target.getPort() < 0 ? 80 : target.getPort();
        try (Socket upstream = connect(target.getHost(), port)) {
            targets.add(target.getHost() + ":" + port);
            plainRequests.incrementAndGet();
            StringBuilder request = new StringBuilder(method)
                    .append(' ')
                    .append(target.getRawPath())
                    .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                    .append(" HTTP/1.1\r\n");
            long length = 0;
            for (String header : headers) {
                String name = header.substring(0, header.indexOf(':')).strip().toLowerCase(Locale.ROOT);
                // hop-by-hop: HttpClient 5.5 offers "Upgrade: TLS/1.2" with "Connection: Upgrade" on plain http
                if (name.startsWith("proxy-")
                        || name.equals("connection")
                        || name.equals("keep-alive")
                        || name.equals("upgrade")) {
                    continue;
                }
                if (name.equals("content-length")) {
                    length = Long.parseLong(
                            header.substring(header.indexOf(':') + 1).strip());
                }
                request.append(header).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = upstream.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(in.readNBytes((int) length));
            out.flush();
            // The answer carries "Connection: close": the client opens a new connection for its next request.
            upstream.getInputStream().transferTo(client.getOutputStream());
        }
    }

    private Socket connect(String host, int port) throws IOException {
        return new Socket(hosts.getOrDefault(host.toLowerCase(Locale.ROOT), host), port);
    }

    /** Copies both ways until either side closes. */
    private void pump(Socket client, InputStream in, Socket upstream) {
        threads.execute(() -> {
            try {
                upstream.getInputStream().transferTo(client.getOutputStream());
            } catch (IOException ignored) {
                // closed
            } finally {
                closeQuietly(client);
                closeQuietly(upstream);
            }
        });
        try {
            in.transferTo(upstream.getOutputStream());
        } catch (IOException ignored) {
            // closed
        } finally {
            closeQuietly(upstream);
            closeQuietly(client);
        }
    }

    private static void respond(Socket client, int status, boolean challenge) throws IOException {
        String response = "HTTP/1.1 " + status + " Refused by the test proxy\r\n"
                + (challenge ? "Proxy-Authenticate: Basic realm=\"test-proxy\"\r\n" : "")
                + "Content-Length: 0\r\nConnection: close\r\n\r\n";
        client.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
    }

    private static String header(List<String> headers, String name) {
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return header.substring(colon + 1).strip();
            }
        }
        return null;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        threads.shutdownNow();
    }
}
