package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.OfferId;
import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.proxy.ProxyEvents;
import io.healthgate.proxy.ProxySettings;
import io.healthgate.routing.BreakerState;
import io.healthgate.routing.BreakerTransition;
import io.healthgate.routing.FirstTokenDeadlines;
import io.healthgate.routing.HealthSignals;
import io.healthgate.routing.HedgePolicy;
import io.healthgate.routing.RoutingMode;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestFleets;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5's "done when": the real gateway ({@link Healthgate}, health engine, breakers, routing)
 * in front of the simulated fleet. Two OpenAI-protocol gateways, alpha and beta, serve
 * {@value #MODEL}; alpha is first in catalog order, so with no evidence it is tried first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthAwareRoutingTest {
    static final String MODEL = "sim/chat";
    static final OfferId ALPHA = new OfferId("alpha", MODEL);
    static final OfferId BETA = new OfferId("beta", MODEL);
    static final long FLEET_FIRST_BYTE_MS = 15;

    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final List<String> failovers = new CopyOnWriteArrayList<>();
    private final AtomicInteger failOpens = new AtomicInteger();
    private final AtomicInteger dbCounter = new AtomicInteger();
    private Vertx vertx;
    private SimulatedFleet fleet;
    private Healthgate gateway;

    @BeforeAll
    void startFleet() {
        vertx = Vertx.vertx();
        Scenario scenario = TestFleets.alphaBeta(MODEL, FLEET_FIRST_BYTE_MS);
        fleet = SimulatedFleet.start(vertx, scenario, 0);
    }

    @BeforeEach
    void resetFleet() {
        fleet.control().reset();
        outcomes.clear();
        failovers.clear();
        failOpens.set(0);
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }

    @AfterAll
    void stopFleet() {
        fleet.close();
        vertx.close().await();
    }

    // ---- the gateway under test ----

    /** The whole gateway: config from env-style overrides (probes off, a fresh SQLite store), proxy settings adjusted. */
    private Healthgate start(Map<String, String> configOverrides, UnaryOperator<ProxySettings> proxy,
                             UnaryOperator<HealthSignals> signals) {
        return start(configOverrides, proxy, signals, Clock.systemUTC());
    }

    private Healthgate start(Map<String, String> configOverrides, UnaryOperator<ProxySettings> proxy,
                             UnaryOperator<HealthSignals> signals, Clock clock) {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("HEALTHGATE_MONITORING_ENABLED", "false");
        cfg.put("HEALTHGATE_STORAGE_URL", "jdbc:sqlite:" + tmp.resolve("hg-" + dbCounter.incrementAndGet() + ".db"));
        cfg.put("HEALTHGATE_ROUTING_BREAKER_OPEN_SECONDS", "30");
        cfg.putAll(configOverrides);
        HealthgateConfig config = ConfigLoader.load(Optional.empty(), cfg);
        Healthgate.Settings settings = Healthgate.Settings.from(config).withPort(0).withHost("127.0.0.1")
                .withInstances(1).withShutdownGrace(Duration.ofSeconds(1));
        settings = settings.withProxy(proxy.apply(settings.proxy()));
        Healthgate hg = Healthgate.create(config, settings, fleet.catalog(), fleet.demoEnvironment(), clock);
        if (signals != null) {
            hg.routingSignals(signals);
        }
        if (clock instanceof FakeClock fake) {
            // On fake time the health schedules (snapshot refresh among them) run only when the test says.
            hg.healthTimers(new io.healthgate.support.ManualExecutor(fake, new io.healthgate.support.ManualScheduler(fake)));
        }
        gateway = hg.start();
        gateway.outcomes().subscribe(outcomes::add);
        gateway.proxyEvents().subscribe(new ProxyEvents() {
            @Override
            public void onFailover(OfferId from, OfferId to, OutcomeClass outcome) {
                failovers.add(from.gateway() + "->" + to.gateway() + ":" + outcome.wireName());
            }

            @Override
            public void onFailOpen(String model) {
                failOpens.incrementAndGet();
            }
        });
        return gateway;
    }

    private Healthgate start() {
        return start(Map.of(), p -> p, null);
    }

    /** One answered request, as the client saw it. */
    record Reply(int status, String gateway, int attempts, String body) {
    }

    private Reply chat(String door, String body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + door))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("x-healthgate-gateway").orElse(""),
                    Integer.parseInt(r.headers().firstValue("x-healthgate-attempts").orElse("0")), r.body());
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }

    private Reply openai(String model, boolean stream, String extra) {
        return chat("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}");
    }

    private Reply openai() {
        return openai(MODEL, false, "");
    }

    private List<Outcome> outcomesOf(OfferId offer) {
        return outcomes.stream().filter(o -> o.offer().equals(offer)).toList();
    }

    // ---- done when ----

    @Test
    void withOneGatewayAnswering503AllRequestsSucceedAndOnceItsBreakerOpensTheRestSucceedOnTheFirstAttempt() {
        // The breaker trips at the health engine's own consecutive-failure count (3, not the default
        // 5): otherwise a snapshot rebuilt between the 3rd and 5th failure ranks alpha last, traffic
        // moves before the breaker ever opens, and this test would measure the wrong mechanism. For
        // the same reason it runs on a fake clock that stands still: no snapshot is rebuilt during the
        // run (on the real clock, a loaded machine rebuilt one between the first failures).
        start(Map.of("HEALTHGATE_ROUTING_BREAKER_FAILURE_THRESHOLD", "3"), p -> p, null, new FakeClock());
        List<Integer> openedAt = new CopyOnWriteArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        gateway.breakers().subscribe((BreakerTransition t) -> {
            if (t.offer().equals(ALPHA) && t.to() == BreakerState.OPEN) {
                openedAt.add(sent.get());
            }
        });
        for (int i = 0; i < 30; i++) {
            assertThat(openai().attempts()).as("a healthy fleet answers on the first attempt").isEqualTo(1);
        }
        fleet.control().offerFault("alpha", MODEL, Fault.UNAVAILABLE);
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            replies.add(openai());
            sent.incrementAndGet();
        }
        assertThat(replies).as("every request succeeds").allMatch(r -> r.status() == 200);
        assertThat(openedAt).as("alpha's breaker opened").isNotEmpty();
        int opened = openedAt.get(0);
        List<Reply> rest = replies.subList(opened, replies.size());
        long firstTry = rest.stream().filter(r -> r.attempts() == 1).count();
        double share = (double) firstTry / rest.size();
        assertThat(share).isGreaterThanOrEqualTo(0.95);
        assertThat(rest).allMatch(r -> r.gateway().equals("beta"));
        assertThat(failovers).allMatch(f -> f.equals("alpha->beta:server_error")).hasSizeLessThanOrEqualTo(opened + 1);

        // Plain ordered routing (the same failover policy, no health filtering) tries alpha first every time.
        gateway.routingSwitch().set(RoutingMode.ORDERED);
        for (int i = 0; i < 10; i++) {
            Reply r = openai();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.gateway()).isEqualTo("beta");
            assertThat(r.attempts()).isEqualTo(2);
        }
        // What a failover costs in latency is measured by bench/failover.sh, not asserted here.
    }

    @Test
    void a429StormOnOneGatewayMovesTrafficWithoutMarkingItsOffersUnhealthy() {
        start();
        fleet.control().gatewayFault("alpha", Fault.RATE_LIMITED);
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            replies.add(openai());
        }
        assertThat(replies).allMatch(r -> r.status() == 200 && r.gateway().equals("beta"));
        // The throttle reaches routing with the next health snapshot; build it now rather than wait for one.
        gateway.engine().rebuild();
        List<Reply> after = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            after.add(openai());
        }
        assertThat(after).as("once the snapshot knows alpha is throttled, traffic goes straight to beta")
                .allMatch(r -> r.status() == 200 && r.gateway().equals("beta") && r.attempts() == 1);
        assertThat(outcomesOf(ALPHA)).isNotEmpty().allMatch(o -> o.outcomeClass() == OutcomeClass.RATE_LIMITED);
        var snapshot = gateway.engine().rebuild();
        assertThat(snapshot.offerStatus(ALPHA)).isNotIn(OfferStatus.UNHEALTHY, OfferStatus.DEPRECATED, OfferStatus.MISCONFIGURED);
        assertThat(gateway.breakers().state(ALPHA, Clock.systemUTC().instant())).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void aHangingGatewayCostsNoMoreThanTheFirstTokenDeadline() {
        Duration deadline = Duration.ofMillis(400);
        start(Map.of(), p -> p.withFirstTokenDeadlines(new FirstTokenDeadlines(Map.of(), Map.of(MODEL, deadline))), null);
        fleet.control().offerFault("alpha", MODEL, Fault.HANG);
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            replies.add(openai(MODEL, i % 2 == 1, ""));
        }
        assertThat(replies).allMatch(r -> r.status() == 200 && r.gateway().equals("beta"));
        assertThat(replies.get(0).attempts()).as("the first request waited for alpha, then went on").isEqualTo(2);
        assertThat(outcomesOf(ALPHA)).isNotEmpty().allMatch(o -> o.outcomeClass() == OutcomeClass.TIMEOUT);
    }

    @Test
    void aStreamCutAfterThreeChunksEndsWithAnErrorEventInEachFrontDoorsProtocol() {
        start();
        fleet.control().setOffer("alpha", MODEL, Behaviour.NORMAL.withFault(Fault.CUT_STREAM).withCutAfter(3));
        Reply oa = openai("alpha/" + MODEL, true, "");
        assertThat(oa.status()).isEqualTo(200);
        assertThat(oa.attempts()).isEqualTo(1);
        List<String> data = oa.body().lines().filter(l -> l.startsWith("data:")).toList();
        assertThat(data).doesNotContain("data: [DONE]");
        assertThat(data.size()).as("the chunks before the cut, then the error").isGreaterThanOrEqualTo(2);
        assertThat(data.get(data.size() - 1)).contains("\"error\"");

        Reply an = chat("/v1/messages", "{\"model\":\"alpha/" + MODEL + "\",\"max_tokens\":50,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(an.status()).isEqualTo(200);
        assertThat(an.body()).contains("event: content_block_delta").contains("event: error").doesNotContain("event: message_stop");
        assertThat(fleet.requestCount("beta", MODEL)).as("no failover after the first byte").isZero();
        await().atMost(Duration.ofSeconds(3)).until(() -> outcomesOf(ALPHA).size() >= 2);
        assertThat(outcomesOf(ALPHA)).allMatch(o -> o.outcomeClass().countsAgainstOffer());
    }

    @Test
    void withProbesOffARecoveredPrimaryGetsItsTrafficBackWithinAMinuteAndReadsHealthyAgain() {
        FakeClock clock = new FakeClock();
        start(Map.of(), p -> p, null, clock);
        fleet.control().offerFault("alpha", MODEL, Fault.UNAVAILABLE);
        for (int second = 0; second < 300; second++) { // a five-minute outage at one request a second, no client order
            assertThat(openai().status()).as("a working offer exists: every request succeeds").isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
            gateway.engine().rebuild(); // the snapshot the one-second refresher would build on a real clock
        }
        assertThat(gateway.engine().snapshot().offerStatus(ALPHA)).isNotEqualTo(OfferStatus.HEALTHY);

        fleet.control().offerFault("alpha", MODEL, Fault.NONE);
        int back = -1;
        for (int second = 0; second < 60 && back < 0; second++) {
            Reply r = openai();
            assertThat(r.status()).isEqualTo(200);
            if (r.gateway().equals("alpha")) {
                back = second;
            }
            clock.advance(Duration.ofSeconds(1));
            gateway.engine().rebuild();
        }
        assertThat(back).as("a live trial reached the recovered primary within 60 s, with no probes").isBetween(0, 59);
        for (int i = 0; i < 3; i++) {
            openai();
            clock.advance(Duration.ofSeconds(1));
            gateway.engine().rebuild();
        }
        assertThat(gateway.engine().snapshot().offerStatus(ALPHA)).as("three successes in a row: healthy again")
                .isEqualTo(OfferStatus.HEALTHY);
        assertThat(gateway.breakers().state(ALPHA, clock.instant())).isEqualTo(BreakerState.CLOSED);
        // Both healthy now, alpha's outage still in its window: its uptime counts from its recovery,
        // so it is first again in catalog order, not held behind beta for the rest of the window.
        for (int i = 0; i < 5; i++) {
            Reply r = openai();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.gateway()).as("request %d after the recovery", i).isEqualTo("alpha");
            assertThat(r.attempts()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            gateway.engine().rebuild();
        }
    }

    @Test
    void theRecoveryTrialBackoffIsTheConfiguredOne() {
        FakeClock clock = new FakeClock();
        start(Map.of("HEALTHGATE_ROUTING_RECOVERY_TRIAL_INITIAL_SECONDS", "3",
                "HEALTHGATE_ROUTING_RECOVERY_TRIAL_MAX_SECONDS", "3"), p -> p, null, clock);
        fleet.control().offerFault("alpha", MODEL, Fault.UNAVAILABLE);
        assertThat(openai().gateway()).as("alpha fails once, beta serves").isEqualTo("beta");
        gateway.engine().rebuild();
        fleet.control().offerFault("alpha", MODEL, Fault.NONE);
        List<String> served = new ArrayList<>();
        for (int second = 0; second < 3; second++) {
            clock.advance(Duration.ofSeconds(1));
            gateway.engine().rebuild();
            served.add(openai().gateway());
        }
        // The trial window opens 3 s after the last failure (the default is 10 s): seconds 1 and 2
        // go to beta, the trial at 3 s reaches alpha.
        assertThat(served).containsExactly("beta", "beta", "alpha");
    }

    @Test
    void whenAnOutageEndsTheHalfOpenTrialSucceedsAndTrafficReturns() {
        FakeClock clock = new FakeClock();
        start(Map.of("HEALTHGATE_ROUTING_BREAKER_OPEN_SECONDS", "20"), p -> p, null, clock);
        String preferAlpha = ",\"provider\":{\"order\":[\"alpha\"]}";
        fleet.control().offerFault("alpha", MODEL, Fault.UNAVAILABLE);
        for (int i = 0; i < 20 && gateway.breakers().state(ALPHA, clock.instant()) != BreakerState.OPEN; i++) {
            Reply r = openai(MODEL, false, preferAlpha);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.gateway()).isEqualTo("beta");
        }
        assertThat(gateway.breakers().state(ALPHA, clock.instant())).isEqualTo(BreakerState.OPEN);
        Reply whileOpen = openai(MODEL, false, preferAlpha);
        assertThat(whileOpen.gateway()).isEqualTo("beta");
        assertThat(whileOpen.attempts()).as("an open circuit costs no attempt").isEqualTo(1);

        fleet.control().offerFault("alpha", MODEL, Fault.NONE);
        clock.advance(Duration.ofSeconds(19));
        assertThat(openai(MODEL, false, preferAlpha).gateway()).as("still open a second before its wait ends").isEqualTo("beta");
        clock.advance(Duration.ofSeconds(1));
        Reply trial = openai(MODEL, false, preferAlpha);
        assertThat(trial.status()).isEqualTo(200);
        assertThat(trial.gateway()).as("the half-open trial, on the first request after the wait").isEqualTo("alpha");
        assertThat(trial.attempts()).isEqualTo(1);
        Reply second = openai(MODEL, false, preferAlpha);
        assertThat(second.gateway()).isEqualTo("alpha");
        assertThat(gateway.breakers().state(ALPHA, clock.instant())).as("two trial successes close it").isEqualTo(BreakerState.CLOSED);
        List<Reply> after = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            after.add(openai(MODEL, false, preferAlpha));
        }
        assertThat(after).allMatch(r -> r.gateway().equals("alpha") && r.attempts() == 1);
    }

    @Test
    void requestsAreServedWhenTheHealthStoreAndTheSnapshotAreUnavailable() {
        HealthSignals broken = new HealthSignals() {
            public OfferStatus status(OfferId o) { throw new IllegalStateException("snapshot unavailable"); }
            public java.util.OptionalDouble uptime(OfferId o) { throw new IllegalStateException("snapshot unavailable"); }
            public Optional<Duration> ttfbP50(OfferId o) { throw new IllegalStateException("snapshot unavailable"); }
            public Optional<Duration> ttfbP95(OfferId o) { throw new IllegalStateException("snapshot unavailable"); }
            public java.util.OptionalDouble price(OfferId o) { throw new IllegalStateException("snapshot unavailable"); }
        };
        // A store URL that cannot be opened: a SQLite file under a path that is a regular file.
        Path notADir = tmp.resolve("not-a-directory");
        try {
            java.nio.file.Files.writeString(notADir, "x");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        start(Map.of("HEALTHGATE_STORAGE_URL", "jdbc:sqlite:" + notADir.resolve("hg.db")), p -> p, s -> broken);
        assertThat(gateway.storeProblem()).isNotEmpty();
        assertThat(gateway.healthStore()).as("kept, and reconnected in the background, but not reachable")
                .hasValueSatisfying(st -> assertThat(st.isReachable()).isFalse());
        fleet.control().offerFault("alpha", MODEL, Fault.UNAVAILABLE);
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            replies.add(openai(MODEL, i % 2 == 1, ""));
        }
        assertThat(replies).allMatch(r -> r.status() == 200 && r.gateway().equals("beta"));
        assertThat(failOpens.get()).as("every plan failed open").isEqualTo(10);
    }

    @Test
    void theRollbackSwitchFlipsRoutingAtRuntime() {
        start();
        fleet.control().offerFault("alpha", MODEL, Fault.UNAVAILABLE);
        for (int i = 0; i < 20 && gateway.breakers().state(ALPHA, Clock.systemUTC().instant()) != BreakerState.OPEN; i++) {
            openai();
        }
        Reply healthAware = openai();
        assertThat(healthAware.gateway()).isEqualTo("beta");
        assertThat(healthAware.attempts()).isEqualTo(1);

        gateway.routingSwitch().set(RoutingMode.ORDERED);
        Reply ordered = openai();
        assertThat(ordered.status()).isEqualTo(200);
        assertThat(ordered.attempts()).as("catalog order again: alpha first, breaker ignored").isEqualTo(2);
        assertThat(failovers.get(failovers.size() - 1)).isEqualTo("alpha->beta:server_error");

        gateway.routingSwitch().set(RoutingMode.HEALTH_AWARE);
        Reply back = openai();
        assertThat(back.gateway()).isEqualTo("beta");
        assertThat(back.attempts()).isEqualTo(1);
    }

    @Test
    void withHedgingOnASlowFirstOfferLosesToTheSecondAndIsRecordedAsCancelled() {
        HedgePolicy hedging = new HedgePolicy(true, Map.of(), Duration.ofMillis(100), Duration.ofMillis(150));
        start(Map.of(), p -> p.withHedging(hedging), null);
        fleet.control().setOffer("alpha", MODEL, Behaviour.NORMAL.withLatency(1500, 0));
        for (boolean stream : new boolean[] {false, true}) {
            // The client's order keeps alpha first even once beta has the better record.
            Reply r = openai(MODEL, stream, ",\"provider\":{\"order\":[\"alpha\"]}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.gateway()).isEqualTo("beta");
            assertThat(r.attempts()).as("the hedge counts as an attempt").isEqualTo(2);
            assertThat(stream ? r.body() : json(r.body()).path("choices").get(0).path("message").path("content").asText())
                    .contains("beta");
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> outcomes.size() >= 4);
        assertThat(outcomesOf(ALPHA)).hasSize(2).allMatch(o -> o.outcomeClass() == OutcomeClass.CANCELLED);
        assertThat(outcomesOf(BETA)).hasSize(2).allMatch(o -> o.outcomeClass() == OutcomeClass.SUCCESS);
        assertThat(failovers).as("a hedge is not a failover").isEmpty();
        await().atMost(Duration.ofSeconds(3)).until(() -> fleet.stats("alpha", MODEL).cancelled() >= 2);
    }

    // ---- helpers ----

    private JsonNode json(String s) {
        try {
            return json.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
