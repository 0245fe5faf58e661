package io.healthgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthSettings;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.routing.RoutingSwitch;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON views built from a scripted fleet with known truth, without a server. */
class HealthViewsTest {

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    @Test
    void systemCountsMatchTheScriptedFleet() {
        ViewsScenario s = ViewsScenario.scripted();
        ObjectNode sys = HealthViews.system(s.inputs());

        assertThat(sys.get("overall_status").asText()).isEqualTo("degraded");
        assertThat(sys.get("total_models").asInt()).isEqualTo(4);
        assertThat(sys.get("healthy_models").asInt()).isEqualTo(3);
        assertThat(sys.get("unhealthy_models").asInt()).isEqualTo(1);
        assertThat(sys.get("health_percentage").asDouble()).isEqualTo(75.0);
        assertThat(sys.get("coverage_percentage").asDouble()).isEqualTo(85.7);
        assertThat(sys.get("catalog_models").asInt()).isEqualTo(6);
        assertThat(sys.get("tracked_offers").asInt()).isEqualTo(6);
        assertThat(sys.get("total_gateways").asInt()).isEqualTo(4);
        assertThat(sys.get("healthy_gateways").asInt()).isEqualTo(1);
        assertThat(sys.get("routing_mode").asText()).isEqualTo("health_aware");
        assertThat(sys.get("last_updated").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(sys.has("message")).isFalse();
    }

    @Test
    void beforeAnyEvidenceEverythingUnknownReadsNullNotZero() {
        ViewsScenario s = ViewsScenario.empty();
        ObjectNode sys = HealthViews.system(s.inputs());
        ObjectNode dash = DashboardView.of(s.inputs());

        assertThat(sys.get("overall_status").asText()).isEqualTo("unknown");
        assertThat(sys.get("health_percentage").isNull()).isTrue();
        assertThat(sys.get("message").asText()).isEqualTo("Health data not yet available");
        JsonNode overall = dash.get("overall_health");
        assertThat(overall.get("status").asText()).isEqualTo("unknown");
        assertThat(overall.get("health_percentage").isNull()).isTrue();
        assertThat(overall.get("message").asText()).isEqualTo("Health data not yet available");
        assertThat(dash.toString()).doesNotContain("0.0%");
        assertThat(texts(dash.get("recommendations"), "action")).contains("Wait for the first health cycle");
        JsonNode offer = HealthViews.models(s.inputs(), HealthViews.ModelFilter.ALL).get("models").get(0);
        assertThat(offer.get("uptime_percentage").isNull()).isTrue();
        assertThat(offer.get("last_checked").isNull()).isTrue();
        assertThat(offer.get("last_outcome").isNull()).isTrue();
        assertThat(offer.get("latency_p50_ms").isNull()).isTrue();
    }

    @Test
    void modelsListOneEntryPerOfferWithTheFieldsOfTheContract() {
        ViewsScenario s = ViewsScenario.scripted();
        JsonNode list = HealthViews.models(s.inputs(), HealthViews.ModelFilter.ALL);

        assertThat(list.get("count").asInt()).isEqualTo(7);
        JsonNode mistral = find(list.get("models"), "mistralai/mistral-large", "together");
        assertThat(mistral.get("provider").asText()).isEqualTo("mistralai");
        assertThat(mistral.get("status").asText()).isEqualTo("unhealthy");
        assertThat(mistral.get("uptime_percentage").asDouble()).isEqualTo(0.0);
        assertThat(mistral.get("error_count").asLong()).isEqualTo(5);
        assertThat(mistral.get("call_count").asLong()).isEqualTo(5);
        assertThat(mistral.get("last_checked").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(mistral.get("last_outcome").asText()).isEqualTo("server_error");
        assertThat(mistral.get("circuit_state").asText()).isEqualTo("open");
        assertThat(mistral.get("reason").asText()).isNotBlank();

        JsonNode llama = find(list.get("models"), "meta-llama/llama-3.3-70b", "groq");
        assertThat(llama.get("status").asText()).isEqualTo("healthy");
        assertThat(llama.get("uptime_percentage").asDouble()).isEqualTo(100.0);
        assertThat(llama.get("call_count").asLong()).isEqualTo(5);
        assertThat(llama.get("error_count").asLong()).isZero();
        assertThat(llama.get("circuit_state").asText()).isEqualTo("closed");
        assertThat(llama.get("latency_p50_ms").asLong()).isPositive();

        JsonNode qwen = find(list.get("models"), "qwen/qwen-2.5-72b", "fireworks");
        assertThat(qwen.get("status").asText()).isEqualTo("unconfigured");
        assertThat(qwen.get("reason").asText()).contains("FIREWORKS_API_KEY");
    }

    @Test
    void modelFilterNarrowsByStatusGatewayAndModel() {
        ViewsScenario s = ViewsScenario.scripted();
        JsonNode unhealthy = HealthViews.models(s.inputs(), new HealthViews.ModelFilter(Optional.of(OfferStatus.UNHEALTHY),
                Optional.empty(), Optional.empty()));
        JsonNode groq = HealthViews.models(s.inputs(), new HealthViews.ModelFilter(Optional.empty(), Optional.of("groq"), Optional.empty()));
        JsonNode llama = HealthViews.models(s.inputs(), new HealthViews.ModelFilter(Optional.empty(), Optional.empty(),
                Optional.of("meta-llama/llama-3.3-70b")));

        assertThat(texts(unhealthy.get("models"), "model_id")).containsExactly("mistralai/mistral-large");
        assertThat(texts(groq.get("models"), "model_id")).containsExactly("meta-llama/llama-3.3-70b", "deepseek/deepseek-v3");
        assertThat(texts(llama.get("models"), "gateway")).containsExactly("groq", "together");
    }

    @Test
    void gatewaysAreKeyedByNameWithKeyEnvAndConfiguredAndErrors() {
        ViewsScenario s = ViewsScenario.scripted();
        JsonNode gws = HealthViews.gateways(s.inputs());

        assertThat(gws.fieldNames()).toIterable().containsExactly("groq", "together", "openrouter", "fireworks");
        JsonNode fw = gws.get("fireworks");
        assertThat(fw.get("status").asText()).isEqualTo("unconfigured");
        assertThat(fw.get("api_key_env").asText()).isEqualTo("FIREWORKS_API_KEY");
        assertThat(fw.get("configured").asBoolean()).isFalse();
        assertThat(fw.get("error").asText()).contains("FIREWORKS_API_KEY");
        assertThat(fw.get("total_offers").asInt()).isEqualTo(1);
        JsonNode or = gws.get("openrouter");
        assertThat(or.get("status").asText()).isEqualTo("misconfigured");
        assertThat(or.get("configured").asBoolean()).isTrue();
        assertThat(or.get("error").asText()).contains("rejected");
        JsonNode groq = gws.get("groq");
        assertThat(groq.get("status").asText()).isEqualTo("healthy");
        assertThat(groq.get("error").isNull()).isTrue();
        assertThat(groq.get("healthy_offers").asInt()).isEqualTo(2);
        assertThat(groq.get("total_offers").asInt()).isEqualTo(2);
        assertThat(groq.get("throttled_until").isNull()).isTrue();
        assertThat(groq.get("error_rate_percentage").asDouble()).isEqualTo(0.0);
        JsonNode together = gws.get("together");
        assertThat(together.get("breakers_open").asInt()).isEqualTo(1);
        assertThat(together.get("probe_requests").asInt()).isEqualTo(1);
        assertThat(together.get("probe_tokens").asInt()).isEqualTo(7);
        assertThat(together.get("healthy_offers").asInt()).isEqualTo(2);
        assertThat(together.get("total_offers").asInt()).isEqualTo(3);
    }

    @Test
    void throttledGatewayShowsWhenItsRateLimitEnds() {
        ViewsScenario s = ViewsScenario.scripted();
        s.bus.onOutcome(new Outcome(ViewsScenario.GROQ_LLAMA, OutcomeClass.RATE_LIMITED, Outcome.Source.LIVE, 429, Optional.empty(),
                Duration.ZERO, 0, 0, "429 rate_limited: limit reached for your organization", Optional.of(Duration.ofSeconds(90)),
                s.clock.instant()));
        s.engine.rebuild();

        JsonNode groq = HealthViews.gateways(s.inputs()).get("groq");
        assertThat(groq.get("status").asText()).isEqualTo("throttled");
        assertThat(groq.get("throttled_until").asText()).isEqualTo("2026-03-01T12:01:30Z");
    }

    @Test
    void throttledOfferShowsTheScopeAndReasonOfItsRateLimit() {
        ViewsScenario s = ViewsScenario.scripted();
        s.bus.onOutcome(new Outcome(ViewsScenario.GROQ_LLAMA, OutcomeClass.RATE_LIMITED, Outcome.Source.LIVE, 429, Optional.empty(),
                Duration.ZERO, 0, 0, "429", Optional.of(Duration.ofSeconds(90)), s.clock.instant()));
        s.engine.rebuild();

        JsonNode offer = null;
        for (JsonNode n : HealthViews.models(s.inputs(), HealthViews.ModelFilter.ALL).get("models")) {
            if (n.get("gateway").asText().equals("groq") && n.get("model_id").asText().equals(ViewsScenario.GROQ_LLAMA.model())) {
                offer = n;
            }
        }
        assertThat(offer).isNotNull();
        assertThat(offer.get("throttle_scope").asText()).isEqualTo("offer");
        assertThat(offer.get("throttle_reason").asText()).isEqualTo("Retry-After 90 s");
        assertThat(offer.get("throttled_until").asText()).isEqualTo("2026-03-01T12:01:30Z");
        assertThat(HealthViews.gateways(s.inputs()).get("groq").get("status").asText()).isNotEqualTo("throttled");
    }

    @Test
    void providersAreKeyedByProviderWithTheirHealth() {
        ViewsScenario s = ViewsScenario.scripted();
        JsonNode p = HealthViews.providers(s.inputs());

        assertThat(p.get("mistralai").get("unhealthy_models").asInt()).isEqualTo(1);
        assertThat(p.get("mistralai").get("health_percentage").asDouble()).isEqualTo(0.0);
        assertThat(p.get("meta-llama").get("health_percentage").asDouble()).isEqualTo(100.0);
        assertThat(p.get("qwen").get("health_percentage").isNull()).isTrue();
        assertThat(p.get("qwen").get("status").asText()).isEqualTo("unknown");
    }

    @Test
    void modelDetailCarriesWindowsAndUptimePerOffer() {
        ViewsScenario s = ViewsScenario.scripted();
        var m = s.engine.snapshot().model("meta-llama/llama-3.3-70b").orElseThrow();
        JsonNode d = HealthViews.model(s.inputs(), m, Map.of(
                "1h", Map.of(ViewsScenario.GROQ_LLAMA, 1.0),
                "24h", Map.of(ViewsScenario.GROQ_LLAMA, 0.5)), Optional.empty());

        assertThat(d.get("model_id").asText()).isEqualTo("meta-llama/llama-3.3-70b");
        assertThat(d.get("status").asText()).isEqualTo("healthy");
        JsonNode groq = d.get("offers").get(0);
        assertThat(groq.get("gateway").asText()).isEqualTo("groq");
        assertThat(groq.get("window").get("samples").asInt()).isEqualTo(5);
        assertThat(groq.get("uptime").get("1h").asDouble()).isEqualTo(100.0);
        assertThat(groq.get("uptime").get("24h").asDouble()).isEqualTo(50.0);
        assertThat(groq.get("uptime").get("7d").isNull()).isTrue();
        assertThat(d.has("uptime_note")).isFalse();
    }

    @Test
    void dashboardSummarisesTheFleetInTheSeedPlansShape() {
        ViewsScenario s = ViewsScenario.scripted();
        JsonNode d = DashboardView.of(s.inputs());

        assertThat(d.get("timestamp").asText()).isEqualTo("2026-03-01T12:00:00Z");
        JsonNode overall = d.get("overall_health");
        assertThat(overall.get("status").asText()).isEqualTo("degraded");
        assertThat(overall.get("health_percentage").asText()).isEqualTo("75.0%");
        assertThat(overall.get("healthy_models").asInt()).isEqualTo(3);
        assertThat(overall.get("unhealthy_models").asInt()).isEqualTo(1);
        assertThat(overall.get("total_models").asInt()).isEqualTo(4);
        assertThat(d.get("gateways").get("total").asInt()).isEqualTo(4);
        assertThat(d.get("gateways").get("healthy").asInt()).isEqualTo(1);
        assertThat(d.get("gateways").get("unconfigured").asInt()).isEqualTo(1);
        JsonNode byProvider = d.get("unhealthy_models_by_provider");
        assertThat(byProvider.fieldNames()).toIterable().containsExactly("mistralai");
        assertThat(byProvider.get("mistralai").get(0).get("model_id").asText()).isEqualTo("mistralai/mistral-large");
        assertThat(byProvider.get("mistralai").get(0).get("reason").asText()).isNotBlank();
        JsonNode problematic = d.get("problematic_providers");
        assertThat(problematic).hasSize(1);
        assertThat(problematic.get(0).get("provider").asText()).isEqualTo("mistralai");
        assertThat(problematic.get(0).get("failure_rate").asText()).isEqualTo("100.0%");
        assertThat(texts(d.get("unconfigured_gateways"), "gateway")).containsExactly("fireworks");
        assertThat(d.get("unconfigured_gateways").get(0).get("api_key_env").asText()).isEqualTo("FIREWORKS_API_KEY");
        assertThat(d.get("probe_spend").get("requests").asInt()).isEqualTo(1);
        assertThat(d.get("probe_spend").get("by_gateway").get("together").get("tokens").asInt()).isEqualTo(7);
        assertThat(d.get("probe_spend").get("canary_requests").asInt()).as("no canary ran in this scenario").isZero();
        assertThat(d.get("probe_spend").get("by_gateway").get("together").get("canary_requests").asInt()).isZero();
    }

    @Test
    void recommendationsNameTheMissingAndRejectedKeysAndComeHighFirst() {
        ViewsScenario s = ViewsScenario.scripted();
        JsonNode recs = DashboardView.of(s.inputs()).get("recommendations");

        assertThat(texts(recs, "priority")).containsExactly("HIGH", "HIGH", "MEDIUM", "MEDIUM");
        assertThat(recs.get(0).get("action").asText()).isEqualTo("Configure API keys for 1 gateway");
        assertThat(recs.get(0).get("details").asText()).contains("FIREWORKS_API_KEY (fireworks, 1 offer)");
        assertThat(recs.get(1).get("action").asText()).isEqualTo("Fix rejected API keys on 1 gateway");
        assertThat(recs.get(1).get("details").asText()).contains("openrouter rejected the key in OPENROUTER_API_KEY");
        assertThat(recs.get(2).get("action").asText()).isEqualTo("Overall health 75.0% is below 90%");
        assertThat(recs.get(3).get("action").asText()).isEqualTo("Investigate failing providers");
        assertThat(recs.get(3).get("details").asText()).contains("mistralai: 1 of 1 models unhealthy (100.0%)");
    }

    @Test
    void aKeySetUnderAnotherNameIsPointedOutInTheRecommendation() {
        ViewsScenario s = ViewsScenario.scripted();
        // The key audit's hint, as the composition root passes it for the original platform's case.
        String hint = "FIREWORKS_KEY is set; this gateway reads FIREWORKS_API_KEY";
        JsonNode recs = DashboardView.of(s.inputs().withKeyHints(Map.of("fireworks", hint, "groq", "ignored: groq has a key"))).get("recommendations");
        JsonNode configure = recs.get(0);
        assertThat(configure.get("action").asText()).startsWith("Configure API keys");
        assertThat(configure.get("details").asText()).contains("Possibly misnamed: fireworks: " + hint)
                .doesNotContain("groq has a key");
        JsonNode without = DashboardView.of(s.inputs()).get("recommendations").get(0);
        assertThat(without.get("details").asText()).doesNotContain("misnamed");
    }

    @Test
    void recommendationsCoverCreditsDeadModelsAndVeryLowHealth() {
        FakeClock clock = new FakeClock();
        Catalog catalog = TestCatalogs.builder()
                .gateway("deepinfra").gateway("groq")
                .gateway(new Gateway("special", "Special", "http://127.0.0.1:1", "", Protocol.OPENAI, "SPECIAL_KEY", false,
                        "no adapter", "", Map.of(), 0, false))
                .model("google/gemma-2", "deepinfra")
                .model("meta-llama/llama-2", "groq")
                .model("openai/o1", "special")
                .build();
        HealthEngine engine = new HealthEngine(catalog, Set.of("deepinfra", "groq"), HealthSettings.defaults(), clock);
        engine.onOutcome(Outcome.failure(new OfferId("deepinfra", "google/gemma-2"), OutcomeClass.NO_CREDITS, Outcome.Source.PROBE,
                402, "402", clock.instant()));
        for (int i = 0; i < 2; i++) {
            engine.onOutcome(Outcome.failure(new OfferId("groq", "meta-llama/llama-2"), OutcomeClass.NOT_FOUND, Outcome.Source.PROBE,
                    404, "model decommissioned", clock.instant()));
        }
        engine.rebuild();
        HealthViews.Inputs in = HealthViews.Inputs.of(engine, Optional.empty(), RoutingSwitch.healthAware(false));
        JsonNode recs = DashboardView.of(in).get("recommendations");

        assertThat(texts(recs, "action")).containsExactly("Top up credits on 1 gateway", "Overall health 0.0% is below 90%",
                "Clean up 1 dead offer");
        assertThat(texts(recs, "priority")).containsExactly("HIGH", "HIGH", "LOW");
        assertThat(recs.get(2).get("details").asText()).contains("meta-llama/llama-2 on groq");
        assertThat(recs.toString()).doesNotContain("SPECIAL_KEY");
        assertThat(DashboardView.of(in).get("routing_mode").asText()).isEqualTo("ordered");
    }

    private static JsonNode find(JsonNode models, String model, String gateway) {
        for (JsonNode n : models) {
            if (n.get("model_id").asText().equals(model) && n.get("gateway").asText().equals(gateway)) {
                return n;
            }
        }
        throw new AssertionError("no entry for " + model + " on " + gateway + " in " + models);
    }
}
