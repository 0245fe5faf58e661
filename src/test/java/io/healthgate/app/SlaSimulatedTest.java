package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthgate.catalog.Protocol;
import io.healthgate.config.AuthConfig;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.FakeClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SLA tracking in the real composition root (store on, probes off) in front of the simulated
 * fleet: chat requests through the front door are recorded into the outcome history behind the
 * request path, and {@code GET /health/sla} reports them once their minute has ended (time is a
 * fake clock the test moves; the writer runs on its own thread).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(120)
class SlaSimulatedTest {
    
    private final FakeClock clock = new FakeClock(Instant.parse("2026-04-01T10:00:05Z"));
    private Vertx vertx;
    private SimulatedFleet fleet;
    private Healthgate gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        Scenario scenario = Scenario.builder().seed(17)
                .gateway("fast", Protocol.OPENAI, "FAST_KEY", "sk-fast")
                .gateway("broken", Protocol.OPENAI, "BROKEN_KEY", "sk-broken")
                .gateway("rejecting", Protocol.OPENAI, "REJECTING_KEY", "sk-rej")
                .gatewayBehaviour("rejecting", Behaviour.NORMAL.withFault(Fault.AUTH_REJECTED))
                .offer("fast", "alpha/a", "a")
                .offer("broken", "delta/d", "d", Behaviour.NORMAL.withFault(Fault.UNAVAILABLE))
                .offer("rejecting", "eps/e", "e")
                .build();
        fleet = SimulatedFleet.start(vertx, scenario, 0);
        Map<String, String> env = new HashMap<>(fleet.demoEnvironment());
        HealthgateConfig demo = Demo.demoConfig(0, "jdbc:sqlite:" + dir.resolve("sla.db"));
        HealthgateConfig config = demo.withMonitoring(new HealthgateConfig.Monitoring(false, demo.monitoring().health()))
                .withAuth(new AuthConfig("HG_KEYS", "HG_ADMIN", false));
        Healthgate.Settings settings = Healthgate.Settings.from(config).withInstances(1).withShutdownGrace(Duration.ofSeconds(1));
        gateway = Healthgate.create(config, settings, fleet.catalog(), env, clock).start();
        for (int i = 0; i < 6; i++) {
            assertThat(chat("alpha/a").statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(chat("delta/d").statusCode()).isGreaterThanOrEqualTo(500);
        }
        for (int i = 0; i < 2; i++) {
            chat("eps/e");
        }
        clock.advanceSeconds(60); // the minute has ended: the writer appends it on its next flush
    }

    @AfterAll
    void stop() {
        gateway.close();
        fleet.close();
        vertx.close().await();
        http.close();
    }

    private static JsonNode gateway(JsonNode sla, String name) {
        for (JsonNode g : sla.get("gateways")) {
            if (g.get("gateway").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no gateway " + name + " in " + sla);
    }

    @Test
    void realTrafficShowsUpInTheSlaReportWithRejectedKeysBesideAvailability() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/health/sla?window=1h").get("overall").get("calls").asLong() >= 11);
        JsonNode sla = get("/health/sla?window=1h");

        JsonNode fast = gateway(sla, "fast");
        assertThat(fast.get("counted_calls").asLong()).isEqualTo(6);
        assertThat(fast.get("availability").asDouble()).isEqualTo(100.0);
        assertThat(fast.at("/ttfb_ms/p50").isNumber()).as("latency of the successes").isTrue();
        assertThat(fast.at("/error_budget/target").asDouble()).isEqualTo(99.5);

        JsonNode broken = gateway(sla, "broken");
        assertThat(broken.get("successes").asLong()).isZero();
        assertThat(broken.get("failures").asLong()).isEqualTo(3);
        assertThat(broken.get("availability").asDouble()).isEqualTo(0.0);
        assertThat(broken.at("/error_budget/met").asBoolean()).isFalse();

        JsonNode rejecting = gateway(sla, "rejecting");
        assertThat(rejecting.get("counted_calls").asLong()).as("a rejected key is not the model's failure").isZero();
        assertThat(rejecting.get("availability").isNull()).isTrue();
        assertThat(rejecting.at("/excluded/auth_error").asLong()).isEqualTo(2);

        assertThat(sla.get("incidents")).singleElement().satisfies(i -> {
            assertThat(i.get("gateway").asText()).isEqualTo("broken");
            assertThat(i.get("detected_by").asText()).isEqualTo("traffic");
            assertThat(i.get("dominant_class").asText()).isEqualTo("server_error");
        });
        assertThat(get("/health/dashboard").get("success_metrics")).hasSize(6);
    }

    private HttpResponse<String> chat(String model) throws Exception {
        return calls().chat(model);
    }

    private JsonNode get(String path) throws Exception {
        return calls().get(path);
    }

    private io.healthgate.support.GatewayCalls calls() {
        return new io.healthgate.support.GatewayCalls(http, gateway.baseUrl(), Duration.ofSeconds(10));
    }
}
