package io.healthgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The health API over HTTP against the scripted fleet: status codes, fields, filters, store-backed views, protection. */
@org.junit.jupiter.api.Timeout(120)
class HealthRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ViewsScenario fleet = ViewsScenario.scripted();
    private ViewsServer server;

    private ViewsServer start(OperatorSettings settings) {
        server = new ViewsServer(fleet.services(settings, Reloader.UNSUPPORTED));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(c -> assertThat(c).startsWith("application/json"));
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    @Test
    void livenessAndReadinessSayWhatTheyKnow() {
        ViewsServer s = start(OperatorSettings.open());
        assertThat(s.get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = s.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode r = json(ready);
        assertThat(r.get("status").asText()).isEqualTo("ready");
        assertThat(r.get("config").asText()).isEqualTo("loaded");
        assertThat(r.get("store").asText()).isEqualTo("reachable");
    }

    @Test
    void readinessWithAnUnreachableStoreIsDegradedButServing() {
        ViewsServer s = start(OperatorSettings.open());
        fleet.store.failing(true);
        HttpResponse<String> ready = s.get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode r = json(ready);
        assertThat(r.get("status").asText()).isEqualTo("degraded");
        assertThat(r.get("store").asText()).isEqualTo("unreachable");
        assertThat(r.get("message").asText()).startsWith("degraded but serving");
    }

    @Test
    void readinessWhenTheStoreCouldNotBeOpenedSaysWhyAndKeepsServing() {
        server = new ViewsServer(new OperatorServices(fleet.engine, Optional.of(fleet.breakers), fleet.routing, Optional.empty(),
                Optional.empty(), fleet.metrics, Reloader.UNSUPPORTED, OperatorSettings.open(), () -> false,
                () -> "health store unavailable: connection refused"));
        JsonNode r = json(server.get("/health/ready"));
        JsonNode history = json(server.get("/health/history"));

        assertThat(r.get("status").asText()).isEqualTo("degraded");
        assertThat(r.get("store").asText()).isEqualTo("unavailable");
        assertThat(r.get("message").asText()).isEqualTo("degraded but serving: health store unavailable: connection refused; "
                + "health is kept in memory only");
        assertThat(history.get("message").asText()).startsWith("health store unavailable: connection refused");
        assertThat(json(server.get("/health/system")).get("health_percentage").asDouble()).isEqualTo(75.0);
    }

    @Test
    void drainingProcessAnswersReadinessWith503() {
        server = new ViewsServer(new OperatorServices(fleet.engine, Optional.empty(), fleet.routing, Optional.empty(),
                Optional.empty(), fleet.metrics, null, null, () -> true, null));
        HttpResponse<String> r = server.get("/health/ready");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).get("status").asText()).isEqualTo("draining");
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void systemAndDashboardAnswerTheScriptedTruth() throws Exception {
        ViewsServer s = start(OperatorSettings.open());
        JsonNode sys = json(s.get("/health/system"));
        JsonNode dash = json(s.get("/health/dashboard"));

        assertThat(sys.get("health_percentage").asDouble()).isEqualTo(75.0);
        assertThat(sys.get("healthy_models").asInt()).isEqualTo(3);
        assertThat(sys.get("unhealthy_models").asInt()).isEqualTo(1);
        JsonNode successMetrics = ((com.fasterxml.jackson.databind.node.ObjectNode) dash).remove("success_metrics");
        assertThat(dash).isEqualTo(JSON.readTree(ViewJson.text(DashboardView.of(fleet.inputs()))));
        assertThat(successMetrics).as("the six success figures ride along, read from the stored history").hasSize(6);
        assertThat(dash.get("overall_health").get("health_percentage").asText()).isEqualTo("75.0%");
        assertThat(dash.get("recommendations").get(0).get("details").asText()).contains("FIREWORKS_API_KEY");
    }

    @Test
    void modelsFilterAndRejectUnknownFilterValuesClearly() {
        ViewsServer s = start(OperatorSettings.open());
        JsonNode unhealthy = json(s.get("/health/models?status=unhealthy"));
        JsonNode together = json(s.get("/health/models?gateway=together&status=healthy"));
        JsonNode byModel = json(s.get("/health/models?model=meta-llama/llama-3.3-70b"));
        HttpResponse<String> badStatus = s.get("/health/models?status=sick");
        HttpResponse<String> badGateway = s.get("/health/models?gateway=nowhere");

        assertThat(unhealthy.get("count").asInt()).isEqualTo(1);
        assertThat(unhealthy.get("models").get(0).get("model_id").asText()).isEqualTo("mistralai/mistral-large");
        assertThat(together.get("count").asInt()).isEqualTo(2);
        assertThat(byModel.get("count").asInt()).isEqualTo(2);
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(json(badStatus).get("error").get("message").asText()).contains("unknown status 'sick'").contains("healthy");
        assertThat(badGateway.statusCode()).isEqualTo(400);
        assertThat(json(badGateway).get("error").get("message").asText()).contains("unknown gateway 'nowhere'");
    }

    @Test
    void oneModelTakesTheRestOfThePathAndReadsUptimeFromTheStore() {
        ViewsServer s = start(OperatorSettings.open());
        HttpResponse<String> r = s.get("/health/models/meta-llama/llama-3.3-70b");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode m = json(r);
        assertThat(m.get("model_id").asText()).isEqualTo("meta-llama/llama-3.3-70b");
        JsonNode groq = m.get("offers").get(0);
        assertThat(groq.get("gateway").asText()).isEqualTo("groq");
        assertThat(groq.get("uptime").get("1h").asDouble()).isEqualTo(100.0);
        assertThat(groq.get("uptime").get("24h").asDouble()).isEqualTo(50.0);
        assertThat(groq.get("uptime").get("7d").asDouble()).isEqualTo(66.7);
        JsonNode together = m.get("offers").get(1);
        assertThat(together.get("uptime").get("1h").isNull()).isTrue();

        HttpResponse<String> missing = s.get("/health/models/nobody/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").get("message").asText()).contains("unknown model 'nobody/nothing'");
    }

    @Test
    void providersAndGatewaysAreObjectsKeyedByName() {
        ViewsServer s = start(OperatorSettings.open());
        JsonNode providers = json(s.get("/health/providers"));
        JsonNode gateways = json(s.get("/health/gateways"));

        assertThat(providers.fieldNames()).toIterable().contains("meta-llama", "mistralai", "qwen");
        assertThat(gateways.fieldNames()).toIterable().containsExactly("groq", "together", "openrouter", "fireworks");
        assertThat(gateways.get("fireworks").get("api_key_env").asText()).isEqualTo("FIREWORKS_API_KEY");
        assertThat(gateways.get("fireworks").get("configured").asBoolean()).isFalse();
    }

    @Test
    void historyListsStoredSnapshotsAndValidatesHours() {
        ViewsServer s = start(OperatorSettings.open());
        JsonNode h = json(s.get("/health/history?hours=24"));
        HttpResponse<String> zero = s.get("/health/history?hours=0");
        HttpResponse<String> words = s.get("/health/history?hours=lots");

        assertThat(h.get("points")).hasSize(48);
        assertThat(h.get("points").get(0).get("health_percentage").asDouble()).isEqualTo(60.0);
        assertThat(h.get("points").get(47).get("health_percentage").asDouble()).isEqualTo(75.0);
        assertThat(json(s.get("/health/history?hours=2")).get("points")).hasSize(4);
        assertThat(h.has("message")).isFalse();
        fleet.store.failing(true);
        assertThat(json(s.get("/health/history?hours=24")).get("message").asText()).isEqualTo(HealthRoutes.STORE_FAILED);
        assertThat(json(s.get("/health/models/meta-llama/llama-3.3-70b")).get("uptime_note").asText()).isEqualTo(HealthRoutes.STORE_FAILED);
        fleet.store.failing(false);
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(words.statusCode()).isEqualTo(400);
        assertThat(json(words).get("error").get("message").asText()).contains("hours must be a whole number from 1 to 168");
    }

    @Test
    void protectedHealthNeedsAClientKeyButLivenessAndThePageDoNot() {
        ViewsServer s = start(new OperatorSettings(true, List.of("client-secret"), Optional.empty(), "HG_ADMIN"));

        assertThat(s.get("/health").statusCode()).isEqualTo(200);
        assertThat(s.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(s.get("/dashboard").statusCode()).isEqualTo(200);
        HttpResponse<String> denied = s.get("/health/system");
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.body()).doesNotContain("client-secret");
        assertThat(s.get("/health/dashboard", "x-api-key", "wrong").statusCode()).isEqualTo(401);
        assertThat(s.get("/metrics").statusCode()).isEqualTo(401);
        assertThat(s.get("/health/system", "authorization", "Bearer client-secret").statusCode()).isEqualTo(200);
        assertThat(s.get("/health/dashboard", "x-api-key", "client-secret").statusCode()).isEqualTo(200);
    }

    @Test
    void dashboardPageIsSelfContainedAndForbidsOutsideResources() {
        ViewsServer s = start(OperatorSettings.open());
        HttpResponse<String> page = s.get("/dashboard");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'").contains("connect-src 'self'"));
        assertThat(page.body()).contains("<style>").contains("<script>").contains("/health/dashboard")
                .doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//")
                .doesNotContain("@import").doesNotContainPattern("url\\(\\s*[\"']?https?:");
    }
}
