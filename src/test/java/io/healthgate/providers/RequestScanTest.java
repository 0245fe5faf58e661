package io.healthgate.providers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static io.healthgate.providers.RequestScan.Kind.ANTHROPIC_MESSAGES;
import static io.healthgate.providers.RequestScan.Kind.EMBEDDINGS;
import static io.healthgate.providers.RequestScan.Kind.OPENAI_CHAT;
import static io.healthgate.providers.RequestScan.Kind.RESPONSES;
import static org.assertj.core.api.Assertions.assertThat;

class RequestScanTest {
    private static final String MSGS = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static RequestScan scan(RequestScan.Kind kind, String json) {
        return RequestScan.of(kind, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String chat(String extra) {
        return "{\"model\":\"m\"," + MSGS + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    @Test
    void aValidChatBodyPassesAndItsRoutingFieldsAreRead() {
        String json = "{\"model\":\"acme/chat\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":20,"
                + "\"response_format\":{\"type\":\"json_object\"},\"provider\":{\"order\":[\"a\"]}," + MSGS + "}";
        RequestScan s = scan(OPENAI_CHAT, json);
        assertThat(s.problem()).isNull();
        assertThat(s.model()).isEqualTo("acme/chat");
        assertThat(s.stream()).isTrue();
        assertThat(s.includeUsage()).isTrue();
        assertThat(s.providerPresent()).isTrue();
        assertThat(s.responseFormatType()).isEqualTo("json_object");
        assertThat(s.duplicates()).isFalse();
        RequestScan.Span m = s.modelValue();
        assertThat(json.substring(m.start(), m.end())).isEqualTo("\"acme/chat\"");
        RequestScan.Span k = s.maxTokensKey();
        assertThat(json.substring(k.start(), k.end())).isEqualTo("\"max_tokens\"");
        assertThat(s.maxCompletionTokensKey().present()).isFalse();
    }

    @Test
    void theModelSpanCoversEscapesAndNonAsciiBytes() {
        String json = "{\"max_tokens\":5,\"model\":\"caf\u00e9 \\\"x\\\"\"," + MSGS + "}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        RequestScan s = RequestScan.of(OPENAI_CHAT, bytes);
        assertThat(s.problem()).isNull();
        assertThat(s.model()).isEqualTo("caf\u00e9 \"x\"");
        String span = new String(bytes, s.modelValue().start(), s.modelValue().end() - s.modelValue().start(), StandardCharsets.UTF_8);
        assertThat(span).isEqualTo("\"caf\u00e9 \\\"x\\\"\"");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "OPENAI_CHAT|\"max_tokens\":1e12|max_tokens|got 1e12",
            "OPENAI_CHAT|\"max_tokens\":4294967301|max_tokens|got 4294967301",
            "OPENAI_CHAT|\"max_tokens\":\"a\"|max_tokens|got \"a\"",
            "OPENAI_CHAT|\"max_tokens\":-1|max_tokens|got -1",
            "OPENAI_CHAT|\"max_tokens\":0|max_tokens|got 0",
            "OPENAI_CHAT|\"max_tokens\":20.5|max_tokens|got 20.5",
            "OPENAI_CHAT|\"max_completion_tokens\":[1]|max_completion_tokens|got an array",
            "OPENAI_CHAT|\"n\":0|n|got 0",
            "OPENAI_CHAT|\"n\":1.5|n|got 1.5",
            "OPENAI_CHAT|\"top_k\":-3|top_k|got -3",
            "OPENAI_CHAT|\"temperature\":2.5|temperature|between 0 and 2, got 2.5",
            "OPENAI_CHAT|\"temperature\":\"hot\"|temperature|got \"hot\"",
            "OPENAI_CHAT|\"top_p\":1.01|top_p|got 1.01",
            "OPENAI_CHAT|\"presence_penalty\":-3|presence_penalty|got -3",
            "OPENAI_CHAT|\"seed\":123456789012345678901234|seed|got 123456789012345678901234",
            "OPENAI_CHAT|\"stream_options\":{\"include_usage\":\"yes\"}|stream_options.include_usage|got \"yes\"",
            "ANTHROPIC_MESSAGES|\"max_tokens\":1e12|max_tokens|got 1e12",
            "ANTHROPIC_MESSAGES|\"temperature\":1.5|temperature|between 0 and 1, got 1.5",
            "ANTHROPIC_MESSAGES|\"top_k\":{}|top_k|got an object",
            "ANTHROPIC_MESSAGES|\"system\":7|system|got 7",
            "RESPONSES|\"max_output_tokens\":-5|max_output_tokens|got -5",
    })
    void aNumberOutOfShapeOrRangeIsRefusedNamingTheFieldAndValue(RequestScan.Kind kind, String field, String param, String shown) {
        String body = kind == RESPONSES ? "{\"model\":\"m\",\"input\":\"hi\"," + field + "}" : chat(field);
        RequestScan.Problem p = scan(kind, body).problem();
        assertThat(p).isNotNull();
        assertThat(p.param()).isEqualTo(param);
        assertThat(p.message()).contains("'" + param + "'").contains(shown);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "OPENAI_CHAT|[]|messages|'messages' must not be empty",
            "OPENAI_CHAT|\"hi\"|messages|'messages' must be an array",
            "OPENAI_CHAT|[1]|messages[0]|must be an object, got 1",
            "OPENAI_CHAT|[{\"role\":\"wizard\",\"content\":\"x\"}]|messages[0].role|got \"wizard\"",
            "OPENAI_CHAT|[{\"content\":\"x\"}]|messages[0].role|it is missing",
            "OPENAI_CHAT|[{\"role\":\"user\",\"content\":42}]|messages[0].content|got 42",
            "OPENAI_CHAT|[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":{\"x\":1}}]|messages[1].content|got an object",
            "OPENAI_CHAT|[{\"role\":\"user\"}]|messages[0].content|is required",
            "OPENAI_CHAT|[{\"role\":\"user\",\"content\":[3]}]|messages[0].content[0]|got 3",
            "OPENAI_CHAT|[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]|messages[0].content[0].type|non-empty string",
            "OPENAI_CHAT|[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}]|messages[0].content[0].text|must be a string",
            "ANTHROPIC_MESSAGES|[{\"role\":\"system\",\"content\":\"x\"}]|messages[0].role|must be one of user, assistant, got \"system\"",
            "ANTHROPIC_MESSAGES|[{\"role\":\"assistant\"}]|messages[0].content|is required",
            "ANTHROPIC_MESSAGES|[{\"role\":\"user\",\"content\":true}]|messages[0].content|got true",
    })
    void messagesAreCheckedForShapeRolesAndContent(RequestScan.Kind kind, String messages, String param, String says) {
        RequestScan.Problem p = scan(kind, "{\"model\":\"m\",\"messages\":" + messages + "}").problem();
        assertThat(p).isNotNull();
        assertThat(p.param()).isEqualTo(param);
        assertThat(p.message()).contains(says);
    }

    @Test
    void anAssistantTurnWithToolCallsMayLeaveContentOutAndNullsMeanAbsent() {
        String json = "{\"model\":\"m\",\"max_tokens\":null,\"temperature\":null,\"stream\":null,\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\"}}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\"}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c\",\"content\":\"42\"}]}";
        assertThat(scan(OPENAI_CHAT, json).problem()).isNull();
    }

    @Test
    void theOrderOfReportingIsSyntaxModelRequiredFieldStreamThenTheRest() {
        assertThat(scan(OPENAI_CHAT, "{\"model\":").problem().message()).startsWith("request body is not valid JSON");
        assertThat(scan(OPENAI_CHAT, "{\"model\":\"m\"} trailing").problem().message()).startsWith("request body is not valid JSON");
        assertThat(scan(OPENAI_CHAT, "[1]").problem().message()).isEqualTo("request body must be a JSON object");
        assertThat(scan(OPENAI_CHAT, "").problem().message()).contains("empty");
        assertThat(scan(OPENAI_CHAT, "{\"max_tokens\":\"a\",\"stream\":1,\"messages\":[]}").problem().message())
                .isEqualTo("missing required field 'model'");
        assertThat(scan(OPENAI_CHAT, "{\"model\":5," + MSGS + "}").problem().message()).isEqualTo("'model' must be a non-empty string");
        assertThat(scan(OPENAI_CHAT, "{\"model\":\"m\",\"max_tokens\":\"a\",\"stream\":1}").problem().message())
                .isEqualTo("missing required field 'messages'");
        assertThat(scan(OPENAI_CHAT, "{\"model\":\"m\",\"max_tokens\":\"a\",\"stream\":1," + MSGS + "}").problem().message())
                .isEqualTo("'stream' must be a boolean");
        assertThat(scan(EMBEDDINGS, "{\"model\":\"m\",\"input\":[]}").problem().message()).isEqualTo("'input' must not be empty");
        assertThat(scan(RESPONSES, "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}]}").problem()).isNull();
    }

    @Test
    void aRepeatedTrackedFieldIsFlaggedSoTheBytesAreNotEditedBlindly() {
        RequestScan s = scan(OPENAI_CHAT, "{\"model\":\"a\",\"model\":\"b\"," + MSGS + "}");
        assertThat(s.problem()).isNull();
        assertThat(s.duplicates()).isTrue();
        assertThat(s.model()).isEqualTo("b"); // the last one, as the tree reads it
    }
}
