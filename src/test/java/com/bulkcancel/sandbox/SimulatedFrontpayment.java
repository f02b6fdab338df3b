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
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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

    private final WireMockServer server;

    public SimulatedFrontpayment() {
        this(0);
    }

    public SimulatedFrontpayment(int port) {
        server = new WireMockServer(options().port(port).containerThreads(80).jettyAcceptors(2)
);
        server.start();
        server.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(json(401, "{\"message\":\"Unauthenticated.\"}")));
        server.stubFor(authorised(get(urlPathMatching(PATH + ".*"))).atPriority(9)
                .willReturn(document(404, "not-found.json")));
    }

    public WireMockServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
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
            server.stubFor(cancel(uuid).inScenario(uuid).whenScenarioStateIs(state).willSetStateTo(next)
                    .willReturn(failure));
            state = next;
        }
        server.stubFor(cancel(uuid).inScenario(uuid).whenScenarioStateIs(state).willSetStateTo(CANCELLED_STATE)
                .willReturn(document(202, "cancelled.json")));
        server.stubFor(cancel(uuid).inScenario(uuid).whenScenarioStateIs(CANCELLED_STATE)
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
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
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

    /** Every request received so far, oldest first. */
    public List<LoggedRequest> requests() {
        List<LoggedRequest> all = new java.util.ArrayList<>(server.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl())));
        all.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
        return all;
    }

    public long requestsFor(String uuid) {
        return requests().stream().filter(r -> r.getUrl().equals(PATH + uuid)).count();
    }

    @Override
    public void close() {
        server.stop();
    }
}
