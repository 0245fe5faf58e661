package io.healthgate.app;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Each front door reaches gateways of the other protocol, translated there and back, streams included. */
class TranslatingFrontDoorTest extends SdkClientsFixture {
    @Test
    void openAiClientGetsACompletionFromAnAnthropicGateway() {
        upstream.on("claude-up", FakeUpstream.json(200, FakeUpstream.anthropicMessage("claude-up", "Bonjour")));
        ChatCompletion c = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("acme/claude").addSystemMessage("be brief").addUserMessage("hi").maxCompletionTokens(30).build());

        assertThat(c.choices().get(0).message().content()).hasValue("Bonjour");
        assertThat(c.choices().get(0).finishReason()).hasToString("stop");
        assertThat(c.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(13);
            assertThat(u.completionTokens()).isEqualTo(5);
        });
        FakeUpstream.Seen seen = upstream.seenFor("claude-up").get(0);
        assertThat(seen.path()).isEqualTo("/claude/v1/messages");
        assertThat(seen.body().path("system").toString()).contains("be brief");
        assertThat(seen.body().path("max_tokens").asInt()).isEqualTo(30);
        assertThat(seen.headers().get("x-api-key")).isEqualTo("sk-ant-secret");
        assertThat(awaitOutcomes(1).get(0).outcomeClass()).isEqualTo(OutcomeClass.SUCCESS);
    }

    @Test
    void openAiClientStreamsFromAnAnthropicGatewayWithUsage() {
        upstream.on("claude-up", FakeUpstream.sse(FakeUpstream.anthropicFrames("claude-up", List.of("Bon", "jour"), true), 0, 5, false));
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("acme/claude").addUserMessage("hi").maxCompletionTokens(30)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = s.stream().toList();
        }
        String text = chunks.stream().flatMap(c -> c.choices().stream()).map(ch -> ch.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo("Bonjour");
        assertThat(chunks).anySatisfy(c -> assertThat(c.usage()).isPresent());
        Outcome o = awaitOutcomes(1).get(0);
        assertThat(o.outcomeClass()).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(o.inputTokens()).isEqualTo(13);
        assertThat(o.outputTokens()).isEqualTo(2);
    }

    @Test
    void anthropicClientGetsAMessageFromAnOpenAiGateway() {
        upstream.on("alpha-chat", FakeUpstream.json(200, FakeUpstream.openAiCompletion("alpha-chat", "Hello there")));
        Message m = anthropic.messages().create(MessageCreateParams.builder()
                .model("acme/chat").maxTokens(40).system("be brief").addUserMessage("hi").stopSequences(List.of("END")).build());

        assertThat(m.content().get(0).asText().text()).isEqualTo("Hello there");
        assertThat(m.usage().inputTokens()).isEqualTo(11);
        assertThat(m.usage().outputTokens()).isEqualTo(7);
        FakeUpstream.Seen seen = upstream.seenFor("alpha-chat").get(0);
        assertThat(seen.path()).isEqualTo("/alpha/v1/chat/completions");
        assertThat(seen.headers().get("authorization")).isEqualTo("Bearer sk-alpha-secret");
        assertThat(seen.body().path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(seen.body().path("stop").toString()).contains("END");
    }

    @Test
    void anthropicClientStreamsFromAnOpenAiGateway() {
        upstream.on("alpha-chat", FakeUpstream.sse(FakeUpstream.openAiFrames("alpha-chat", List.of("Hel", "lo"), true, true), 0, 5, false));
        List<RawMessageStreamEvent> events;
        try (var s = anthropic.messages().createStreaming(MessageCreateParams.builder()
                .model("acme/chat").maxTokens(40).addUserMessage("hi").build())) {
            events = s.stream().toList();
        }
        String text = events.stream().filter(RawMessageStreamEvent::isContentBlockDelta)
                .map(e -> e.asContentBlockDelta().delta().asText().text()).collect(Collectors.joining());
        assertThat(text).isEqualTo("Hello");
        assertThat(events.get(0).isMessageStart()).isTrue();
        assertThat(events).anySatisfy(e -> assertThat(e.isMessageDelta()).isTrue());
        assertThat(events.get(events.size() - 1).isMessageStop()).isTrue();
        assertThat(upstream.seenFor("alpha-chat").get(0).body().path("stream_options").path("include_usage").asBoolean())
                .as("usage is always asked of OpenAI gateways so outcomes carry tokens").isTrue();
        assertThat(awaitOutcomes(1).get(0).outputTokens()).isEqualTo(2);
    }

    @Test
    void anthropicClientGetsToolUseFromAnOpenAiGatewaysToolCall() {
        upstream.on("alpha-chat", FakeUpstream.json(200, "{\"id\":\"c2\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"alpha-chat\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":9,\"total_tokens\":29}}"));
        Message m = anthropic.messages().create(MessageCreateParams.builder()
                .model("acme/chat").maxTokens(40).addUserMessage("weather in Oslo?")
                .addTool(Tool.builder().name("get_weather").inputSchema(Tool.InputSchema.builder()
                        .properties(com.anthropic.core.JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build()).build())
                .build());

        var toolUse = m.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
        assertThat(toolUse.name()).isEqualTo("get_weather");
        assertThat(toolUse._input().toString()).contains("Oslo");
        assertThat(m.stopReason()).hasValueSatisfying(r -> assertThat(r.toString()).isEqualTo("tool_use"));
        FakeUpstream.Seen seen = upstream.seenFor("alpha-chat").get(0);
        assertThat(seen.body().path("tools").get(0).path("function").path("name").asText()).isEqualTo("get_weather");
    }
}
