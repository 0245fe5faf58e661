package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.healthgate.app.FakeUpstream.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** Every bad input and every upstream failure gets a clear answer in the front door's own shape. */
class FrontDoorErrorsTest extends GatewayFixture {

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private static void assertOpenAiError(HttpResponse<String> r, int status, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode e = json(r).path("error");
        assertThat(e.path("message").asText()).contains(messagePart);
        assertThat(e.path("type").isTextual()).isTrue();
        assertThat(e.has("code")).isTrue();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static void assertAnthropicError(HttpResponse<String> r, int status, String type, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode root = json(r);
        assertThat(root.path("type").asText()).isEqualTo("error");
        assertThat(root.path("error").path("type").asText()).isEqualTo(type);
        assertThat(root.path("error").path("message").asText()).contains(messagePart);
    }

    @Test
    void missingKeyIs401InEachDoorsShape() {
        assertOpenAiError(post("/v1/chat/completions", CHAT, "content-type", "application/json"), 401, "API key");
        assertAnthropicError(post("/v1/messages", CHAT, "content-type", "application/json"), 401, "authentication_error", "API key");
        assertThat(upstream.seen).isEmpty();
    }

    @Test
    void wrongKeyIs401AndEitherHeaderCarriesAGoodKey() {
        assertOpenAiError(post("/v1/chat/completions", CHAT, "authorization", "Bearer nope", "content-type", "application/json"), 401, "API key");
        assertAnthropicError(post("/v1/messages", CHAT, "x-api-key", CLIENT_KEY + "x"), 401, "authentication_error", "API key");
        assertThat(get("/v1/models", "x-api-key", CLIENT_KEY).statusCode()).isEqualTo(200);
        assertThat(get("/v1/models", "authorization", "Bearer other-key").statusCode()).isEqualTo(200);
        assertThat(get("/v1/models").statusCode()).isEqualTo(401);
    }

    @Test
    void malformedJsonIs400() {
        assertOpenAiError(post("/v1/chat/completions", "{\"model\": \"chat\",", auth()), 400, "not valid JSON");
        assertAnthropicError(post("/v1/messages", "[1,2]", auth()), 400, "invalid_request_error", "JSON object");
        assertOpenAiError(post("/v1/chat/completions", "", auth()), 400, "empty");
    }

    @Test
    void missingModelOrMessagesIs400NamingTheField() {
        assertOpenAiError(post("/v1/chat/completions", "{\"messages\":[]}", auth()), 400, "'model'");
        assertOpenAiError(post("/v1/chat/completions", "{\"model\":\"chat\"}", auth()), 400, "'messages'");
        assertAnthropicError(post("/v1/messages", "{\"model\":\"acme/claude\",\"max_tokens\":5}", auth()), 400,
                "invalid_request_error", "'messages'");
        assertOpenAiError(post("/v1/chat/completions", "{\"model\":\"chat\",\"messages\":\"hi\"}", auth()), 400, "must be an array");
    }

    @Test
    void unknownModelIs404() {
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"nope/none\",\"messages\":[]}", auth());
        assertOpenAiError(r, 404, "nope/none");
        assertThat(json(r).path("error").path("code").asText()).isEqualTo("model_not_found");
        assertAnthropicError(post("/v1/messages", "{\"model\":\"alpha/acme/claude\",\"messages\":[]}", auth()), 404, "not_found_error", "does not exist");
    }

    @Test
    void wrongContentTypeIs415() {
        HttpResponse<String> r = post("/v1/chat/completions", CHAT, "authorization", "Bearer " + CLIENT_KEY,
                "content-type", "application/x-www-form-urlencoded");
        assertOpenAiError(r, 415, "application/json");
    }

