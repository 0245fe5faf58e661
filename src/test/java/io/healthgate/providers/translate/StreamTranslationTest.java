package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.providers.sse.SseEvent;
import io.healthgate.providers.sse.SseParser;
import io.healthgate.providers.sse.SseWriter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StreamTranslationTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static final String C = "{\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,\"model\":\"gpt-4.1\",";

    /** An OpenAI stream as a gateway sends it: role, text, one tool call in fragments, finish, usage, [DONE]. */
    static final String OPENAI_STREAM = ""
            + ": OPENROUTER PROCESSING\n\n"
            + "data: " + C + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
            + "data: " + C + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"
            + "data: " + C + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo.\"},\"finish_reason\":null}]}\n\n"
            + "data: " + C + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
            + "data: " + C + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}]}\n\n"
            + "data: " + C + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
            + "data: " + C + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
            + "data: " + C + "\"choices\":[],\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":12,\"total_tokens\":62}}\n\n"
            + "data: [DONE]\n\n";

    /** An Anthropic stream in the documented shape: text, a ping, a tool_use block in fragments, message_delta, message_stop. */
    static final String ANTHROPIC_STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", let me check."}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San Francisco, CA\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    @Test
    void openAiChunksBecomeTheAnthropicEventSequence() throws Exception {
        StreamTranslator t = Translator.openAiStreamToAnthropic("gpt-4.1");

        List<SseEvent> out = feed(t, OPENAI_STREAM, 7);

        assertThat(out).extracting(SseEvent::event).containsExactly("message_start", "ping",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        for (SseEvent e : out) {
            assertThat(M.readTree(e.data()).path("type").asText()).isEqualTo(e.event());
            if (!e.event().equals("ping")) {
                SdkShapes.anthropicEvent(M.readTree(e.data()));
            }
        }
        assertThat(data(out.get(0)).at("/message/id").asText()).isEqualTo("msg_9x");
        assertThat(data(out.get(6)).path("content_block").toString())
                .isEqualTo("{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"get_weather\",\"input\":{}}");
        assertThat(data(out.get(10)).toString()).isEqualTo(
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                        + "\"usage\":{\"input_tokens\":50,\"output_tokens\":12}}");
        JsonNode message = AnthropicAccumulator.accumulate(out);
        assertThat(message.at("/content/0/text").asText()).isEqualTo("Hello.");
        assertThat(message.at("/content/1/input").toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(t.completed()).isTrue();
        assertThat(t.inputTokens()).isEqualTo(50);
        assertThat(t.outputTokens()).isEqualTo(12);
        assertThat(t.finishReason()).contains("tool_use");
        assertThat(t.upstreamError()).isEmpty();
    }

    @Test
    void eachOpenAiChunkIsTranslatedAsSoonAsItArrives() {
        StreamTranslator t = Translator.openAiStreamToAnthropic(null);
        List<SseEvent> upstream = new SseParser().feed(OPENAI_STREAM);

        assertThat(t.onEvent(upstream.get(0))).extracting(SseEvent::event).containsExactly("message_start", "ping");
        assertThat(t.onEvent(upstream.get(1))).extracting(SseEvent::event).containsExactly("content_block_start", "content_block_delta");
        assertThat(t.onEvent(upstream.get(2))).extracting(SseEvent::event).containsExactly("content_block_delta");
    }

    @Test
    void anthropicEventsBecomeOpenAiChunksWithUsageAndDone() throws Exception {
        StreamTranslator t = Translator.anthropicStreamToOpenAi("claude-sonnet-4-5", true, 1_700_000_000L);

        List<SseEvent> out = feed(t, ANTHROPIC_STREAM, 5);

        assertThat(out).hasSize(9);
        assertThat(out.get(out.size() - 1).isDone()).isTrue();
        for (SseEvent e : out.subList(0, out.size() - 1)) {
            assertThat(e.event()).isEmpty();
            SdkShapes.openAiChunk(M.readTree(e.data()));
        }
        assertThat(data(out.get(0)).at("/choices/0/delta").toString()).isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
        assertThat(data(out.get(0)).path("id").asText()).isEqualTo("chatcmpl-014p7gG3wDgGV9EUtLvnow3U");
        assertThat(data(out.get(1)).at("/choices/0/delta/content").asText()).isEqualTo("Okay");
        assertThat(data(out.get(3)).at("/choices/0/delta/tool_calls/0").toString()).isEqualTo(
                "{\"index\":0,\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}");
        assertThat(data(out.get(4)).at("/choices/0/delta/tool_calls/0").toString())
                .isEqualTo("{\"index\":0,\"function\":{\"arguments\":\"{\\\"location\\\":\"}}");
        assertThat(data(out.get(6)).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(data(out.get(7)).path("choices")).isEmpty();
        assertThat(data(out.get(7)).path("usage").toString()).isEqualTo("{\"prompt_tokens\":472,\"completion_tokens\":89,\"total_tokens\":561}");
        JsonNode message = OpenAiAccumulator.accumulate(out);
        assertThat(message.path("content").asText()).isEqualTo("Okay, let me check.");
        assertThat(M.readTree(message.at("/tool_calls/0/function/arguments").asText()).toString())
                .isEqualTo("{\"location\":\"San Francisco, CA\"}");
        assertThat(t.completed()).isTrue();
        assertThat(t.inputTokens()).isEqualTo(472);
        assertThat(t.outputTokens()).isEqualTo(89);
        assertThat(t.finishReason()).contains("tool_calls");
    }

    @Test
    void withoutIncludeUsageNoUsageChunkIsSent() {
        List<SseEvent> out = feed(Translator.anthropicStreamToOpenAi(null, false, 1L), ANTHROPIC_STREAM, 64);

        assertThat(out).hasSize(8);
        assertThat(out).noneMatch(e -> e.data().contains("\"usage\""));
    }

    @Test
    void aCutOpenAiStreamEndsWithAnAnthropicErrorEvent() throws Exception {
        String cut = OPENAI_STREAM.substring(0, OPENAI_STREAM.indexOf("\"lo.\"")) + "\"lo.\"},\"finish_reason\":null}]}\n\n";
        StreamTranslator t = Translator.openAiStreamToAnthropic("m");
        List<SseEvent> out = feed(t, cut, 11);

        out.addAll(t.onUpstreamEnd());

        assertThat(out).extracting(SseEvent::event).endsWith("content_block_delta", "content_block_stop", "error");
        JsonNode error = data(out.get(out.size() - 1));
        assertThat(error.toString()).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":");
        assertThat(t.completed()).isFalse();
        assertThat(t.ended()).isTrue();
        assertThat(t.onEvent(SseEvent.done())).isEmpty();
    }

    @Test
    void aCutAnthropicStreamEndsWithAnOpenAiErrorFrame() throws Exception {
        String cut = ANTHROPIC_STREAM.substring(0, ANTHROPIC_STREAM.indexOf("event: content_block_stop"));
        StreamTranslator t = Translator.anthropicStreamToOpenAi("m", true, 1L);
        List<SseEvent> out = feed(t, cut, 3);

        out.addAll(t.onUpstreamEnd());

        SseEvent last = out.get(out.size() - 1);
        assertThat(last.event()).isEmpty();
        assertThat(data(last).at("/error/type").asText()).isEqualTo("server_error");
        assertThat(data(last).at("/error/message").asText()).contains("ended before");
        assertThat(out).noneMatch(SseEvent::isDone);
        assertThat(t.completed()).isFalse();
    }

    @Test
    void anUpstreamFailureMidStreamBecomesTheClientProtocolsErrorEvent() {
        StreamTranslator toAnthropic = Translator.openAiStreamToAnthropic("m");
        feed(toAnthropic, OPENAI_STREAM.substring(0, 400), 50);
        assertThat(toAnthropic.onUpstreamError("upstream idle for 30 s")).last()
                .satisfies(e -> assertThat(e.event()).isEqualTo("error"))
                .satisfies(e -> assertThat(e.data()).contains("upstream idle for 30 s"));

        StreamTranslator toOpenAi = Translator.anthropicStreamToOpenAi("m", false, 1L);
        feed(toOpenAi, ANTHROPIC_STREAM.substring(0, 600), 50);
        assertThat(toOpenAi.onUpstreamError("connection reset")).singleElement()
                .satisfies(e -> assertThat(e.data()).startsWith("{\"error\":{\"message\":\"connection reset\""));
        assertThat(toOpenAi.completed()).isFalse();
    }

    @Test
    void anAnthropicInBandErrorIsRelayedAsAnOpenAiErrorAndKeptForClassification() throws Exception {
        String stream = ANTHROPIC_STREAM.substring(0, ANTHROPIC_STREAM.indexOf("event: content_block_stop"))
                + "event: error\ndata: {\"type\":\"error\",\"error\":{\"details\":null,\"type\":\"overloaded_error\",\"message\":\"Overloaded\"} }\n\n";
        StreamTranslator t = Translator.anthropicStreamToOpenAi("m", true, 1L);

        List<SseEvent> out = feed(t, stream, 9);

        assertThat(data(out.get(out.size() - 1)).toString())
                .isEqualTo("{\"error\":{\"message\":\"Overloaded\",\"type\":\"service_unavailable_error\",\"code\":null,\"param\":null}}");
        assertThat(t.upstreamError()).hasValueSatisfying(e -> assertThat(e.event()).isEqualTo("error"));
        assertThat(t.completed()).isFalse();
    }

    @Test
    void anOpenRouterInBandErrorChunkIsRelayedAsAnAnthropicError() throws Exception {
        String stream = OPENAI_STREAM.substring(0, OPENAI_STREAM.indexOf("data: " + C + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\""))
                + "data: {\"id\":\"cmpl-abc123\",\"object\":\"chat.completion.chunk\",\"created\":1234567890,\"model\":\"gpt-3.5-turbo\",\"provider\":\"openai\","
                + "\"error\":{\"code\":\"server_error\",\"message\":\"Provider disconnected unexpectedly\"},"
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n";
        StreamTranslator t = Translator.openAiStreamToAnthropic("m");

        List<SseEvent> out = feed(t, stream, 13);

        SseEvent last = out.get(out.size() - 1);
        assertThat(last.event()).isEqualTo("error");
        assertThat(data(last).at("/error/message").asText()).isEqualTo("Provider disconnected unexpectedly");
        assertThat(t.upstreamError()).isPresent();
        assertThat(t.completed()).isFalse();
    }

    @Test
    void aFinishedOpenAiStreamThatClosesWithoutDoneStillCompletes() {
        String noDone = OPENAI_STREAM.replace("data: [DONE]\n\n", "");
        StreamTranslator t = Translator.openAiStreamToAnthropic("m");
        List<SseEvent> out = feed(t, noDone, 17);

        out.addAll(t.onUpstreamEnd());

        assertThat(out).extracting(SseEvent::event).endsWith("message_delta", "message_stop");
        assertThat(t.completed()).isTrue();
    }

    @Test
    void translatingThereAndBackKeepsTheAnswer() throws Exception {
        StreamTranslator toOpenAi = Translator.anthropicStreamToOpenAi("m", true, 1L);
        StreamTranslator back = Translator.openAiStreamToAnthropic("m");
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent e : new SseParser().feed(ANTHROPIC_STREAM)) {
            for (SseEvent mid : toOpenAi.onEvent(e)) {
                out.addAll(back.onEvent(mid));
            }
        }

        JsonNode message = AnthropicAccumulator.accumulate(out);
        assertThat(message.at("/content/0/text").asText()).isEqualTo("Okay, let me check.");
        assertThat(message.at("/content/1/input").toString()).isEqualTo("{\"location\":\"San Francisco, CA\"}");
        assertThat(message.path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(back.completed()).isTrue();
        assertThat(back.outputTokens()).isEqualTo(89);
    }

    @Test
    void theOutcomeOfAStreamIsSuccessAnInBandClassOrACut() {
        io.healthgate.providers.OutcomeClassifier classifier =
                new io.healthgate.providers.OutcomeClassifier(new io.healthgate.support.FakeClock());

        StreamTranslator complete = Translator.anthropicStreamToOpenAi("m", false, 1L);
        feed(complete, ANTHROPIC_STREAM, 40);
        assertThat(complete.outcome(classifier).isSuccess()).isTrue();

        StreamTranslator overloaded = Translator.anthropicStreamToOpenAi("m", false, 1L);
        feed(overloaded, "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n", 40);
        assertThat(overloaded.outcome(classifier).outcomeClass()).isEqualTo(io.healthgate.health.OutcomeClass.SERVER_ERROR);

        StreamTranslator cut = Translator.openAiStreamToAnthropic("m");
        feed(cut, OPENAI_STREAM.substring(0, 500), 40);
        cut.onUpstreamEnd();
        assertThat(cut.outcome(classifier).outcomeClass()).isEqualTo(io.healthgate.health.OutcomeClass.BAD_RESPONSE);
        assertThat(cut.outcome(classifier).detail()).isEqualTo("stream_cut");
    }

    /** Parses the wire text in chunks of {@code chunkSize} characters and feeds each event as it completes. */
    private static List<SseEvent> feed(StreamTranslator t, String wire, int chunkSize) {
        SseParser parser = new SseParser();
        List<SseEvent> out = new ArrayList<>();
        for (int i = 0; i < wire.length(); i += chunkSize) {
            for (SseEvent e : parser.feed(wire.substring(i, Math.min(wire.length(), i + chunkSize)))) {
                out.addAll(t.onEvent(e));
            }
        }
        // what goes to the client must itself parse back to the same events
        assertThat(new SseParser().feed(SseWriter.frame(out))).isEqualTo(out);
        return out;
    }

    private static JsonNode data(SseEvent e) throws Exception {
        return M.readTree(e.data());
    }
}
