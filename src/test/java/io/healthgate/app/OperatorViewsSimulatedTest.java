package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Protocol;
import io.healthgate.config.AuthConfig;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator views in the real composition root (store and alerting on, probes off), in front of the simulated fleet, with a SQLite store: live traffic through the front door makes the health the views report, with known truth
 * (4 healthy models, one of them only through failover, 1 down, 1 gateway rejecting its key, 1 without a key).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(120)
class OperatorViewsSimulatedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "sim-admin-key";

    private SimulatedGateway gateway;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Scenario scenario = Scenario.builder().seed(11)
                .gateway("fast", Protocol.OPENAI, "FAST_KEY", "sk-fast")
                .gateway("rejecting", Protocol.OPENAI, "REJECTING_KEY", "sk-rej")
                .gatewayBehaviour("rejecting", Behaviour.NORMAL.withFault(Fault.AUTH_REJECTED))
                .gateway("keyless", Protocol.OPENAI, "KEYLESS_KEY", "sk-none")
                // omega/g fails on a gateway of its own: two failing models on "fast" within seconds
                // would make "fast" suspect (sibling inference) and its working offers degraded.
                .gateway("flaky", Protocol.OPENAI, "FLAKY_KEY", "sk-flaky")
                .gateway("backup", Protocol.OPENAI, "BACKUP_KEY", "sk-backup")
                .offer("fast", "alpha/a", "a")
                .offer("fast", "beta/b", "b")
                .offer("fast", "gamma/c", "c")
                .offer("fast", "delta/d", "d", Behaviour.NORMAL.withFault(Fault.UNAVAILABLE))
                .offer("rejecting", "eps/e", "e")
                .offer("keyless", "zeta/f", "f")
                .offer("flaky", "omega/g", "g", Behaviour.NORMAL.withFault(Fault.UNAVAILABLE))
                .offer("backup", "omega/g", "g")
                .build();
        HealthgateConfig demo = Demo.demoConfig(0, "jdbc:sqlite:" + dir.resolve("health.db"));
        // Probes off: live traffic alone makes the truth, so which offer is tried first is deterministic.
        HealthgateConfig config = demo.withMonitoring(new HealthgateConfig.Monitoring(false, demo.monitoring().health()))
                .withAuth(new AuthConfig("HG_KEYS", "HG_ADMIN", false));
        gateway = new SimulatedGateway(scenario, config, env -> {
            env.remove("KEYLESS_KEY");
            env.put("HG_ADMIN", ADMIN);
        });
        for (String model : List.of("alpha/a", "beta/b", "gamma/c", "eps/e")) {
            chat(model);
        }
        for (int i = 0; i < 3; i++) {
            chat("delta/d");
        }
        chat("omega/g");
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return gateway.http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void chat(String model) throws Exception {
        send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).GET());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void healthViewsReportTheSimulatedTruth() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/health/system").get("health_percentage").asDouble() == 80.0);
        JsonNode sys = get("/health/system");
        assertThat(sys.get("healthy_models").asInt()).isEqualTo(4);
        assertThat(sys.get("unhealthy_models").asInt()).isEqualTo(1);
        assertThat(sys.get("total_models").asInt()).isEqualTo(5);
        assertThat(sys.get("catalog_models").asInt()).isEqualTo(7);

        JsonNode dash = get("/health/dashboard");
        assertThat(dash.get("overall_health").get("health_percentage").asText()).isEqualTo("80.0%");
        assertThat(dash.get("unhealthy_models_by_provider").has("delta")).isTrue();
        assertThat(dash.get("problematic_providers").get(0).get("provider").asText()).isEqualTo("delta");
        String recs = dash.get("recommendations").toString();
        assertThat(recs).contains("KEYLESS_KEY").contains("rejecting rejected the key in REJECTING_KEY");
        assertThat(recs).doesNotContain("sk-fast").doesNotContain("sk-rej");

        JsonNode gws = get("/health/gateways");
        assertThat(gws.get("keyless").get("status").asText()).isEqualTo("unconfigured");
        assertThat(gws.get("rejecting").get("status").asText()).isEqualTo("misconfigured");
        assertThat(gws.get("fast").get("configured").asBoolean()).isTrue();
        assertThat(gws.get("fast").get("status").asText()).as("one failing model is not a suspect gateway").isNotEqualTo("suspect");

        JsonNode d = get("/health/models?model=delta/d");
        assertThat(d.get("models").get(0).get("status").asText()).isEqualTo("unhealthy");
        assertThat(d.get("models").get(0).get("last_outcome").asText()).isEqualTo("server_error");
    }

    @Test
    void readinessMetricsPageAndAdminAreMountedOnTheFrontsRouter() throws Exception {
        JsonNode ready = get("/health/ready");
        assertThat(ready.get("status").asText()).isEqualTo("ready");
        assertThat(ready.get("store").asText()).isEqualTo("reachable");
        assertThat(get("/health/history?hours=24").has("message")).isFalse();

        HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/metrics")).GET());
        assertThat(metrics.body()).contains("healthgate_requests_total{gateway=\"fast\",model=\"alpha/a\",outcome=\"success\",source=\"live\"}")
                .contains("healthgate_failovers_total{gateway=\"flaky\",outcome=\"server_error\"} 1.0");
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(gateway.gateway.dashboardUrl())).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Healthgate");

        HttpRequest.Builder flip = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/admin/routing"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"health_aware\": true}"));
        assertThat(send(flip).statusCode()).isEqualTo(401);
        assertThat(send(flip.header("authorization", "Bearer " + ADMIN)).statusCode()).isEqualTo(200);
        HttpResponse<String> probe = send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/admin/probe"))
                .header("content-type", "application/json").header("x-api-key", ADMIN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"alpha/a\"}")));
        assertThat(probe.statusCode()).as("monitoring.enabled is false here").isEqualTo(409);
        assertThat(probe.body()).contains("probing is not running");
    }
}
