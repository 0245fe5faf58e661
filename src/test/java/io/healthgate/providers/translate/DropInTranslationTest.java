package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.healthgate.providers.sse.SseEvent;
import io.healthgate.providers.sse.SseParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The translators behind the drop-in doors: Responses API, legacy completions, structured output
 * across protocols, reasoning, and the 400s for what a protocol cannot honour. Every translated
 * body is read back with the official SDK's own model.
 */
class DropInTranslationTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final ResponsesContext CTX = ctx("{\"model\":\"acme/chat\",\"input\":\"hi\"}");

    private static ResponsesContext ctx(String request) {
        try {
            return new ResponsesContext("resp_abc", "acme/chat", 1700000000L, M.readTree(request));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aResponsesRequestWithInstructionsItemsToolsAndFormatBecomesAValidChatRequest() throws Exception {
        JsonNode req = M.readTree("""
                {"model":"acme/chat","instructions":"Be brief.","max_output_tokens":50,"temperature":0.2,
                 "input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Weather in Oslo?"}]},
                          {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"},
                          {"type":"function_call_output","call_id":"call_1","output":"12C, rain"}],
                 "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],
                 "tool_choice":{"type":"function","name":"get_weather"},
                 "text":{"format":{"type":"json_schema","name":"weather","schema":{"type":"object","properties":{"summary":{"type":"string"}}}}},
                 "reasoning":{"effort":"low"},"stream":true}""");
        SdkShapes.openAiResponsesRequest(req);
        JsonNode chat = Translator.responsesRequestToChat(req, M.createArrayNode());
        SdkShapes.openAiRequest(chat);
        assertThat(chat.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(chat.path("messages").get(0).path("content").asText()).isEqualTo("Be brief.");
        assertThat(chat.path("messages").get(1).path("content").asText()).isEqualTo("Weather in Oslo?");
        assertThat(chat.path("messages").get(2).path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(chat.path("messages").get(3).path("role").asText()).isEqualTo("tool");
        assertThat(chat.path("messages").get(3).path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(chat.path("max_completion_tokens").asInt()).isEqualTo(50);
        assertThat(chat.path("tools").get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(chat.path("tool_choice").path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(chat.path("response_format").path("json_schema").path("name").asText()).isEqualTo("weather");
        assertThat(chat.path("reasoning_effort").asText()).isEqualTo("low");
        assertThat(chat.path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void earlierTurnsOfAPreviousResponseComeBeforeTheNewInput() throws Exception {
        ArrayNode previous = (ArrayNode) M.readTree("""
                [{"type":"message","role":"user","content":"My name is Ada."},
                 {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hello Ada."}]}]""");
        JsonNode chat = Translator.responsesRequestToChat(M.readTree("{\"model\":\"m\",\"input\":\"What is my name?\"}"), previous);
        assertThat(chat.path("messages")).extracting(m -> m.path("role").asText() + ":" + m.path("content").asText())
                .containsExactly("user:My name is Ada.", "assistant:Hello Ada.", "user:What is my name?");
    }

    @Test
    void responsesFeaturesNoGatewayHereCanHonourAreRejectedNamingThem() {
        assertThatThrownBy(() -> Translator.responsesRequestToChat(M.readTree(
                "{\"model\":\"m\",\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}"), M.createArrayNode()))
                .isInstanceOf(TranslationException.class).hasMessageContaining("web_search");
        assertThatThrownBy(() -> Translator.responsesRequestToChat(M.readTree(
                "{\"model\":\"m\",\"input\":\"hi\",\"background\":true}"), M.createArrayNode()))
                .isInstanceOf(TranslationException.class).hasMessageContaining("background");
        assertThatThrownBy(() -> Translator.responsesRequestToChat(M.readTree(
                "{\"model\":\"m\",\"input\":[{\"type\":\"item_reference\",\"id\":\"x\"}]}"), M.createArrayNode()))
                .isInstanceOf(TranslationException.class).hasMessageContaining("item_reference");
    }

    @Test
    void aChatCompletionBecomesACompletedResponseTheSdkReads() throws Exception {
        JsonNode chat = M.readTree("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"up-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi there","reasoning_content":"think",
                   "tool_calls":[{"id":"call_9","type":"function","function":{"name":"f","arguments":"{\\"a\\":1}"}}]},
                   "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}}""");
        JsonNode r = Translator.chatResponseToResponses(chat, CTX);
        SdkShapes.openAiResponse(r);
        assertThat(r.path("id").asText()).isEqualTo("resp_abc");
        assertThat(r.path("model").asText()).isEqualTo("acme/chat");
        assertThat(r.path("status").asText()).isEqualTo("completed");
        assertThat(r.path("output")).extracting(i -> i.path("type").asText()).containsExactly("reasoning", "message", "function_call");
        assertThat(r.path("output").get(1).path("content").get(0).path("text").asText()).isEqualTo("Hi there");
        assertThat(r.path("output").get(2).path("call_id").asText()).isEqualTo("call_9");
        assertThat(r.path("usage").path("input_tokens").asInt()).isEqualTo(11);
        assertThat(r.path("usage").path("output_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void aChatStreamBecomesTheTypedResponsesEventSequenceEndingWithTheWholeResponse() throws Exception {
        AtomicReference<JsonNode> kept = new AtomicReference<>();
        StreamTranslator t = Translator.chatStreamToResponses(CTX, kept::set);
        List<SseEvent> out = feed(t, StreamTranslationTest.OPENAI_STREAM);
        List<String> types = new ArrayList<>();
        int seq = -1;
        for (SseEvent e : out) {
            JsonNode d = M.readTree(e.data());
            SdkShapes.openAiResponseEvent(d);
            assertThat(e.event()).isEqualTo(d.path("type").asText());
            assertThat(d.path("sequence_number").asInt()).isGreaterThan(seq);
            seq = d.path("sequence_number").asInt();
            types.add(d.path("type").asText());
        }
        assertThat(types).startsWith("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.output_item.added",
                "response.function_call_arguments.delta");
        assertThat(types).endsWith("response.function_call_arguments.done", "response.output_item.done", "response.completed");
        JsonNode done = M.readTree(out.get(out.size() - 1).data()).path("response");
        SdkShapes.openAiResponse(done);
        assertThat(done.path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("Hello.");
        assertThat(done.path("output").get(1).path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(done.path("usage").path("output_tokens").asInt()).isEqualTo(12);
        assertThat(t.completed()).isTrue();
        assertThat(kept.get().toString()).isEqualTo(done.toString());
    }

    @Test
    void anAnthropicStreamReachesAResponsesClientByWayOfChat() throws Exception {
        StreamTranslator t = Translator.anthropicStreamToResponses(CTX, false, r -> { });
        List<SseEvent> out = feed(t, StreamTranslationTest.ANTHROPIC_STREAM);
        out.forEach(e -> SdkShapes.openAiResponseEvent(parse(e)));
        String text = out.stream().map(DropInTranslationTest::parse).filter(d -> d.path("type").asText().equals("response.output_text.delta"))
                .map(d -> d.path("delta").asText()).collect(Collectors.joining());
        assertThat(text).isEqualTo("Okay, let me check.");
        assertThat(parse(out.get(out.size() - 1)).path("type").asText()).isEqualTo("response.completed");
        assertThat(t.completed()).isTrue();
        assertThat(t.inputTokens()).isEqualTo(472);
    }

    @Test
    void aStreamCutMidwayEndsTheResponsesStreamWithAnErrorNotACompletion() {
        String cut = StreamTranslationTest.OPENAI_STREAM.substring(0, StreamTranslationTest.OPENAI_STREAM.indexOf("\"lo.\""));
        StreamTranslator t = Translator.chatStreamToResponses(CTX, r -> { });
        List<SseEvent> out = feed(t, cut);
        out.addAll(t.onUpstreamEnd());
        assertThat(out).extracting(SseEvent::event).contains("error", "response.failed").doesNotContain("response.completed");
        out.forEach(e -> SdkShapes.openAiResponseEvent(parse(e)));
        assertThat(t.completed()).isFalse();
    }

    @Test
    void responseFormatBecomesAForcedToolForAnthropicAndTheAnswerComesBackAsJsonText() throws Exception {
        JsonNode req = M.readTree("""
                {"model":"m","messages":[{"role":"user","content":"Describe Oslo"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"city","strict":true,
                   "schema":{"type":"object","properties":{"name":{"type":"string"},"population":{"type":"integer"}},"required":["name","population"]}}}}""");
        JsonNode out = Translator.openAiRequestToAnthropic(req);
        SdkShapes.anthropicRequest(out);
        JsonNode tool = out.path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("structured_output");
        assertThat(tool.path("input_schema").path("required")).extracting(JsonNode::asText).containsExactly("name", "population");
        assertThat(out.path("tool_choice").path("type").asText()).isEqualTo("tool");
        assertThat(out.path("tool_choice").path("name").asText()).isEqualTo("structured_output");

        JsonNode message = M.readTree("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[
                  {"type":"tool_use","id":"toolu_1","name":"structured_output","input":{"name":"Oslo","population":709000}}],
                 "stop_reason":"tool_use","usage":{"input_tokens":30,"output_tokens":20}}""");
        JsonNode chat = Translator.anthropicResponseToOpenAi(message, "m", 1, true);
        SdkShapes.openAiCompletion(chat);
        JsonNode answer = chat.path("choices").get(0);
        assertThat(M.readTree(answer.path("message").path("content").asText()).path("population").asInt()).isEqualTo(709000);
        assertThat(answer.path("message").has("tool_calls")).isFalse();
        assertThat(answer.path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void aStreamedStructuredAnswerArrivesAsContentDeltas() {
        String wire = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_2","name":"structured_output","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"ok\\":"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"true}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":6}}

                event: message_stop
                data: {"type":"message_stop"}

                """;
        StreamTranslator t = Translator.anthropicStreamToOpenAi("m", false, 1, true);
        List<SseEvent> out = feed(t, wire);
        String content = out.stream().filter(e -> !e.isDone()).map(DropInTranslationTest::parse)
                .map(c -> c.path("choices").path(0).path("delta").path("content").asText("")).collect(Collectors.joining());
        assertThat(content).isEqualTo("{\"ok\":true}");
        assertThat(out.stream().filter(e -> !e.isDone()).map(DropInTranslationTest::parse)
                .anyMatch(c -> c.path("choices").path(0).path("delta").has("tool_calls"))).isFalse();
        assertThat(t.finishReason()).hasValue("stop");
    }

    @Test
    void anAnthropicClientsOutputFormatBecomesResponseFormatForOpenAi() throws Exception {
        JsonNode req = M.readTree("""
                {"model":"m","max_tokens":100,"messages":[{"role":"user","content":"hi"}],
                 "output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"string"}}}}}}""");
        JsonNode out = Translator.anthropicRequestToOpenAi(req, false);
        assertThat(out.path("response_format").path("type").asText()).isEqualTo("json_schema");
        assertThat(out.path("response_format").path("json_schema").path("schema").path("properties").has("a")).isTrue();
        SdkShapes.openAiRequest(out);
    }

    @Test
    void reasoningAndTopKAreCarriedWhereBothSidesHaveThem() throws Exception {
        JsonNode toAnthropic = Translator.openAiRequestToAnthropic(M.readTree(
                "{\"model\":\"m\",\"max_tokens\":500,\"top_k\":40,\"reasoning_effort\":\"medium\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertThat(toAnthropic.path("top_k").asInt()).isEqualTo(40);
        assertThat(toAnthropic.path("thinking").path("budget_tokens").asInt()).isEqualTo(4096);
        assertThat(toAnthropic.path("max_tokens").asInt()).isGreaterThan(4096);
        SdkShapes.anthropicRequest(toAnthropic);

        JsonNode thinkingRequest = M.readTree(
                "{\"model\":\"m\",\"max_tokens\":9000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":8000},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(Translator.anthropicRequestToOpenAi(thinkingRequest, true).path("reasoning_effort").asText()).isEqualTo("medium");
        assertThat(Translator.anthropicRequestToOpenAi(thinkingRequest, false).has("reasoning_effort")).isFalse();

        JsonNode message = M.readTree("""
                {"id":"msg_3","type":"message","role":"assistant","model":"c","content":[
                  {"type":"thinking","thinking":"Let me see.","signature":"sig"},{"type":"text","text":"42"}],
                 "stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":4}}""");
        JsonNode chat = Translator.anthropicResponseToOpenAi(message, "m", 1);
        assertThat(chat.path("choices").get(0).path("message").path("reasoning_content").asText()).isEqualTo("Let me see.");
        JsonNode back = Translator.openAiResponseToAnthropic(chat, "m");
        SdkShapes.anthropicMessage(back);
        assertThat(back.path("content").get(0).path("type").asText()).isEqualTo("thinking");
        assertThat(back.path("content").get(0).path("thinking").asText()).isEqualTo("Let me see.");
    }

    @Test
    void logprobsAndSeveralChoicesCannotGoToAnAnthropicGatewayAndTheClientIsToldWhich() {
        assertThatThrownBy(() -> Translator.openAiRequestToAnthropic(M.readTree(
                "{\"model\":\"m\",\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")))
                .isInstanceOf(TranslationException.class).hasMessageContaining("'logprobs'");
        assertThatThrownBy(() -> Translator.openAiRequestToAnthropic(M.readTree(
                "{\"model\":\"m\",\"n\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")))
                .isInstanceOf(TranslationException.class).hasMessageContaining("n > 1");
        assertThatThrownBy(() -> Translator.completionsRequestToChat(M.readTree("{\"model\":\"m\",\"prompt\":\"hi\",\"logprobs\":2}")))
                .isInstanceOf(TranslationException.class).hasMessageContaining("'logprobs'");
        assertThatThrownBy(() -> Translator.completionsRequestToChat(M.readTree("{\"model\":\"m\",\"prompt\":[\"a\",\"b\"]}")))
                .isInstanceOf(TranslationException.class).hasMessageContaining("prompt");
    }

    @Test
    void aLegacyCompletionRoundTripsThroughChatWithTheLegacyDefaultLimit() throws Exception {
        JsonNode chat = Translator.completionsRequestToChat(M.readTree("{\"model\":\"m\",\"prompt\":\"Once upon\",\"stop\":[\"\\n\"]}"));
        assertThat(chat.path("messages").get(0).path("content").asText()).isEqualTo("Once upon");
        assertThat(chat.path("max_tokens").asInt()).isEqualTo(16);
        assertThat(chat.path("stop").get(0).asText()).isEqualTo("\n");
        JsonNode completion = Translator.chatResponseToCompletion(M.readTree("""
                {"id":"chatcmpl-7","object":"chat.completion","created":5,"model":"up","choices":[{"index":0,
                 "message":{"role":"assistant","content":" a time"},"finish_reason":"length"}],
                 "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"""), "m");
        SdkShapes.openAiLegacyCompletion(completion);
        assertThat(completion.path("choices").get(0).path("text").asText()).isEqualTo(" a time");
        assertThat(completion.path("model").asText()).isEqualTo("m");

        StreamTranslator t = Translator.chatStreamToCompletions("m", true);
        List<SseEvent> out = feed(t, StreamTranslationTest.OPENAI_STREAM);
        String text = out.stream().filter(e -> !e.isDone()).map(DropInTranslationTest::parse)
                .map(c -> c.path("choices").path(0).path("text").asText("")).collect(Collectors.joining());
        assertThat(text).isEqualTo("Hello.");
        assertThat(out.get(out.size() - 1).isDone()).isTrue();
        assertThat(parse(out.get(out.size() - 2)).path("usage").path("completion_tokens").asInt()).isEqualTo(12);
        assertThat(t.completed()).isTrue();
    }

    @Test
    void exceptionNamesNeverReachAClientMessage() {
        assertThat(ErrorShapes.forClient("upstream failed: connection_error (HttpClosedException: Connection was closed)"))
                .isEqualTo("upstream failed: connection_error (Connection was closed)");
        assertThat(ErrorShapes.forClient("io.vertx.core.http.HttpClosedException")).isEqualTo("the upstream connection failed");
        assertThat(ErrorShapes.forClient("java.net.ConnectException: Connection refused")).isEqualTo("Connection refused");
        assertThat(ErrorShapes.forClient("type overloaded_error: Overloaded")).isEqualTo("type overloaded_error: Overloaded");
        assertThat(ErrorShapes.forClient("Error: tool failed")).isEqualTo("Error: tool failed");
        assertThat(ErrorShapes.openAi(502, "failed: HttpClosedException: Connection was closed").path("error").path("message").asText())
                .doesNotContain("Exception");
        assertThat(ErrorShapes.anthropic(529, "Overloaded").path("error").path("type").asText()).isEqualTo("overloaded_error");
    }

    private static JsonNode parse(SseEvent e) {
        try {
            return M.readTree(e.data());
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private static List<SseEvent> feed(StreamTranslator t, String wire) {
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent e : new SseParser().feed(wire)) {
            out.addAll(t.onEvent(e));
        }
        return out;
    }
}
