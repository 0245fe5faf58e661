package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's {@code provider} object at both front doors: honoured, validated, never forwarded. */
class ProviderPreferencesFrontDoorTest extends GatewayFixture {

    private static final String WITH_ORDER = "{\"model\":\"acme/chat\",\"provider\":{\"order\":[\"beta\"],\"allow_fallbacks\":false},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void theClientsOrderIsHonouredAndTheProviderObjectNeverReachesTheUpstream() {
        upstream.on("beta-chat", FakeUpstream.json(200, FakeUpstream.openAiCompletion("beta-chat", "from beta")));
        HttpResponse<String> r = post("/v1/chat/completions", WITH_ORDER, auth());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-healthgate-gateway")).contains("beta");
        assertThat(upstream.seen).hasSize(1);
        assertThat(upstream.seen.get(0).body().has("provider")).isFalse();

        HttpResponse<String> a = post("/v1/messages", WITH_ORDER.replace("{\"model\"", "{\"max_tokens\":20,\"model\""),
                auth("anthropic-version", "2023-06-01"));
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(upstream.seen).hasSize(2);
        assertThat(upstream.seen.get(1).body().has("provider")).as("translated for an OpenAI gateway, still without it").isFalse();
    }

    @Test
    void withFallbacksOffAFailingOrderedGatewayIsNotFailedOverFrom() {
        upstream.on("beta-chat", FakeUpstream.json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        upstream.on("alpha-chat", FakeUpstream.json(200, FakeUpstream.openAiCompletion("alpha-chat", "from alpha")));
        HttpResponse<String> r = post("/v1/chat/completions", WITH_ORDER, auth());
        assertThat(r.statusCode()).as("an overloaded provider is a 503 on the OpenAI doors").isEqualTo(503);
        assertThat(upstream.seen).extracting(s -> s.body().path("model").asText()).containsExactly("beta-chat");
    }

    @Test
    void aMalformedProviderObjectIs400InEachDoorsShape() {
        HttpResponse<String> o = post("/v1/chat/completions",
                "{\"model\":\"acme/chat\",\"provider\":{\"order\":\"beta\"},\"messages\":[]}", auth());
        assertThat(o.statusCode()).isEqualTo(400);
        JsonNode oe = json(o.body());
        assertThat(oe.path("error").path("message").asText()).contains("'provider.order' must be an array");
        assertThat(oe.path("error").path("code").asText()).isEqualTo("invalid_request");

        HttpResponse<String> a = post("/v1/messages",
                "{\"model\":\"acme/chat\",\"max_tokens\":5,\"provider\":{\"ignore\":[\"nowhere\"]},\"messages\":[]}", auth());
        assertThat(a.statusCode()).isEqualTo(400);
        JsonNode ae = json(a.body());
        assertThat(ae.path("type").asText()).isEqualTo("error");
        assertThat(ae.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(ae.path("error").path("message").asText()).contains("unknown gateway 'nowhere'");
        assertThat(upstream.seen).isEmpty();
    }

    private static JsonNode json(String s) {
        try {
            return FakeUpstream.JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
