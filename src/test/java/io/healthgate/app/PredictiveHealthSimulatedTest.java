package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthgate.anomaly.DriftSettings;
import io.healthgate.catalog.Protocol;
import io.healthgate.config.AuthConfig;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.health.HealthSettings;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Ramp;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.FakeClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The early warning end to end: the real composition root (probes off, store on) in front of the
 * simulated fleet, both on one fake clock the test moves. The fleet's offer {@code ramp/r} runs an
 * error-rate ramp (0 to 40% over ten minutes) before a scheduled outage; clients call it through
 * the front door every fake second. {@code /health/models} shows it {@code degrading}, with the
 * evidence in words, before it shows it {@code unhealthy}; {@code /health/dashboard} counts it and
 * {@code /metrics} has the status in its gauges. (First-byte times are real milliseconds even here,
 * so on a loaded machine they are noise: this drives the error-rate half of the detector; the
 * latency half is driven on fake time in DriftDetectorTest, DegradingStatusTest and WarningLeadTest.)
 */
@org.junit.jupiter.api.Timeout(180)
class PredictiveHealthSimulatedTest {
        private static final int RAMP_FROM = 120;
    private static final int OUTAGE_AT = RAMP_FROM + 600;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-05-04T09:00:00Z"));
    private Vertx vertx;
    private SimulatedFleet fleet;
    private Healthgate gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        http.close();
    }

    @Test
    void aRampedOutageShowsDegradingOnHealthModelsBeforeUnhealthy(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        Scenario scenario = Scenario.builder().seed(23)
                .gateway("ramp", Protocol.OPENAI, "RAMP_KEY", "sk-ramp")
                .offer("ramp", "ramp/r", "r", Behaviour.NORMAL.withLatency(30, 0).withOutage(OUTAGE_AT, 600, Fault.UNAVAILABLE, new Ramp(600, 0, 0.4)))
                .build();
        fleet = SimulatedFleet.start(vertx, scenario, 0, clock);
        Map<String, String> env = new HashMap<>(fleet.demoEnvironment());
        HealthgateConfig demo = Demo.demoConfig(0, "jdbc:sqlite:" + dir.resolve("predict.db"));
        // Short settings: 20 outcomes of baseline, 20 s of sustain. First bytes are real milliseconds (30 ms
        // from the fleet plus whatever this shared machine adds), so the latency half gets a wide factor here:
        // this test is about the error-rate ramp, and load on the machine must not look like a drift.
        DriftSettings d = DriftSettings.defaults();
        HealthSettings health = HealthSettings.builder().degradedLatencyFactor(20)
                .drift(new DriftSettings(true, 20, d.bandSpreads(), d.errorRateRise(), d.cusumThreshold(), Duration.ofSeconds(20), 20,
                        d.baselineHalfLife(), d.recentHalfLife(), d.seasonalAfter())).build();
        HealthgateConfig config = demo.withMonitoring(new HealthgateConfig.Monitoring(false, health))
                .withAuth(new AuthConfig("HG_KEYS", "HG_ADMIN", false));
        Healthgate.Settings settings = Healthgate.Settings.from(config).withInstances(1).withShutdownGrace(Duration.ofSeconds(1));
        gateway = Healthgate.create(config, settings, fleet.catalog(), env, clock).start();

        Integer degradingAt = null;
        Integer unhealthyAt = null;
        String degradingReason = null;
        boolean dashboardCounted = false;
        boolean metricsCounted = false;
        StringBuilder transitions = new StringBuilder();
        String last = "";
        for (int t = 1; t <= OUTAGE_AT + 120 && unhealthyAt == null; t++) {
            clock.advanceSeconds(1);
            for (int i = 0; i < 2; i++) {
                chat("ramp/r");
            }
            gateway.engine().rebuild(); // what the snapshot scheduler does each second, in step with the fake clock
            JsonNode offer = offer(get("/health/models"), "ramp/r", "ramp");
            String status = offer.get("status").asText();
            if (!status.equals(last)) {
                transitions.append("\n  t=").append(t).append(' ').append(status).append(": ").append(offer.get("reason").asText());
                last = status;
            }
            if (status.equals("degrading") && degradingAt == null) {
                degradingAt = t;
                degradingReason = offer.get("reason").asText();
                dashboardCounted = get("/health/dashboard").at("/overall_health/degrading_models").asInt() == 1;
                metricsCounted = text("/metrics").contains("healthgate_models{status=\"degrading\"} 1.0");
            }
            if (status.equals("unhealthy")) {
                unhealthyAt = t;
            }
        }

        assertThat(degradingAt).as("the offer read degrading at some point; statuses:%s", transitions).isNotNull();
        assertThat(unhealthyAt).as("the outage made it unhealthy").isNotNull();
        assertThat(degradingAt).as("degrading (t=%s) came before unhealthy (t=%s)", degradingAt, unhealthyAt).isLessThan(unhealthyAt);
        assertThat(degradingAt).as("not before the ramp began").isGreaterThan(RAMP_FROM);
        assertThat(degradingReason).startsWith("degrading: counting-error rate").contains("against its usual");
        assertThat(dashboardCounted).as("/health/dashboard overall_health.degrading_models").isTrue();
        assertThat(metricsCounted).as("/metrics healthgate_models{status=\"degrading\"}").isTrue();
    }

    private static JsonNode offer(JsonNode models, String model, String gw) {
        return io.healthgate.support.GatewayCalls.offer(models, model, gw);
    }

    private HttpResponse<String> chat(String model) throws Exception {
        return calls().chat(model);
    }

    private String text(String path) throws Exception {
        return calls().text(path);
    }

    private JsonNode get(String path) throws Exception {
        return calls().get(path);
    }

    private io.healthgate.support.GatewayCalls calls() {
        return new io.healthgate.support.GatewayCalls(http, gateway.baseUrl(), Duration.ofSeconds(30));
    }
}
