package com.bulkcancel.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A simulated Frontpayment on WireMock, answering with the API document's example bodies
 * (src/test/resources/frontpayment). Reservations are stateful like the real thing: the first cancel answers
 * 202, later ones 400 reservationStatusAlreadyCompleted. Unknown UUIDs answer 404 orderNotFound, and any
 * request without the right bearer token 401.
 */
public final class SimulatedFrontpayment implements AutoCloseable {

    public static final String TOKEN = "sandbox-token-d41d8cd98f00b204";
    public static final String PATH = "/api/v1/connect/reservations/cancel/";
    private static final String CANCELLED_STATE = "cancelled";

    private final int port;
    private WireMockServer server;
    private final Outage outage = new Outage();
    private final Hold hold = new Hold();
    private volatile Thread stopping;
    private final List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> before = new java.util.ArrayList<>();

    public SimulatedFrontpayment() {
        this(0);
    }

    public SimulatedFrontpayment(int port) {
        // A fixed port, even when any would do, so the provider can go down and come back at the same address.
        this.port = port == 0 ? freePort() : port;
        server = newServer(this.port, outage, hold);
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(json(401, "{\"message\":\"Unauthenticated.\"}")));
        server.stubFor(authorised(get(urlPathMatching(PATH + ".*")))
                .atPriority(9)
                .willReturn(document(404, "not-found.json")));
    }

    private static WireMockServer newServer(int port, Outage outage, Hold hold) {
        WireMockServer server = new WireMockServer(
                options().port(port).containerThreads(80).jettyAcceptors(2).extensions(outage, hold));
        server.start();
        return server;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WireMockServer server() {
        return server;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A reservation that can be cancelled once: 202, then 400 reservationStatusAlreadyCompleted. */
    public SimulatedFrontpayment reservation(String uuid) {
        return failsThenCancels(uuid, 0, null);
    }

    /** Answers {@code failures} times with the given failure first, then behaves like {@link #reservation}. */
    public SimulatedFrontpayment failsThenCancels(String uuid, int failures, ResponseDefinitionBuilder failure) {
        String state = Scenario.STARTED;
        for (int i = 1; i <= failures; i++) {
            String next = "failed-" + i;
            server.stubFor(cancel(uuid)
                    .inScenario(uuid)
                    .whenScenarioStateIs(state)
                    .willSetStateTo(next)
                    .willReturn(failure));
            state = next;
        }
        server.stubFor(cancel(uuid)
                .inScenario(uuid)
                .whenScenarioStateIs(state)
                .willSetStateTo(CANCELLED_STATE)
                .willReturn(document(202, "cancelled.json")));
        server.stubFor(cancel(uuid)
                .inScenario(uuid)
                .whenScenarioStateIs(CANCELLED_STATE)
                .willReturn(document(400, "already-completed.json")));
        return this;
    }

    /** Cancels on the first call but answers only after {@code delayMillis}; later calls hear "already". */
    public SimulatedFrontpayment cancelsSlowly(String uuid, int delayMillis) {
        server.stubFor(cancel(uuid)
                .inScenario(uuid)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo(CANCELLED_STATE)
                .willReturn(document(202, "cancelled.json").withFixedDelay(delayMillis)));
        server.stubFor(cancel(uuid)
                .inScenario(uuid)
                .whenScenarioStateIs(CANCELLED_STATE)
                .willReturn(document(400, "already-completed.json")));
        return this;
    }

    /** Always the same answer for this UUID. */
    public SimulatedFrontpayment answers(String uuid, ResponseDefinitionBuilder answer) {
        server.stubFor(cancel(uuid).willReturn(answer));
        return this;
    }

    public static ResponseDefinitionBuilder document(int status, String exampleFile) {
        return json(status, example(exampleFile));
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    public static ResponseDefinitionBuilder serverError() {
        return document(510, "server-error.json");
    }

    public static ResponseDefinitionBuilder connectionReset() {
        return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
    }

    public static String example(String file) {
        try (InputStream in = SimulatedFrontpayment.class.getResourceAsStream("/frontpayment/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("no example body " + file));
        }
    }

    private static MappingBuilder cancel(String uuid) {
        return authorised(get(urlEqualTo(PATH + uuid)));
    }

    private static MappingBuilder authorised(MappingBuilder mapping) {
        return mapping.withHeader("Authorization", equalTo("Bearer " + TOKEN));
    }

    /**
     * The provider goes down when the call for this UUID arrives: that call and every later one are cut off
     * unprocessed, and the port then refuses connections until {@link #comeBack}. The cut-off is decided before
     * any stub is matched, so no call after the trigger changes a reservation, however long the server takes to
     * stop (on a slow machine a call answered while it was stopping cancelled and lost its answer).
     */
    public SimulatedFrontpayment goesDownAt(String uuid) {
        outage.goesDownAt(PATH + uuid, () -> {
            WireMockServer current = server;
            stopping = new Thread(current::stop, "provider-outage");
            stopping.start();
        });
        return this;
    }

    private void awaitStopped() {
        try {
            if (stopping != null) {
                stopping.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void comeBack() {
        awaitStopped(); // the port is free only then
        WireMockServer down = server;
        before.addAll(down.getAllServeEvents());
        outage.over();
        server = newServer(port, outage, hold);
        down.getStubMappings().forEach(server::addStubMapping);
        down.getAllScenarios().getScenarios().forEach(s -> server.setScenarioState(s.getName(), s.getState()));
    }

    /**
     * Holds the answers to calls for these UUIDs, after the first {@code calls} of them were answered as usual,
     * until {@link #releaseAnswers}: a run that is meant to be still running while something else happens (a
     * concurrent start) stays mid-run however slow the machine, instead of finishing its rows first. A held call
     * has reached the provider (it is in the request journal, its reservation is cancelled); only its answer
     * waits, each at most {@code atMost} from its arrival, so nothing hangs if the release never comes (keep it
     * well under the client's response timeout, or the held call fails and is sent again).
     */
    public SimulatedFrontpayment holdAnswers(Collection<String> uuids, int calls, Duration atMost) {
        hold.start(uuids.stream().map(u -> PATH + u).collect(Collectors.toSet()), calls, atMost);
        return this;
    }

    /** Sends the answers held by {@link #holdAnswers} now, and holds no more. */
    public void releaseAnswers() {
        hold.release();
    }

    /** UUIDs requested again after a request for them was answered 202: must always be empty. */
    public List<String> uuidsCalledAfterTheir202() {
        java.util.Set<String> cancelled = new java.util.HashSet<>();
        List<String> again = new java.util.ArrayList<>();
        List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> events = new java.util.ArrayList<>(before);
        events.addAll(server.getAllServeEvents());
        events.sort(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        for (var event : events) {
            String uuid = event.getRequest().getUrl().substring(PATH.length());
            if (cancelled.contains(uuid)) {
                again.add(uuid);
            }
            if (event.getResponse().getStatus() == 202) {
                cancelled.add(uuid);
            }
        }
        return again;
    }

    /** Every request received so far, oldest first. */
    public List<LoggedRequest> requests() {
        List<LoggedRequest> all = new java.util.ArrayList<>(
                before.stream().map(e -> e.getRequest()).toList());
        all.addAll(server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl())));
        all.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
        return all;
    }

    public long requestsFor(String uuid) {
        return requests().stream().filter(r -> r.getUrl().equals(PATH + uuid)).count();
    }

    @Override
    public void close() {
        hold.release(); // held Jetty threads would otherwise delay the stop by up to atMost
        server.stop();
    }

    /** Cuts off every call from the trigger on, before stubs are matched (so no scenario moves). */
    private static final class Outage implements StubRequestFilterV2 {

        private volatile String trigger;
        private volatile Runnable onTrigger;
        private volatile boolean down;

        void goesDownAt(String path, Runnable then) {
            trigger = path;
            onTrigger = then;
        }

        void over() {
            trigger = null;
            down = false;
        }

        @Override
        public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
            if (!down && request.getUrl().equals(trigger)) {
                down = true;
                onTrigger.run();
            }
            return down
                    ? RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition()
                            .withFault(Fault.CONNECTION_RESET_BY_PEER)
                            .build())
                    : RequestFilterAction.continueWith(request);
        }

        @Override
        public String getName() {
            return "provider-outage";
        }
    }

    /**
     * Holds answers after they were matched and journaled, before they are sent: the reservation has moved, the
     * caller waits. Only the paths given, and only after the first {@code calls} of them.
     */
    private static final class Hold implements ServeEventListener {

        private volatile Set<String> paths = Set.of();
        private volatile int answeredFirst;
        private volatile Duration atMost = Duration.ZERO;
        private volatile CountDownLatch released = new CountDownLatch(0);
        private final AtomicInteger calls = new AtomicInteger();

        void start(Set<String> paths, int answeredFirst, Duration atMost) {
            this.answeredFirst = answeredFirst;
            this.atMost = atMost;
            calls.set(0);
            released = new CountDownLatch(1);
            this.paths = Set.copyOf(paths);
        }

        void release() {
            paths = Set.of();
            released.countDown();
        }

        @Override
        public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
            if (!paths.contains(serveEvent.getRequest().getUrl()) || calls.incrementAndGet() <= answeredFirst) {
                return;
            }
            try {
                released.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public String getName() {
            return "answer-hold";
        }
    }
}
