package io.healthgate.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Protocol;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamRequestsTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static Gateway gateway(String name, String baseUrl, Protocol protocol, Map<String, String> headers, boolean maxCompletion) {
        return new Gateway(name, name, baseUrl, "", protocol, name.toUpperCase() + "_API_KEY", true, "", "", headers, 0, maxCompletion);
    }

    @Test
    void anOpenAiGatewayGetsBearerAuthAndTheOffersModelId() throws Exception {
        Gateway groq = Gateway.of("groq", "https://api.groq.com/openai/v1/", Protocol.OPENAI, "GROQ_API_KEY");
        JsonNode body = M.readTree("{\"model\":\"meta-llama/llama-3.3-70b-instruct\",\"messages\":[],\"max_completion_tokens\":9,\"foo\":1}");

        UpstreamRequest r = UpstreamRequests.build(groq, "llama-3.3-70b-versatile", "gsk_secret", body, Map.of());

        assertThat(r.url()).isEqualTo("https://api.groq.com/openai/v1/chat/completions");
        assertThat(r.headers()).containsEntry("authorization", "Bearer gsk_secret").containsEntry("content-type", "application/json")
                .doesNotContainKey("x-api-key");
        assertThat(r.body().path("model").asText()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(r.body().path("max_tokens").asInt()).isEqualTo(9);
        assertThat(r.body().has("max_completion_tokens")).isFalse();
        assertThat(r.body().path("foo").asInt()).as("unknown fields pass through").isEqualTo(1);
        assertThat(body.path("model").asText()).as("the caller's body is not modified").isEqualTo("meta-llama/llama-3.3-70b-instruct");
        assertThat(r.toString()).doesNotContain("gsk_secret");
    }

    @Test
    void aGatewayThatWantsMaxCompletionTokensGetsItRenamed() throws Exception {
        Gateway openai = gateway("openai", "https://api.openai.com/v1", Protocol.OPENAI, Map.of(), true);

        UpstreamRequest r = UpstreamRequests.build(openai, "gpt-5", "k", M.readTree("{\"max_tokens\":10,\"stream\":true}"), Map.of());

        assertThat(r.body().path("max_completion_tokens").asInt()).isEqualTo(10);
        assertThat(r.body().has("max_tokens")).isFalse();
        assertThat(r.headers()).containsEntry("accept", "text/event-stream");
        assertThat(r.streaming()).isTrue();
    }

    @Test
    void anAnthropicGatewayGetsItsKeyHeaderAndVersion() throws Exception {
        Gateway anthropic = Gateway.of("anthropic", "https://api.anthropic.com/v1", Protocol.ANTHROPIC, "ANTHROPIC_API_KEY");

        UpstreamRequest r = UpstreamRequests.build(anthropic, "claude-sonnet-4-5", "sk-ant-x", M.readTree("{\"max_tokens\":10}"), Map.of());

        assertThat(r.url()).isEqualTo("https://api.anthropic.com/v1/messages");
        assertThat(r.headers()).containsEntry("x-api-key", "sk-ant-x").containsEntry("anthropic-version", "2023-06-01")
                .doesNotContainKey("authorization");
        assertThat(r.body().path("max_tokens").asInt()).as("anthropic bodies keep max_tokens").isEqualTo(10);
    }

    @Test
    void extraHeadersAndUrlVariablesComeFromTheEnvironment() throws Exception {
        Gateway aihubmix = gateway("aihubmix", "https://aihubmix.com/v1", Protocol.OPENAI,
                Map.of("APP-Code", "${AIHUBMIX_APP_CODE}", "X-Title", "Healthgate"), false);
        Gateway cloudflare = gateway("cloudflare", "https://api.cloudflare.com/client/v4/accounts/{CLOUDFLARE_ACCOUNT_ID}/ai/v1",
                Protocol.OPENAI, Map.of(), false);

        UpstreamRequest withCode = UpstreamRequests.build(aihubmix, "m", "k", M.readTree("{}"), Map.of("AIHUBMIX_APP_CODE", "abc"));
        UpstreamRequest without = UpstreamRequests.build(aihubmix, "m", "k", M.readTree("{}"), Map.of());
        UpstreamRequest cf = UpstreamRequests.build(cloudflare, "m", "k", M.readTree("{}"), Map.of("CLOUDFLARE_ACCOUNT_ID", "acc1"));

        assertThat(withCode.headers()).containsEntry("app-code", "abc").containsEntry("x-title", "Healthgate");
        assertThat(without.headers()).doesNotContainKey("app-code").containsKey("x-title");
        assertThat(UpstreamRequests.missingEnv(aihubmix, Map.of())).containsExactly("AIHUBMIX_APP_CODE");
        assertThat(cf.url()).isEqualTo("https://api.cloudflare.com/client/v4/accounts/acc1/ai/v1/chat/completions");
    }

    @Test
    void missingKeysAndSpecialGatewaysAreRefusedWithoutLeakingAnything() {
        Gateway g = Gateway.of("groq", "https://x", Protocol.OPENAI, "GROQ_API_KEY");
        Gateway fal = Gateway.of("fal", "https://fal.run", Protocol.SPECIAL, "FAL_KEY");

        assertThatThrownBy(() -> UpstreamRequests.build(g, "m", " ", M.createObjectNode(), Map.of()))
                .hasMessage("gateway groq has no API key (set GROQ_API_KEY)");
        assertThatThrownBy(() -> UpstreamRequests.build(fal, "m", "k", M.createObjectNode(), Map.of()))
                .hasMessageContaining("own adapter");
    }

    @Test
    void aProbeBodyIsOneShortMessageWithATinyBudget() {
        Gateway openai = gateway("openai", "https://api.openai.com/v1", Protocol.OPENAI, Map.of(), true);

        UpstreamRequest r = UpstreamRequests.build(openai, "gpt-5", "k", ProbeRequests.body(Protocol.OPENAI, "gpt-5", 10), Map.of());

        assertThat(r.body().toString()).isEqualTo(
                "{\"model\":\"gpt-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Reply with the single word OK.\"}],"
                        + "\"stream\":false,\"max_completion_tokens\":10}");
        assertThat(ProbeRequests.body(Protocol.ANTHROPIC, "claude", 5).path("max_tokens").asInt()).isEqualTo(5);
        assertThatThrownBy(() -> ProbeRequests.body(Protocol.OPENAI, "m", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
