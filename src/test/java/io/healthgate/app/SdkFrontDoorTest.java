package io.healthgate.app;

import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The official SDKs, pointed at the gateway, work unchanged on both front doors. */
class SdkFrontDoorTest extends SdkClientsFixture {
    @Test
    void openAiSdkGetsACompletionThroughAnAliasAndUpstreamSeesItsOwnModelIdAndUnknownFields() {
        upstream.on("alpha-chat", FakeUpstream.json(200, FakeUpstream.openAiCompletion("alpha-chat", "Hello there")));
        ChatCompletion c = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chat").addUserMessage("hi").maxCompletionTokens(20)
                .putAdditionalBodyProperty("x_custom", JsonValue.from("passed through"))
                .build());

        assertThat(c.choices().get(0).message().content()).hasValue("Hello there");
        assertThat(c.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(7));
        FakeUpstream.Seen seen = upstream.seenFor("alpha-chat").get(0);
        assertThat(seen.path()).isEqualTo("/alpha/v1/chat/completions");
        assertThat(seen.headers().get("authorization")).isEqualTo("Bearer sk-alpha-secret");
        assertThat(seen.body().path("x_custom").asText()).isEqualTo("passed through");
        // alpha is an OpenAI-compatible gateway without the max_completion_tokens flag: it gets the classic name.
        assertThat(seen.body().path("max_tokens").asInt()).isEqualTo(20);
        assertThat(seen.body().has("max_completion_tokens")).isFalse();

        Outcome o = awaitOutcomes(1).get(0);
        assertThat(o.offer()).isEqualTo(new OfferId("alpha", "acme/chat"));
        assertThat(o.outcomeClass()).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(o.source()).isEqualTo(Outcome.Source.LIVE);
        assertThat(o.statusCode()).isEqualTo(200);
        assertThat(o.inputTokens()).isEqualTo(11);
        assertThat(o.outputTokens()).isEqualTo(7);
        assertThat(o.timeToFirstByte()).isPresent();
    }

    @Test
    void proxiedResponsesSayWhichGatewayServedAndHowManyAttempts() {
        upstream.on("alpha-chat", FakeUpstream.json(200, FakeUpstream.openAiCompletion("alpha-chat", "ok")));
        var raw = openai.chat().completions().withRawResponse().create(ChatCompletionCreateParams.builder()
                .model("acme/chat").addUserMessage("hi").build());
        assertThat(raw.headers().values("x-healthgate-gateway")).containsExactly("alpha");
        assertThat(raw.headers().values("x-healthgate-attempts")).containsExactly("1");
        assertThat(raw.headers().values("x-request-id")).hasSize(1);
    }

    @Test
    void openAiSdkReadsToolCalls() {
        upstream.on("alpha-chat", FakeUpstream.json(200, "{\"id\":\"c2\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"alpha-chat\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":9,\"total_tokens\":29}}"));
        ChatCompletion c = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chat").addUserMessage("weather in Oslo?")
                .putAdditionalBodyProperty("tools", JsonValue.from(List.of(java.util.Map.of("type", "function",
                        "function", java.util.Map.of("name", "get_weather", "parameters", java.util.Map.of("type", "object"))))))
                .build());
        var call = c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).contains("Oslo");
        assertThat(upstream.seenFor("alpha-chat").get(0).body().path("tools").get(0).path("function").path("name").asText())
                .isEqualTo("get_weather");
    }

    @Test
    void openAiSdkStreamsChunksAndUsageWhenAsked() {
        upstream.on("alpha-chat", FakeUpstream.sse(FakeUpstream.openAiFrames("alpha-chat", List.of("Hel", "lo", "!"), true, true), 0, 5, false));
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("chat").addUserMessage("hi")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = s.stream().toList();
        }
        String text = chunks.stream().flatMap(c -> c.choices().stream()).map(ch -> ch.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo("Hello!");
        assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(3));
        assertThat(upstream.seenFor("alpha-chat").get(0).body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        Outcome o = awaitOutcomes(1).get(0);
        assertThat(o.outcomeClass()).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(o.outputTokens()).isEqualTo(3);
    }

    @Test
    void anthropicSdkGetsAMessageFromAnAnthropicGatewayWithItsOwnAuth() {
        upstream.on("claude-up", FakeUpstream.json(200, FakeUpstream.anthropicMessage("claude-up", "Bonjour")));
        var m = anthropic.messages().create(MessageCreateParams.builder()
                .model("acme/claude").maxTokens(50).addUserMessage("hi").build());
        assertThat(m.content().get(0).asText().text()).isEqualTo("Bonjour");
        assertThat(m.usage().outputTokens()).isEqualTo(5);
        FakeUpstream.Seen seen = upstream.seenFor("claude-up").get(0);
        assertThat(seen.path()).isEqualTo("/claude/v1/messages");
        assertThat(seen.headers().get("x-api-key")).isEqualTo("sk-ant-secret");
        assertThat(seen.headers()).containsKey("anthropic-version").doesNotContainKey("authorization");
        assertThat(awaitOutcomes(1).get(0).inputTokens()).isEqualTo(13);
    }

    @Test
    void anthropicSdkStreamsTheEventSequence() {
        upstream.on("claude-up", FakeUpstream.sse(FakeUpstream.anthropicFrames("claude-up", List.of("Bon", "jour"), true), 0, 5, false));
        List<RawMessageStreamEvent> events;
        try (var s = anthropic.messages().createStreaming(MessageCreateParams.builder()
                .model("acme/claude").maxTokens(50).addUserMessage("hi").build())) {
            events = s.stream().toList();
        }
        String text = events.stream().filter(RawMessageStreamEvent::isContentBlockDelta)
                .map(e -> e.asContentBlockDelta().delta().asText().text()).collect(Collectors.joining());
        assertThat(text).isEqualTo("Bonjour");
        assertThat(events.get(0).isMessageStart()).isTrue();
        assertThat(events.get(events.size() - 1).isMessageStop()).isTrue();
        Outcome o = awaitOutcomes(1).get(0);
        assertThat(o.outcomeClass()).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(o.inputTokens()).isEqualTo(13);
        assertThat(o.outputTokens()).isEqualTo(2);
    }
}
