package com.bulkcancel.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * A lean simulated Frontpayment for load: every authorised cancel answers 202 cancelledOrderSuccessfully after a
 * fixed latency (a wrong token 401). Unlike the WireMock sandbox it keeps no request journal, only each call's
 * arrival time (8 bytes) and the number of calls being served at once, so a million calls cost little and the
 * simulator itself is not the bottleneck. Listens on 127.0.0.1 only.
 */
public final class LoadProvider implements AutoCloseable {

    private static final byte[] CANCELLED =
            SimulatedFrontpayment.example("cancelled.json").getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNAUTHENTICATED = "{\"message\":\"Unauthenticated.\"}".getBytes(StandardCharsets.UTF_8);
    private static final String AUTHORIZATION = "Bearer " + SimulatedFrontpayment.TOKEN;

    private final HttpServer server;
    private final ExecutorService threads;
    private final long latencyMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final CpuClock cpu = new CpuClock();
    private final java.util.Set<Integer> clientPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long[] arrivals = new long[1 << 12];
    private int calls;

    public LoadProvider(Duration latency) {
        this.latencyMillis = latency.toMillis();
        // Headers and body leave in one packet, as from a real server (else Nagle + delayed ACK add ~40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads = Executors.newFixedThreadPool(160, r -> {
            Thread t = new Thread(r, "load-provider");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext(SimulatedFrontpayment.PATH, this::serve);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        int now = inFlight.incrementAndGet();
        clientPorts.add(exchange.getRemoteAddress().getPort());
        maxInFlight.accumulateAndGet(now, Math::max);
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
        }
        boolean authorised = AUTHORIZATION.equals(exchange.getRequestHeaders().getFirst("Authorization"));
        if (authorised) {
            record(arrived);
            sleep(latencyMillis);
        }
        // Counted out before answering: the client cannot start its next call on this connection any sooner.
        inFlight.decrementAndGet();
        byte[] answer = authorised ? CANCELLED : UNAUTHENTICATED;
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(authorised ? 202 : 401, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    // Only an array store under the lock: reading the process CPU time here (a system call whose cost grows with
    // the number of threads) made the calls queue on this monitor, and more so for the job, which has more threads.
    private synchronized void record(long arrived) {
        if (calls == arrivals.length) {
            arrivals = Arrays.copyOf(arrivals, arrivals.length * 2);
        }
        arrivals[calls++] = arrived;
    }

    /** CPU time this JVM (simulator, client, job) spent per call between the first and the latest call, in us. */
    public double cpuMicrosPerCall() {
        long[] at = arrivals();
        return at.length < 2 ? 0 : cpu.between(at[0], at[at.length - 1]) / 1e3 / (at.length - 1);
    }

    /** Arrival times (System.nanoTime) of the authorised calls so far, in order. */
    public synchronized long[] arrivals() {
        long[] copy = Arrays.copyOf(arrivals, calls);
        Arrays.sort(copy);
        return copy;
    }

    /** How many connections (client ports) the calls came on. */
    public int connections() {
        return clientPorts.size();
    }

    /** The most calls this simulator was serving at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Forgets what was counted so far (between benchmark parts on one simulator). */
    public synchronized void reset() {
        calls = 0;
        maxInFlight.set(0);
        clientPorts.clear();
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        cpu.close();
    }
}
