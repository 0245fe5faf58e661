package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseTranslationTest {

    private static final ObjectMapper M = new ObjectMapper();

    static final String OPENAI_COMPLETION = """
            {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,"model":"gpt-4.1-2025-04-14",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Let me check.","refusal":null,
               "tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
               "logprobs":null,"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":120,"completion_tokens":18,"total_tokens":138,"prompt_tokens_details":{"cached_tokens":100}}}
            """;

    static final String ANTHROPIC_MESSAGE = """
            {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"text","text":"Checking the weather."},
                        {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":20,"output_tokens":30,"cache_read_input_tokens":100,"cache_creation_input_tokens":5}}
            """;

    @Test
    void openAiCompletionBecomesAValidAnthropicMessage() throws Exception {
        JsonNode out = Translator.openAiResponseToAnthropic(M.readTree(OPENAI_COMPLETION), "gpt-4.1");

        SdkShapes.anthropicMessage(out);
        assertThat(out.path("id").asText()).isEqualTo("msg_B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(out.path("model").asText()).isEqualTo("gpt-4.1");
        assertThat(out.at("/content/0").toString()).isEqualTo("{\"type\":\"text\",\"text\":\"Let me check.\"}");
        assertThat(out.at("/content/1").toString())
                .isEqualTo("{\"type\":\"tool_use\",\"id\":\"call_abc\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}");
        assertThat(out.path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(out.path("usage").toString()).isEqualTo("{\"input_tokens\":20,\"output_tokens\":18,\"cache_read_input_tokens\":100}");
    }

    @Test
    void finishReasonsMapToStopReasons() throws Exception {
        for (String[] pair : new String[][] {{"stop", "end_turn"}, {"length", "max_tokens"}, {"tool_calls", "tool_use"},
                {"content_filter", "refusal"}}) {
            String body = "{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"message\":{\"content\":\"a\"},\"finish_reason\":\"" + pair[0] + "\"}]}";
            assertThat(Translator.openAiResponseToAnthropic(M.readTree(body), null).path("stop_reason").asText())
                    .as(pair[0]).isEqualTo(pair[1]);
        }
    }

    @Test
    void anthropicMessageBecomesAValidOpenAiCompletion() throws Exception {
        JsonNode out = Translator.anthropicResponseToOpenAi(M.readTree(ANTHROPIC_MESSAGE), null, 1_700_000_000L);

        SdkShapes.openAiCompletion(out);
        assertThat(out.path("id").asText()).isEqualTo("chatcmpl-01XFDUDYJgAACzvnptvVoYEL");
        assertThat(out.path("created").asLong()).isEqualTo(1_700_000_000L);
        assertThat(out.path("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
        JsonNode message = out.at("/choices/0/message");
        assertThat(message.path("content").asText()).isEqualTo("Checking the weather.");
        assertThat(message.at("/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(M.readTree(message.at("/tool_calls/0/function/arguments").asText()).toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(out.path("usage").toString())
                .isEqualTo("{\"prompt_tokens\":125,\"completion_tokens\":30,\"total_tokens\":155,\"prompt_tokens_details\":{\"cached_tokens\":100}}");
    }

    @Test
    void anOpenAiCompletionSurvivesARoundTripThroughAnthropic() throws Exception {
        JsonNode original = M.readTree(OPENAI_COMPLETION);

        JsonNode back = Translator.anthropicResponseToOpenAi(Translator.openAiResponseToAnthropic(original, null), null, 1741569952L);

        SdkShapes.openAiCompletion(back);
        assertThat(back.path("id")).isEqualTo(original.path("id"));
        assertThat(back.at("/choices/0/message/content")).isEqualTo(original.at("/choices/0/message/content"));
        assertThat(back.at("/choices/0/message/tool_calls")).isEqualTo(original.at("/choices/0/message/tool_calls"));
        assertThat(back.at("/choices/0/finish_reason")).isEqualTo(original.at("/choices/0/finish_reason"));
        assertThat(back.at("/usage/prompt_tokens").asLong()).isEqualTo(original.at("/usage/prompt_tokens").asLong());
        assertThat(back.at("/usage/completion_tokens").asLong()).isEqualTo(original.at("/usage/completion_tokens").asLong());
    }

    @Test
    void brokenToolArgumentsFromAModelBecomeAnEmptyInputRatherThanAFailure() throws Exception {
        String body = "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":null,\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":\"}}]},\"finish_reason\":\"tool_calls\"}]}";
        JsonNode out = Translator.openAiResponseToAnthropic(M.readTree(body), "m");
        assertThat(out.at("/content/0/input").toString()).isEqualTo("{}");
        SdkShapes.anthropicMessage(out);
    }
}
