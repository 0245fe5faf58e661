package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.routing.BreakerState;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.TcpRelay;
import io.healthgate.support.TestRedis;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances reach Redis through a relay the test controls; the relay is cut mid-run (the
 * machine's Redis keeps running). Serving never stops, readiness says degraded and why, and when
 * the relay is back the instances rejoin and catch up on what they missed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class FleetRedisCutTest {
    private static final OfferId CHAT_ON_ALPHA = new OfferId("alpha", "acme/chat");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Vertx simVertx;
    private SimulatedFleet sim;
    private TcpRelay relay;
    private String prefix;
    private Healthgate a;
    private Healthgate b;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(@TempDir Path dir) {
        TestRedis.requireAvailable();
        prefix = TestRedis.freshPrefix();
        URI redis = URI.create(TestRedis.url());
        relay = new TcpRelay(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());
        String viaRelay = redis.getScheme() + "://" + (redis.getRawUserInfo() == null ? "" : redis.getRawUserInfo() + "@")
                + "127.0.0.1:" + relay.port() + (redis.getRawPath() == null ? "" : redis.getRawPath());
        simVertx = Vertx.vertx();
        sim = SimulatedFleet.start(simVertx, Scenario.builder().seed(5)
                .gateway("alpha", Protocol.OPENAI, "ALPHA_KEY", "sk-alpha")
                .gateway("beta", Protocol.OPENAI, "BETA_KEY", "sk-beta")
                .offer("alpha", "acme/chat", "chat-a")
                .offer("beta", "acme/chat", "chat-b")
                .build(), 0);
        Map<String, String> env = new HashMap<>(sim.demoEnvironment());
        a = startInstance("A", viaRelay, "jdbc:sqlite:" + dir.resolve("a.db"), env);
        b = startInstance("B", viaRelay, "jdbc:sqlite:" + dir.resolve("b.db"), env);
    }

    private Healthgate startInstance(String id, String redisUrl, String storageUrl, Map<String, String> env) {
        var config = FleetConfigs.probing(storageUrl, 3);
        Healthgate.Settings settings = Healthgate.Settings.from(config).withInstances(1).withShutdownGrace(Duration.ofSeconds(1));
        return Healthgate.create(config, settings, FleetInstancesTest.tiered(sim.catalog()), env, Clock.systemUTC())
                .fleetForTest(FleetConfigs.redis(redisUrl, prefix, id)).start();
    }

    @AfterAll
    void stop() {
        for (Healthgate g : new Healthgate[] {a, b}) {
            if (g != null) {
                g.close();
            }
        }
        if (relay != null) {
            relay.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (simVertx != null) {
            simVertx.close().await();
        }
        if (prefix != null) {
            TestRedis.deleteKeys(prefix);
        }
        http.close();
    }

    private HttpResponse<String> chat(Healthgate via, boolean preferAlpha) throws Exception {
        String provider = preferAlpha ? "\"provider\":{\"order\":[\"alpha\"]}," : "";
        return http.send(HttpRequest.newBuilder(URI.create(via.baseUrl() + "/v1/chat/completions"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"acme/chat\"," + provider
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(Healthgate via, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(via.baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String metrics(Healthgate via) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(via.baseUrl() + "/metrics")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private BreakerState breaker(Healthgate g) {
        return g.breakers().state(CHAT_ON_ALPHA, Clock.systemUTC().instant());
    }

    @Test
    void servingContinuesWithoutRedisReadinessSaysDegradedAndTheInstancesResyncWhenItReturns() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> a.fleetView().orElseThrow().instances().size() == 2
                && b.fleetView().orElseThrow().instances().size() == 2);
        for (Healthgate g : List.of(a, b)) {
            JsonNode ready = get(g, "/health/ready");
            assertThat(ready.get("status").asText()).isEqualTo("ready");
            assertThat(ready.get("redis").asText()).isEqualTo("ok");
        }

        // Clients keep sending to both instances for the whole run.
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread clients = Thread.ofPlatform().name("fleet-cut-clients").start(() -> {
            int i = 0;
            while (running.get() && i < 2_000) {
                try {
                    HttpResponse<String> r = chat(i++ % 2 == 0 ? a : b, false);
                    statuses.add(r.statusCode());
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        });

        relay.cut();
        for (Healthgate g : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !g.fleetView().orElseThrow().redisUp());
            JsonNode ready = get(g, "/health/ready");
            assertThat(ready.get("status").asText()).isEqualTo("degraded");
            assertThat(ready.get("redis").asText()).isEqualTo("down");
            assertThat(ready.get("message").asText()).contains("redis unreachable").contains("own view");
            assertThat(get(g, "/health/system").get("fleet").get("redis").asText()).isEqualTo("down");
            assertThat(metrics(g)).contains("healthgate_fleet_redis_up 0.0");
        }

        // An outage only A sees while the fleet cannot talk: A protects itself, B cannot know yet.
        sim.control().offerFault("alpha", "acme/chat", Fault.UNAVAILABLE);
        for (int i = 0; i < 5; i++) {
            assertThat(chat(a, true).statusCode()).isEqualTo(200);
        }
        assertThat(breaker(a)).isEqualTo(BreakerState.OPEN);
        assertThat(breaker(b)).isNotEqualTo(BreakerState.OPEN);

        relay.restore();
        for (Healthgate g : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> g.fleetView().orElseThrow().redisUp());
            await().atMost(Duration.ofSeconds(5)).until(() -> "ready".equals(get(g, "/health/ready").get("status").asText()));
        }
        // Resync: A sent its open breaker again on rejoining, so B routes around alpha without calling it.
        await().atMost(Duration.ofSeconds(10)).until(() -> breaker(b) == BreakerState.OPEN);
        long alphaBefore = sim.requestCount("alpha", "acme/chat");
        HttpResponse<String> viaB = chat(b, true);
        assertThat(viaB.statusCode()).isEqualTo(200);
        assertThat(viaB.headers().firstValue("x-healthgate-gateway")).contains("beta");
        assertThat(sim.requestCount("alpha", "acme/chat")).isEqualTo(alphaBefore);

        running.set(false);
        clients.join(15_000);
        sim.control().setOffer("alpha", "acme/chat", Behaviour.NORMAL);
        assertThat(statuses).hasSizeGreaterThan(20);
        assertThat(failures).as("client-visible errors while Redis was cut").isEmpty();
    }
}
