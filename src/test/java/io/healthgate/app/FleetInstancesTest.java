package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.catalog.Tier;
import io.healthgate.fleet.FleetView;
import io.healthgate.health.HealthStore;
import io.healthgate.health.Outcome;
import io.healthgate.routing.BreakerState;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.store.JdbcHealthStore;
import io.healthgate.store.RedisCache;
import io.healthgate.support.TestPostgres;
import io.healthgate.support.TestRedis;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three gateway instances in one JVM, each with its own Vert.x, on one PostgreSQL schema and one
 * Redis key prefix, in front of the simulated fleet: they probe as one, route around an outage
 * only one of them saw, hand leases over when one stops, and write one store. A timeline: the
 * steps run in order on the same fleet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class FleetInstancesTest {
    static final int PROBE_INTERVAL_SECONDS = 3;
    static final OfferId CHAT_ON_ALPHA = new OfferId("alpha", "acme/chat");
    static final List<String> WATCHED = List.of("m/one", "m/two", "m/three", "m/four", "m/five", "m/six");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Vertx simVertx;
    private SimulatedFleet sim;
    private TestPostgres.Schema schema;
    private String prefix;
    private final List<Healthgate> instances = new ArrayList<>();
    private final Map<String, Healthgate> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Outcome>> outcomesByInstance = new ConcurrentHashMap<>();
    private final List<Outcome> allOutcomes = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private long clientRequests;

    @BeforeAll
    void start() throws Exception {
        TestRedis.requireAvailable();
        schema = TestPostgres.freshSchema();
        prefix = TestRedis.freshPrefix();
        simVertx = Vertx.vertx();
        Scenario.Builder b = Scenario.builder().seed(13)
                .gateway("alpha", Protocol.OPENAI, "ALPHA_KEY", "sk-alpha")
                .gateway("beta", Protocol.OPENAI, "BETA_KEY", "sk-beta")
                .offer("alpha", "acme/chat", "chat-a")
                .offer("beta", "acme/chat", "chat-b");
        for (String m : WATCHED) {
            b.offer("alpha", m, m.substring(2) + "-a").offer("beta", m, m.substring(2) + "-b");
        }
        sim = SimulatedFleet.start(simVertx, b.build(), 0);
        Catalog catalog = tiered(sim.catalog());
        Map<String, String> env = new HashMap<>(sim.demoEnvironment());

        // Started together, as a deployment would: migrations must run once, on one schema.
        List<CompletableFuture<Healthgate>> starting = new ArrayList<>();
        for (String id : List.of("A", "B", "C")) {
            starting.add(CompletableFuture.supplyAsync(() -> startInstance(id, catalog, env)));
        }
        for (CompletableFuture<Healthgate> f : starting) {
            instances.add(f.get());
        }
    }

    private Healthgate startInstance(String id, Catalog catalog, Map<String, String> env) {
        var config = FleetConfigs.probing(schema.url(), PROBE_INTERVAL_SECONDS);
        Healthgate.Settings settings = Healthgate.Settings.from(config).withInstances(1).withShutdownGrace(Duration.ofSeconds(1));
        Healthgate g = Healthgate.create(config, settings, catalog, env, Clock.systemUTC())
                .fleetForTest(FleetConfigs.redis(TestRedis.url(), prefix, id));
        List<Outcome> mine = new CopyOnWriteArrayList<>();
        outcomesByInstance.put(id, mine);
        g.outcomes().subscribe(mine::add);
        g.outcomes().subscribe(allOutcomes::add);
        byId.put(id, g);
        return g.start();
    }

    /** The watched models are critical (probed every few seconds); acme/chat is on_demand, so only traffic sees its outage. */
    static Catalog tiered(Catalog c) {
        List<Model> models = new ArrayList<>();
        for (Model m : c.models()) {
            Tier t = m.id().equals("acme/chat") ? Tier.ON_DEMAND : Tier.CRITICAL;
            models.add(new Model(m.id(), m.provider(), java.util.Optional.of(t), m.reasoning(), m.contextTokens(), m.aliases(), m.offers()));
        }
        return new Catalog(c.gateways(), models);
    }

    @AfterAll
    void stop() {
        instances.forEach(Healthgate::close);
        if (sim != null) {
            sim.close();
        }
        if (simVertx != null) {
            simVertx.close().await();
        }
        if (schema != null) {
            schema.close();
        }
        if (prefix != null) {
            TestRedis.deleteKeys(prefix);
        }
        http.close();
    }

    private Healthgate instance(String id) {
        return java.util.Objects.requireNonNull(byId.get(id), id);
    }

    /** A chat request from a client that prefers alpha (alpha first, fallbacks allowed), as an OpenRouter client can ask. */
    private HttpResponse<String> chatPreferringAlpha(Healthgate via, String model) throws Exception {
        clientRequests++;
        return http.send(HttpRequest.newBuilder(URI.create(via.baseUrl() + "/v1/chat/completions"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"provider\":{\"order\":[\"alpha\"]},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stops new probes and waits for those in flight, so every upstream call has its outcome before the instance closes. */
    private static void quiesce(Healthgate g) {
        g.probeScheduler().probeOnly(id -> false);
        await().atMost(Duration.ofSeconds(10)).until(() -> g.probeScheduler().inFlight() == 0);
    }

    private JsonNode get(Healthgate via, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(via.baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static int watchedOffers() {
        return WATCHED.size() * 2;
    }

    private int leasesHeld(List<Healthgate> gs) {
        return gs.stream().mapToInt(g -> g.fleetView().orElseThrow().leasesHeld()).sum();
    }

    private static long simulatorRequests(SimulatedFleet sim, String gateway, String model) {
        return sim.requestCount(gateway, model);
    }

    @Test
    @Order(1)
    void eachOfferIsProbedByExactlyOneInstancePerIntervalNotByAllThree() throws Exception {
        int offers = watchedOffers() + 2;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (Healthgate g : instances) {
                FleetView v = g.fleetView().orElseThrow();
                assertThat(v.redisUp()).isTrue();
                assertThat(v.instances()).hasSize(3);
            }
            assertThat(leasesHeld(instances)).isEqualTo(offers);
        });
        // Every instance holds a share, and every instance answers /health/system with the fleet.
        for (Healthgate g : instances) {
            assertThat(g.fleetView().orElseThrow().leasesHeld()).isPositive();
            JsonNode fleet = get(g, "/health/system").get("fleet");
            assertThat(fleet.get("instances").asInt()).isEqualTo(3);
            assertThat(fleet.get("redis").asText()).isEqualTo("ok");
            assertThat(fleet.get("answered_by").asText()).isEqualTo(g.fleetView().orElseThrow().self());
            assertThat(fleet.get("members")).hasSize(3);
            assertThat(fleet.get("members").findValuesAsText("id")).containsExactlyInAnyOrder("A", "B", "C");
            assertThat(get(g, "/health/dashboard").get("fleet").get("answered_by").asText()).isEqualTo(fleet.get("answered_by").asText());
        }
        // The views are published under stable keys, readable by anything that reads Redis.
        try (RedisCache reader = RedisCache.connect(TestRedis.url(), "reader", prefix, RedisCache.DEFAULT_COUNTER_RETENTION)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (String view : List.of("health:system", "health:models", "health:providers", "health:gateways", "health:dashboard")) {
                    assertThat(reader.view(view)).as(view).isPresent();
                }
                assertThat(JSON.readTree(reader.view("health:system").orElseThrow()).get("fleet").get("instances").asInt()).isEqualTo(3);
            });
        }

        Map<OfferId, Long> before = new HashMap<>();
        for (String m : WATCHED) {
            for (String gw : List.of("alpha", "beta")) {
                before.put(new OfferId(gw, m), simulatorRequests(sim, gw, m));
            }
        }
        outcomesByInstance.values().forEach(List::clear);
        int intervals = 3;
        // A measurement window on the real clock: the probes run on their own schedule meanwhile.
        Thread.sleep(Duration.ofSeconds((long) intervals * PROBE_INTERVAL_SECONDS));

        long fleetTotal = 0;
        for (Map.Entry<OfferId, Long> e : before.entrySet()) {
            OfferId offer = e.getKey();
            long delta = simulatorRequests(sim, offer.gateway(), offer.model()) - e.getValue();
            fleetTotal += delta;
            Set<String> probers = new HashSet<>();
            outcomesByInstance.forEach((id, list) -> {
                if (list.stream().anyMatch(o -> o.offer().equals(offer) && o.source() == Outcome.Source.PROBE)) {
                    probers.add(id);
                }
            });
            assertThat(probers).as("instances that probed " + offer).hasSize(1);
            assertThat(delta).as("probes of " + offer + " in " + intervals + " intervals").isBetween((long) intervals - 1, (long) intervals + 1);
        }
        // One instance's schedule is watchedOffers() x intervals; three unshared schedules would be three times that.
        assertThat(fleetTotal).isBetween((long) watchedOffers() * (intervals - 1), (long) watchedOffers() * (intervals + 1));
        // Probe spend in every instance's view is the fleet's total, not its own share.
        for (Healthgate g : instances) {
            long spend = g.engine().snapshot().system().probeRequests();
            assertThat(spend).isGreaterThan(fleetTotal);
        }
    }

    @Test
    @Order(2)
    void anOutageSeenOnlyThroughInstanceAsTrafficMakesBAndCRouteAroundItWithNoTrafficOfTheirOwn() throws Exception {
        Healthgate a = instance("A");
        sim.control().offerFault("alpha", "acme/chat", Fault.UNAVAILABLE);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = chatPreferringAlpha(a, "acme/chat");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200); // alpha failed, beta answered
            assertThat(r.headers().firstValue("x-healthgate-attempts")).contains("2");
        }
        assertThat(a.breakers().state(CHAT_ON_ALPHA, Clock.systemUTC().instant())).isEqualTo(BreakerState.OPEN);

        for (String id : List.of("B", "C")) {
            Healthgate g = instance(id);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> g.breakers().state(CHAT_ON_ALPHA, Clock.systemUTC().instant()) == BreakerState.OPEN);
        }
        long alphaBefore = simulatorRequests(sim, "alpha", "acme/chat");
        for (String id : List.of("B", "C")) {
            Healthgate g = instance(id);
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = chatPreferringAlpha(g, "acme/chat");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-healthgate-gateway")).contains("beta");
                assertThat(r.headers().firstValue("x-healthgate-attempts")).contains("1");
            }
            JsonNode fleet = get(g, "/health/system").get("fleet");
            assertThat(fleet.get("staleness_ms_p50").isNumber()).isTrue();
            assertThat(fleet.get("staleness_ms_max").asLong()).isGreaterThanOrEqualTo(fleet.get("staleness_ms_p50").asLong());
        }
        assertThat(simulatorRequests(sim, "alpha", "acme/chat")).isEqualTo(alphaBefore);
        sim.control().setOffer("alpha", "acme/chat", Behaviour.NORMAL);
    }

    @Test
    @Order(3)
    void stoppingAMovesItsLeasesToBAndC() {
        Healthgate a = instance("A");
        int aHeld = a.fleetView().orElseThrow().leasesHeld();
        assertThat(aHeld).isPositive();
        List<Healthgate> rest = List.of(instance("B"), instance("C"));
        int offers = watchedOffers() + 2;

        quiesce(a);
        a.close();

        await().atMost(FleetConfigs.QUICK.leaseTime().multipliedBy(4)).untilAsserted(() -> {
            for (Healthgate g : rest) {
                assertThat(g.fleetView().orElseThrow().instances()).extracting(i -> i.id()).containsExactlyInAnyOrder("B", "C");
            }
            assertThat(leasesHeld(rest)).isEqualTo(offers);
        });
    }

    @Test
    @Order(4)
    void theSharedStoresCallCountsEqualTheRequestsServedAcrossAllThreeAndMigrationsRanOnce() throws Exception {
        List<Healthgate> running = List.of(instance("B"), instance("C")); // A stopped in the step before
        running.forEach(FleetInstancesTest::quiesce);
        running.forEach(Healthgate::close); // each flushes its last writes
        List<HealthStore.OfferRecord> rows;
        try (JdbcHealthStore store = JdbcHealthStore.open(schema.url())) {
            rows = store.loadOffers();
        }
        long storeCalls = 0;
        for (HealthStore.OfferRecord r : rows) {
            assertThat(r.callCount()).as("calls stored for " + r.offer())
                    .isEqualTo(simulatorRequests(sim, r.offer().gateway(), r.offer().model()));
            storeCalls += r.callCount();
        }
        assertThat(rows).hasSize(watchedOffers() + 2);
        assertThat(storeCalls).isEqualTo(sim.totalRequests()).isEqualTo(allOutcomes.size());
        long liveOutcomes = allOutcomes.stream().filter(o -> o.source() == Outcome.Source.LIVE).count();
        assertThat(liveOutcomes).isEqualTo(clientRequests + 5); // five of A's requests failed over: two calls each

        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, count(*) FROM flyway_schema_history WHERE version IS NOT NULL GROUP BY version")) {
            int versions = 0;
            while (rs.next()) {
                versions++;
                assertThat(rs.getInt(2)).as("migration " + rs.getString(1) + " applied").isEqualTo(1);
            }
            assertThat(versions).isPositive();
        }
    }
}
