package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkFieldsTest {
    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void anOpenAiChunkIsReadAndRenamedInItsText() throws Exception {
        String chunk = "{\"id\":\"c\",\"model\":\"up-\\\"1\\\"\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":20}}";
        ChunkFields f = ChunkFields.scan(chunk);
        assertThat(f.finishReason).isEqualTo("stop");
        assertThat(f.promptTokens).isEqualTo(12);
        assertThat(f.completionTokens).isEqualTo(20);
        assertThat(f.choices).isEqualTo(1);
        assertThat(f.error).isFalse();
        String renamed = f.withModel(chunk, "acme/\"chat\"");
        assertThat(M.readTree(renamed).path("model").asText()).isEqualTo("acme/\"chat\"");
        assertThat(renamed.replace("\"model\":\"acme/\\\"chat\\\"\"", "\"model\":\"up-\\\"1\\\"\"")).isEqualTo(chunk);
        assertThat(f.withModel(chunk, "up-\"1\"")).isSameAs(chunk);
    }

    @Test
    void anAnthropicMessageStartIsRenamedInsideItsMessage() throws Exception {
        String start = "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"claude-up\",\"usage\":{\"input_tokens\":5,"
                + "\"cache_read_input_tokens\":2,\"output_tokens\":1}}}";
        ChunkFields f = ChunkFields.scan(start);
        assertThat(f.type).isEqualTo("message_start");
        assertThat(f.messageInput).isEqualTo(7);
        assertThat(f.messageOutput).isEqualTo(1);
        assertThat(M.readTree(f.withModel(start, "acme/claude")).path("message").path("model").asText()).isEqualTo("acme/claude");
        ChunkFields delta = ChunkFields.scan("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}");
        assertThat(delta.stopReason).isEqualTo("end_turn");
        assertThat(delta.outputTokens).isEqualTo(9);
    }

    @Test
    void whatIsUnusualIsLeftToTheTree() {
        assertThat(ChunkFields.scan("not json")).isNull();
        assertThat(ChunkFields.scan("[1]")).isNull();
        assertThat(ChunkFields.scan("{\"model\":1}")).isNull();
        assertThat(ChunkFields.scan("{\"model\":\"a\",\"model\":\"b\"}")).isNull();
        assertThat(ChunkFields.scan("{\"choices\":{}}")).isNull();
        assertThat(ChunkFields.scan("{\"error\":{\"message\":\"x\"}}").error).isTrue();
        assertThat(ChunkFields.scan("{\"usage\":null}").usage).isTrue();
    }
}
