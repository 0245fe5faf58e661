package io.healthgate.providers.translate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorShapesTest {

    @Test
    void openAiShapeHasMessageTypeAndCode() {
        assertThat(ErrorShapes.openAi(429, "slow down").toString())
                .isEqualTo("{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"code\":null,\"param\":null}}");
        assertThat(ErrorShapes.openAi(404, "no such model", "model_not_found").path("error").path("code").asText())
                .isEqualTo("model_not_found");
        assertThat(ErrorShapes.openAi(502, "x").path("error").path("type").asText()).isEqualTo("server_error");
    }

    @Test
    void anthropicShapeHasTypeErrorAndNestedType() {
        assertThat(ErrorShapes.anthropic(529, "Overloaded").toString())
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        assertThat(ErrorShapes.anthropic(400, "bad").path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(ErrorShapes.anthropic(500, "boom").path("error").path("type").asText()).isEqualTo("api_error");
    }

    @Test
    void anUpstreamOpenAiErrorBecomesAnAnthropicErrorWithTheSameMessage() {
        String upstream = "{\"error\":{\"message\":\"This model's maximum context length is 4097 tokens.\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}";

        assertThat(ErrorShapes.toAnthropic(400, upstream).path("error").path("message").asText())
                .isEqualTo("This model's maximum context length is 4097 tokens.");
    }

    @Test
    void anUpstreamAnthropicErrorBecomesAnOpenAiErrorWithTheSameMessage() {
        String upstream = "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-x\"}}";

        assertThat(ErrorShapes.toOpenAi(404, upstream).path("error").path("message").asText()).isEqualTo("model: claude-x");
        assertThat(ErrorShapes.toOpenAi(502, "").path("error").path("message").asText()).isEqualTo("upstream returned HTTP 502");
    }

    @Test
    void relayedMessagesNeverCarryOurKey() {
        String upstream = "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-abcd1234efgh. You can find your API key at https://platform.openai.com.\"}}";

        assertThat(ErrorShapes.toAnthropic(401, upstream).toString()).doesNotContain("abcd1234").contains("sk-***");
    }
}
