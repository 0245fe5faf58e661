package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestTranslationTest {

    private static final ObjectMapper M = new ObjectMapper();

    /** A realistic Claude Code-style request: system blocks, an image, a tool round trip, tools, tool_choice. */
    static final String ANTHROPIC_REQUEST = """
            {"model":"claude-sonnet-4-5","max_tokens":1024,"temperature":0.2,"top_p":0.9,"top_k":40,
             "stop_sequences":["</answer>"],"stream":false,"metadata":{"user_id":"u-42"},
             "system":[{"type":"text","text":"You are terse.","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Answer in English."}],
             "messages":[
               {"role":"user","content":[
                  {"type":"text","text":"What is in this picture, and what's the weather in Paris?"},
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                  {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]},
               {"role":"assistant","content":[
                  {"type":"text","text":"A cat. Let me check the weather."},
                  {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Paris","unit":"c"}}]},
               {"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"toolu_01A","content":[{"type":"text","text":"18C, cloudy"}]},
                  {"type":"text","text":"Thanks. Anything else?"}]}
             ],
             "tools":[{"name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string"}},"required":["city"]}},
                      {"type":"web_search_20250305","name":"web_search","max_uses":3}],
             "tool_choice":{"type":"tool","name":"get_weather","disable_parallel_tool_use":true},
             "thinking":{"type":"enabled","budget_tokens":2048}}
            """;

    static final String OPENAI_REQUEST = """
            {"model":"gpt-4.1","max_completion_tokens":300,"temperature":0.7,"top_p":0.8,"stop":"END","user":"u-7",
             "stream":true,"stream_options":{"include_usage":true},"seed":7,"response_format":{"type":"text"},
             "messages":[
               {"role":"system","content":"You are terse."},
               {"role":"developer","content":[{"type":"text","text":"Use tools when useful."}]},
               {"role":"user","content":[{"type":"text","text":"Describe and look up."},
                                         {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},
                                         {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"high"}}]},
               {"role":"assistant","content":null,"tool_calls":[
                  {"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\\"q\\":\\"cats\\"}"}},
                  {"id":"call_2","type":"function","function":{"name":"lookup","arguments":""}}]},
               {"role":"tool","tool_call_id":"call_1","content":"cats are mammals"},
               {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"no query"}]},
               {"role":"user","content":"Summarise."}
             ],
             "tools":[{"type":"function","function":{"name":"lookup","description":"Search","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}],
             "tool_choice":"required","parallel_tool_calls":false}
            """;

    @Test
    void anthropicRequestBecomesAValidOpenAiRequest() throws Exception {
        ObjectNode out = Translator.anthropicRequestToOpenAi(M.readTree(ANTHROPIC_REQUEST));

        SdkShapes.openAiRequest(out);
        JsonNode msgs = out.get("messages");
        assertThat(msgs.get(0).toString()).isEqualTo("{\"role\":\"system\",\"content\":\"You are terse.\\n\\nAnswer in English.\"}");
        assertThat(msgs.get(1).path("content").get(1).path("image_url").path("url").asText()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        assertThat(msgs.get(1).path("content").get(2).path("image_url").path("url").asText()).isEqualTo("https://example.com/cat.jpg");
        JsonNode call = msgs.get(2).path("tool_calls").get(0);
        assertThat(msgs.get(2).path("content").asText()).isEqualTo("A cat. Let me check the weather.");
        assertThat(call.path("id").asText()).isEqualTo("toolu_01A");
        assertThat(M.readTree(call.path("function").path("arguments").asText())).isEqualTo(M.readTree("{\"city\":\"Paris\",\"unit\":\"c\"}"));
        assertThat(msgs.get(3).toString()).isEqualTo("{\"role\":\"tool\",\"tool_call_id\":\"toolu_01A\",\"content\":\"18C, cloudy\"}");
        assertThat(msgs.get(4).toString()).isEqualTo("{\"role\":\"user\",\"content\":\"Thanks. Anything else?\"}");
        assertThat(out.get("tools")).hasSize(1);
        assertThat(out.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("city");
        assertThat(out.get("tool_choice").toString()).isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}");
        assertThat(out.path("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(out.path("stop").get(0).asText()).isEqualTo("</answer>");
        assertThat(out.path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(out.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(out.path("user").asText()).isEqualTo("u-42");
        assertThat(out.has("top_k")).isFalse();
        assertThat(out.has("thinking")).isFalse();
        assertThat(out.has("stream_options")).isFalse();
    }

    @Test
    void aStreamingAnthropicRequestAsksTheOpenAiUpstreamForUsage() throws Exception {
        JsonNode out = Translator.anthropicRequestToOpenAi(M.readTree(
                "{\"model\":\"m\",\"max_tokens\":5,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tool_choice\":{\"type\":\"any\"}}"));

        assertThat(out.path("stream").asBoolean()).isTrue();
        assertThat(out.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(out.path("tool_choice").asText()).isEqualTo("required");
    }

    @Test
    void openAiRequestBecomesAValidAnthropicRequest() throws Exception {
        ObjectNode out = Translator.openAiRequestToAnthropic(M.readTree(OPENAI_REQUEST));

        SdkShapes.anthropicRequest(out);
        assertThat(out.path("system").asText()).isEqualTo("You are terse.\n\nUse tools when useful.");
        assertThat(out.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(out.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(out.path("stop_sequences").toString()).isEqualTo("[\"END\"]");
        assertThat(out.at("/metadata/user_id").asText()).isEqualTo("u-7");
        JsonNode msgs = out.get("messages");
        assertThat(msgs).hasSize(3);
        assertThat(msgs.get(0).at("/content/1/source").toString())
                .isEqualTo("{\"type\":\"base64\",\"media_type\":\"image/jpeg\",\"data\":\"/9j/4AAQ\"}");
        assertThat(msgs.get(0).at("/content/2/source").toString()).isEqualTo("{\"type\":\"url\",\"url\":\"https://example.com/a.png\"}");
        assertThat(msgs.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(msgs.get(1).at("/content/0").toString())
                .isEqualTo("{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"lookup\",\"input\":{\"q\":\"cats\"}}");
        assertThat(msgs.get(1).at("/content/1/input").toString()).isEqualTo("{}");
        // both tool results and the following user text share one user turn, results first
        assertThat(msgs.get(2).path("content")).hasSize(3);
        assertThat(msgs.get(2).at("/content/0/tool_use_id").asText()).isEqualTo("call_1");
        assertThat(msgs.get(2).at("/content/1/content").asText()).isEqualTo("no query");
        assertThat(msgs.get(2).at("/content/2/text").asText()).isEqualTo("Summarise.");
        assertThat(out.at("/tools/0/input_schema/properties/q/type").asText()).isEqualTo("string");
        assertThat(out.get("tool_choice").toString()).isEqualTo("{\"type\":\"any\",\"disable_parallel_tool_use\":true}");
        assertThat(out.path("stream").asBoolean()).isTrue();
        assertThat(out.has("stream_options") || out.has("seed") || out.has("response_format")).isFalse();
    }

    @Test
    void maxTokensDefaultsWhenTheOpenAiClientGivesNone() throws Exception {
        JsonNode out = Translator.openAiRequestToAnthropic(M.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":77}"));
        assertThat(out.path("max_tokens").asInt()).isEqualTo(77);
        out = Translator.openAiRequestToAnthropic(M.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertThat(out.path("max_tokens").asInt()).isEqualTo(4096);
    }

    @Test
    void requestsTheOtherProtocolCannotExpressAreRejectedClearly() throws Exception {
        assertThatThrownBy(() -> Translator.openAiRequestToAnthropic(M.readTree(
                "{\"model\":\"m\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")))
                .isInstanceOf(TranslationException.class).hasMessageContaining("n > 1");
        assertThatThrownBy(() -> Translator.openAiRequestToAnthropic(M.readTree(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]}")))
                .isInstanceOf(TranslationException.class).hasMessageContaining("input_audio");
        assertThatThrownBy(() -> Translator.openAiRequestToAnthropic(M.readTree(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}]}")))
                .isInstanceOf(TranslationException.class).hasMessageContaining("arguments");
        assertThatThrownBy(() -> Translator.openAiRequestToAnthropic(M.readTree(
                "{\"model\":\"m\",\"temperature\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")))
                .isInstanceOf(TranslationException.class).hasMessageContaining("'temperature'").hasMessageContaining("got 1.5");
        assertThatThrownBy(() -> Translator.anthropicRequestToOpenAi(M.readTree("{\"model\":\"m\"}")))
                .isInstanceOf(TranslationException.class).hasMessageContaining("messages");
    }

    @Test
    void anAnthropicRequestSurvivesARoundTripThroughOpenAi() throws Exception {
        JsonNode original = M.readTree(ANTHROPIC_REQUEST);

        JsonNode back = Translator.openAiRequestToAnthropic(Translator.anthropicRequestToOpenAi(original));

        SdkShapes.anthropicRequest(back);
        assertThat(back.path("system").asText()).isEqualTo("You are terse.\n\nAnswer in English.");
        assertThat(back.path("max_tokens")).isEqualTo(original.path("max_tokens"));
        assertThat(back.path("temperature")).isEqualTo(original.path("temperature"));
        assertThat(back.path("stop_sequences")).isEqualTo(original.path("stop_sequences"));
        assertThat(back.path("metadata")).isEqualTo(original.path("metadata"));
        assertThat(back.at("/messages/0/content/1")).isEqualTo(original.at("/messages/0/content/1"));
        assertThat(back.at("/messages/0/content/2")).isEqualTo(original.at("/messages/0/content/2"));
        assertThat(back.at("/messages/1")).isEqualTo(original.at("/messages/1"));
        assertThat(back.at("/messages/2/content/0/tool_use_id")).isEqualTo(original.at("/messages/2/content/0/tool_use_id"));
        assertThat(back.at("/messages/2/content/0/content").asText()).isEqualTo("18C, cloudy");
        assertThat(back.at("/messages/2/content/1")).isEqualTo(original.at("/messages/2/content/1"));
        assertThat(back.at("/tools/0/input_schema")).isEqualTo(original.at("/tools/0/input_schema"));
        assertThat(back.path("tool_choice")).isEqualTo(original.path("tool_choice"));
    }

    @Test
    void translationNeverModifiesItsInput() throws Exception {
        JsonNode in = M.readTree(OPENAI_REQUEST);
        JsonNode copy = in.deepCopy();
        Translator.openAiRequestToAnthropic(in);
        assertThat(in).isEqualTo(copy);
        JsonNode a = M.readTree(ANTHROPIC_REQUEST);
        JsonNode aCopy = a.deepCopy();
        Translator.anthropicRequestToOpenAi(a);
        assertThat(a).isEqualTo(aCopy);
    }

    @Test
    void aTokenLimitIsNeverNarrowedAndContentThatCannotBeCarriedIsRefusedNotDropped() throws Exception {
        for (String max : new String[] {"1.0E12", "4294967301", "\"a\"", "-1", "2.5"}) {
            JsonNode req = M.readTree("{\"model\":\"m\",\"max_tokens\":" + max + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThatThrownBy(() -> Translator.openAiRequestToAnthropic(req)).as(max)
                    .isInstanceOf(TranslationException.class).hasMessageContaining("'max_tokens'").hasMessageContaining(max);
        }
        JsonNode ok = M.readTree("{\"model\":\"m\",\"max_tokens\":2147483647,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(Translator.openAiRequestToAnthropic(ok).path("max_tokens").asLong()).isEqualTo(2147483647L);
        JsonNode number = M.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":42}]}");
        assertThatThrownBy(() -> Translator.openAiRequestToAnthropic(number))
                .isInstanceOf(TranslationException.class).hasMessageContaining("messages[0].content").hasMessageContaining("42");
        JsonNode toOpenAi = M.readTree("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":7}]}");
        assertThatThrownBy(() -> Translator.anthropicRequestToOpenAi(toOpenAi))
                .isInstanceOf(TranslationException.class).hasMessageContaining("messages[0].content");
    }
}