    @Test
    void bodyOverTheLimitIs413InTheDoorsShape() {
        String big = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70 * 1024) + "\"}]}";
        assertOpenAiError(post("/v1/chat/completions", big, auth()), 413, "larger than");
        assertAnthropicError(post("/v1/messages", big, auth()), 413, "request_too_large", "larger than");
        assertThat(upstream.seen).isEmpty();
    }

    @Test
    void requestIdIsEchoedWhenGivenAndGeneratedOtherwise() {
        HttpResponse<String> given = get("/health", "x-request-id", "abc-123");
        assertThat(given.headers().firstValue("x-request-id")).hasValue("abc-123");
        HttpResponse<String> generated = post("/v1/chat/completions", "{", auth());
        assertThat(generated.headers().firstValue("x-request-id")).hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
        assertThat(get("/nowhere").headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void unknownPathIsAJson404() {
        assertOpenAiError(get("/v2/whatever"), 404, "no route");
    }

    @Test
    void modelsListsOnlyReachableModelsUnlessAllIsAsked() {
        JsonNode reachable = json(get("/v1/models", auth()));
        assertThat(reachable.path("object").asText()).isEqualTo("list");
        assertThat(reachable.path("data").findValuesAsText("id")).containsExactly("acme/chat", "acme/claude");
        JsonNode all = json(get("/v1/models?all=true", auth()));
        assertThat(all.path("data").findValuesAsText("id")).containsExactly("acme/chat", "acme/claude", "acme/orphan");
        assertThat(all.path("data").get(0).path("object").asText()).isEqualTo("model");
    }

    @Test
    void modelWithoutAConfiguredGatewayIs503NamingTheKeyToSet() {
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"acme/orphan\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", auth());
        assertOpenAiError(r, 503, "NOKEY_KEY");
        assertThat(upstream.seen).isEmpty();
    }

    @Test
    void upstreamClientErrorKeepsItsStatusAndIsNotRetriedElsewhere() {
        upstream.on("alpha-chat", FakeUpstream.json(400,
                "{\"error\":{\"message\":\"messages[0].role is invalid\",\"type\":\"invalid_request_error\"}}"));
        upstream.on("beta-chat", FakeUpstream.json(200, FakeUpstream.openAiCompletion("beta-chat", "never")));
        HttpResponse<String> r = post("/v1/chat/completions", CHAT, auth());
        assertOpenAiError(r, 400, "role is invalid");
        assertThat(r.headers().firstValue("x-healthgate-gateway")).hasValue("alpha");
        assertThat(upstream.seenFor("beta-chat")).isEmpty();
        assertThat(awaitOutcomes(1)).extracting(Outcome::outcomeClass).containsExactly(OutcomeClass.BAD_REQUEST);
    }

    @Test
    void upstreamFailuresOnEveryOfferBecome502NamingTheGatewaysTried() {
        upstream.on("alpha-chat", FakeUpstream.json(500, "{\"error\":{\"message\":\"boom\"}}"));
        upstream.on("beta-chat", FakeUpstream.json(502, "<html>bad gateway</html>"));
        HttpResponse<String> o = post("/v1/chat/completions", CHAT, auth());
        assertOpenAiError(o, 502, "alpha");
        assertThat(json(o).path("error").path("message").asText()).contains("beta");
        assertThat(o.headers().firstValue("x-healthgate-attempts")).hasValue("2");
        // The Anthropic door over the same (translated) OpenAI gateways answers in its own shape.
        HttpResponse<String> a = post("/v1/messages", "{\"model\":\"acme/chat\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", auth());
        assertAnthropicError(a, 502, "api_error", "beta");
        assertThat(awaitOutcomes(4)).extracting(Outcome::outcomeClass).containsOnly(OutcomeClass.SERVER_ERROR);
    }

    @Test
    void upstreamTimeoutBecomes504() {
        upstream.on("alpha-chat", FakeUpstream.hang());
        upstream.on("beta-chat", FakeUpstream.hang());
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"alpha/acme/chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", auth());
        assertOpenAiError(r, 504, "alpha");
        List<Outcome> out = awaitOutcomes(1);
        assertThat(out).extracting(Outcome::outcomeClass).containsExactly(OutcomeClass.TIMEOUT);
        assertThat(upstream.seenFor("beta-chat")).isEmpty();
    }

    @Test
    void rateLimitedEverywhereIs503WithRetryAfterAndNoSecretsInTheMessage() {
        upstream.on("alpha-chat", FakeUpstream.json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}", Map.of("retry-after", "7")));
        upstream.on("beta-chat", FakeUpstream.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));
        HttpResponse<String> r = post("/v1/chat/completions", CHAT, auth());
        assertThat(r.statusCode()).isIn(502, 503);
        assertThat(r.body()).doesNotContain("sk-alpha-secret").doesNotContain("sk-beta-secret");
        assertThat(awaitOutcomes(2)).extracting(Outcome::outcomeClass)
                .containsExactly(OutcomeClass.RATE_LIMITED, OutcomeClass.AUTH_ERROR);
    }
}
