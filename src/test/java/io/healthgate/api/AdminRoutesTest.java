package io.healthgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.routing.RoutingMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Admin endpoints: the key (401/403), each action's effect on the running parts, and clear JSON errors. */
@org.junit.jupiter.api.Timeout(120)
class AdminRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "admin-secret-123";
    private static final String[] AUTH = {"authorization", "Bearer " + KEY};
    private final ViewsScenario fleet = ViewsScenario.scripted();
    private ViewsServer server;

    private ViewsServer start(Optional<String> adminKey, Reloader reloader) {
        server = new ViewsServer(fleet.services(new OperatorSettings(false, List.of(), adminKey, "HG_ADMIN_KEY"), reloader));
        return server;
    }

    private ViewsServer start() {
        return start(Optional.of(KEY), () -> new Reloader.Result(3, 6, List.of(new OfferId("groq", "qwen/qwen3")),
                List.of(), List.of("server.port")));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    @Test
    void withoutAnAdminKeyConfiguredAdminIsDisabledAndSaysHowToEnableIt() {
        ViewsServer s = start(Optional.empty(), Reloader.UNSUPPORTED);
        HttpResponse<String> r = s.post("/admin/routing", "{\"health_aware\": false}", AUTH);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).get("error").get("message").asText()).contains("HG_ADMIN_KEY").contains("auth.admin_key_env");
        assertThat(fleet.routing.mode()).isEqualTo(RoutingMode.HEALTH_AWARE);
    }

    @Test
    void missingOrWrongAdminKeyIs401AndChangesNothing() {
        ViewsServer s = start();
        HttpResponse<String> missing = s.post("/admin/routing", "{\"health_aware\": false}");
        HttpResponse<String> wrong = s.post("/admin/routing", "{\"health_aware\": false}", "authorization", "Bearer admin-secret-12");
        HttpResponse<String> clientKeyHeader = s.post("/admin/routing", "{\"health_aware\": false}", "x-api-key", "nope");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(clientKeyHeader.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(KEY);
        assertThat(fleet.routing.mode()).isEqualTo(RoutingMode.HEALTH_AWARE);
    }

    @Test
    void routingSwitchFlipsAndTheHealthViewsReportTheMode() {
        ViewsServer s = start();
        HttpResponse<String> off = s.post("/admin/routing", "{\"health_aware\": false}", "x-api-key", KEY);

        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(json(off).get("routing_mode").asText()).isEqualTo("ordered");
        assertThat(json(off).get("previous_mode").asText()).isEqualTo("health_aware");
        assertThat(fleet.routing.mode()).isEqualTo(RoutingMode.ORDERED);
        assertThat(json(s.get("/health/system")).get("routing_mode").asText()).isEqualTo("ordered");

        HttpResponse<String> on = s.post("/admin/routing", "{\"health_aware\": true}", AUTH);
        assertThat(json(on).get("routing_mode").asText()).isEqualTo("health_aware");
        assertThat(fleet.routing.mode()).isEqualTo(RoutingMode.HEALTH_AWARE);
    }

    @Test
    void badBodiesGetClearErrorsNeverAStackTrace() {
        ViewsServer s = start();
        HttpResponse<String> notJson = s.post("/admin/routing", "{health_aware: nope", AUTH);
        HttpResponse<String> wrongType = s.post("/admin/routing", "{\"health_aware\": \"no\"}", AUTH);
        HttpResponse<String> array = s.post("/admin/tier", "[1,2]", AUTH);
        HttpResponse<String> unknownPath = s.post("/admin/everything", "{}", AUTH);

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("error").get("message").asText()).isEqualTo("the body is not valid JSON");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(json(wrongType).get("error").get("message").asText()).contains("{\"health_aware\": false}");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(List.of(notJson, wrongType, array, unknownPath)).allSatisfy(r ->
                assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat "));
    }

    @Test
    void probeNowSchedulesTheModelsOffersAndSaysWhichCannotBeProbed() {
        ViewsServer s = start();
        HttpResponse<String> r = s.post("/admin/probe", "{\"model\": \"meta-llama/llama-3.3-70b\"}", AUTH);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("scheduled")).hasSize(2);
        List<OfferId> due = fleet.probes.takeDue(fleet.clock.instant()).stream().map(t -> t.offer().id()).toList();
        assertThat(due).contains(ViewsScenario.GROQ_LLAMA, ViewsScenario.TOGETHER_LLAMA);

        HttpResponse<String> fw = s.post("/admin/probe", "{\"gateway\": \"fireworks\"}", AUTH);
        JsonNode body = json(fw);
        assertThat(body.get("scheduled")).isEmpty();
        assertThat(body.get("not_probed").get(0).get("reason").asText()).contains("unconfigured").contains("FIREWORKS_API_KEY");

        assertThat(s.post("/admin/probe", "{}", AUTH).statusCode()).isEqualTo(400);
        assertThat(s.post("/admin/probe", "{\"model\": \"a\", \"gateway\": \"groq\"}", AUTH).statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = s.post("/admin/probe", "{\"model\": \"nobody/nothing\"}", AUTH);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").get("message").asText()).contains("unknown model 'nobody/nothing'");
    }

    @Test
    void tierOverrideTakesEffectAndCanBeCleared() {
        ViewsServer s = start();
        HttpResponse<String> r = s.post("/admin/tier", "{\"model\": \"openai/gpt-4o\", \"tier\": \"critical\"}", AUTH);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("tier").asText()).isEqualTo("critical");
        assertThat(json(r).get("previous_tier").asText()).isEqualTo("on_demand");
        assertThat(fleet.engine.tierOf(ViewsScenario.TOGETHER_GPT)).isEqualTo(Tier.CRITICAL);

        HttpResponse<String> cleared = s.post("/admin/tier", "{\"model\": \"openai/gpt-4o\", \"tier\": null}", AUTH);
        assertThat(json(cleared).get("overridden").asBoolean()).isFalse();
        assertThat(json(cleared).get("tier").asText()).isEqualTo("on_demand");
        assertThat(fleet.engine.tierOf(ViewsScenario.TOGETHER_GPT)).isEqualTo(Tier.ON_DEMAND);

        HttpResponse<String> bad = s.post("/admin/tier", "{\"model\": \"openai/gpt-4o\", \"tier\": \"urgent\"}", AUTH);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").get("message").asText()).contains("unknown tier 'urgent'").contains("critical, popular");
    }

    @Test
    void reloadRunsTheCompositionRootsCallbackAndReportsFailuresPlainly() {
        ViewsServer s = start();
        HttpResponse<String> ok = s.post("/admin/reload", "", AUTH);
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = json(ok);
        assertThat(body.get("reloaded").asBoolean()).isTrue();
        assertThat(body.get("gateways").asInt()).isEqualTo(3);
        assertThat(body.get("models").asInt()).isEqualTo(6);
        assertThat(body.get("added_offers").toString()).isEqualTo("[{\"gateway\":\"groq\",\"model\":\"qwen/qwen3\"}]");
        assertThat(body.get("removed_offers").size()).isZero();
        assertThat(body.get("restart_required").toString()).isEqualTo("[\"server.port\"]");
        assertThat(body.get("message").asText()).contains("1 offer(s) added").contains("restart");
        server.close();

        ViewsServer rejecting = start(Optional.of(KEY), () -> {
            throw new Reloader.Rejected(List.of("config.yaml: server.port: expected a whole number 0-65535, got \"eighty\"",
                    "config.yaml: gateways[groq].name: gateway \"groq\" is listed twice"));
        });
        HttpResponse<String> invalid = rejecting.post("/admin/reload", "", AUTH);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("reloaded").asBoolean()).isFalse();
        assertThat(json(invalid).get("error").get("message").asText()).contains("2 problem(s)").contains("unchanged");
        assertThat(json(invalid).get("problems")).hasSize(2);
        assertThat(json(invalid).get("problems").get(1).asText()).isEqualTo("config.yaml: gateways[groq].name: gateway \"groq\" is listed twice");
        rejecting.close();

        ViewsServer failing = start(Optional.of(KEY), () -> {
            throw new IllegalStateException("catalog could not be swapped");
        });
        HttpResponse<String> bad = failing.post("/admin/reload", "", AUTH);
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(json(bad).get("error").get("message").asText())
                .isEqualTo("reload failed, the running configuration is unchanged: catalog could not be swapped");
        failing.close();

        ViewsServer unsupported = start(Optional.of(KEY), Reloader.UNSUPPORTED);
        HttpResponse<String> none = unsupported.post("/admin/reload", "", AUTH);
        assertThat(none.statusCode()).isEqualTo(501);
        assertThat(json(none).get("error").get("message").asText()).contains("restart");
    }
}
