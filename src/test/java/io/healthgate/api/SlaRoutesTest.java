package io.healthgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /health/sla} over the scripted week: its incidents and figures, filters, and bad parameters. */
class SlaRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ViewsServer server;

    @BeforeAll
    static void start() {
        server = new ViewsServer(ViewsScenario.scripted().services(OperatorSettings.open(), Reloader.UNSUPPORTED));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void theWeekShowsItsThreeIncidentsWithHowEachWasDetected() throws Exception {
        JsonNode sla = get("/health/sla?window=7d");

        assertThat(sla.at("/window/label").asText()).isEqualTo("7d");
        JsonNode incidents = sla.get("incidents");
        assertThat(incidents).hasSize(3);
        assertThat(incidents.get(0).get("gateway").asText()).isEqualTo("together");
        assertThat(incidents.get(0).get("duration_seconds").asLong()).isEqualTo(30 * 60);
        assertThat(incidents.get(0).get("dominant_class").asText()).isEqualTo("server_error");
        assertThat(incidents.get(0).get("detected_by").asText()).isEqualTo("probe");
        assertThat(incidents.get(0).get("affected_offers")).extracting(JsonNode::asText)
                .containsExactly("together:mistralai/mistral-large", "together:openai/gpt-4o");
        assertThat(incidents.get(1).get("gateway").asText()).isEqualTo("groq");
        assertThat(incidents.get(1).get("dominant_class").asText()).isEqualTo("timeout");
        assertThat(incidents.get(1).get("detected_by").asText()).isEqualTo("traffic");
        assertThat(incidents.get(1).get("duration_seconds").asLong()).isEqualTo(12 * 60);
        assertThat(incidents.get(2).get("ongoing").asBoolean()).isTrue();
        assertThat(incidents.get(2).get("dominant_class").asText()).isEqualTo("connection_error");
    }

    @Test
    void eachGatewayHasItsTargetBudgetDaysAndTheRateLimitsBesideItsAvailability() throws Exception {
        JsonNode sla = get("/health/sla?window=7d");
        JsonNode groq = sla.get("gateways").get(0);
        JsonNode together = sla.get("gateways").get(1);

        assertThat(groq.get("gateway").asText()).isEqualTo("groq");
        assertThat(groq.at("/error_budget/target").asDouble()).isEqualTo(99.5);
        assertThat(together.at("/error_budget/target").asDouble()).isEqualTo(99.0);
        assertThat(groq.at("/excluded/rate_limited").asLong()).isPositive();
        long counted = groq.get("counted_calls").asLong();
        long successes = groq.get("successes").asLong();
        assertThat(groq.get("availability").asDouble())
                .isEqualTo(Math.round(100_000.0 * successes / counted) / 1000.0);
        assertThat(groq.get("daily")).hasSize(8);
        assertThat(groq.get("incidents").asInt()).isEqualTo(1);
        assertThat(together.get("incidents").asInt()).isEqualTo(2);
    }

    @Test
    void aGatewayFilterAndAShortWindowNarrowTheReport() throws Exception {
        JsonNode groqOnly = get("/health/sla?window=7d&gateway=groq");
        assertThat(groqOnly.get("gateways")).extracting(g -> g.get("gateway").asText()).containsExactly("groq");
        assertThat(groqOnly.get("incidents")).hasSize(1);

        JsonNode lastHour = get("/health/sla?window=1h");
        assertThat(lastHour.get("incidents")).singleElement().satisfies(i -> assertThat(i.get("ongoing").asBoolean()).isTrue());
    }

    @Test
    void badParametersAnswer400NamingTheValue() {
        HttpResponse<String> window = server.get("/health/sla?window=week");
        assertThat(window.statusCode()).isEqualTo(400);
        assertThat(window.body()).contains("'week'").contains("7d").doesNotContain("Exception");

        HttpResponse<String> gateway = server.get("/health/sla?gateway=nope");
        assertThat(gateway.statusCode()).isEqualTo(400);
        assertThat(gateway.body()).contains("unknown gateway 'nope'");

        HttpResponse<String> range = server.get("/health/sla?from=2026-13-01");
        assertThat(range.statusCode()).isEqualTo(400);
        assertThat(range.body()).contains("ISO-8601");
    }
}
