package io.healthgate.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RawBodiesTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRelayedRequestKeepsEveryByteButTheEditedOnes() throws Exception {
        String body = "{ \"model\" : \"acme/chat\", \"max_tokens\":9,\"stream\":true,\"x\":{\"nested\":[1,2,{\"model\":\"inner\"}]},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9\"}]}";
        RequestScan scan = RequestScan.of(RequestScan.Kind.OPENAI_CHAT, b(body));
        assertThat(scan.problem()).isNull();
        byte[] out = RawBodies.request(scan, "up \"quoted\"", scan.maxTokensKey(), "max_completion_tokens", true);
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("{\"stream_options\":{\"include_usage\":true}, \"model\" : \"up \\\"quoted\\\"\", \"max_completion_tokens\":9,"
                + "\"stream\":true,\"x\":{\"nested\":[1,2,{\"model\":\"inner\"}]},\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9\"}]}");
        JsonNode tree = M.readTree(out);
        assertThat(tree.path("model").asText()).isEqualTo("up \"quoted\"");
        assertThat(tree.path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void anAnswerIsScannedForUsageAndGetsTheRequestedModel() throws Exception {
        byte[] answer = b("{\"id\":\"c\",\"model\":\"upstream-id\",\"choices\":[{\"message\":{\"content\":\"hi\",\"model\":\"x\"}}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":19,\"total_tokens\":31}}");
        RawBodies.Answer a = RawBodies.scanAnswer(answer);
        assertThat(a.inputTokens()).isEqualTo(12);
        assertThat(a.outputTokens()).isEqualTo(19);
        JsonNode out = M.readTree(RawBodies.withModel(answer, a.objectStart(), a.modelValue(), "acme/chat"));
        assertThat(out.path("model").asText()).isEqualTo("acme/chat");
        assertThat(out.path("choices").path(0).path("message").path("model").asText()).isEqualTo("x");

        byte[] anthropic = b("{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}");
        RawBodies.Answer b = RawBodies.scanAnswer(anthropic);
        assertThat(b.inputTokens()).isEqualTo(3);
        assertThat(b.outputTokens()).isEqualTo(4);
        assertThat(M.readTree(RawBodies.withModel(anthropic, b.objectStart(), b.modelValue(), "m")).path("model").asText()).isEqualTo("m");

        byte[] same = b("{\"model\":\"acme/chat\"}");
        RawBodies.Answer s = RawBodies.scanAnswer(same);
        assertThat(RawBodies.withModel(same, s.objectStart(), s.modelValue(), "acme/chat")).isSameAs(same);
        assertThat(RawBodies.scanAnswer(b("data: {}"))).isNull();
        assertThat(RawBodies.scanAnswer(b("{\"model\":\"a\"} junk"))).isNull();
    }

    /** Answers of 2xx status, usable or not; the scan's verdict is checked against the classifier on each. */
    private static final String[] ANSWERS = {
            "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}",
            "{\"choices\":[{\"message\":{\"content\":null,\"tool_calls\":[{\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}",
            "{\"choices\":[{\"message\":{\"content\":\"\",\"refusal\":\"no\"}}]}",
            "{\"choices\":[{\"message\":{\"function_call\":{\"name\":\"f\"}}}]}",
            "{\"choices\":[{\"message\":{\"content\":\"\"},\"finish_reason\":\"length\"}]}",
            "{\"choices\":[{\"message\":{\"content\":\"\",\"reasoning_content\":\"thinking...\"}}]}",
            "{\"choices\":[{\"message\":{\"content\":\"\",\"tool_calls\":[]}}]}",
            "{\"choices\":[]}",
            "{\"choices\":[{\"text\":\"x\"}]}",
            "{\"choices\":[{\"message\":\"hi\"}]}",
            "{\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"error\":{\"message\":\"upstream overloaded\",\"code\":502}}",
            "{\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"error\":null}",
            "{\"object\":\"text_completion\",\"choices\":[{\"text\":\"x\"}]}",
            "{\"object\":\"response\",\"status\":\"failed\",\"output\":[]}",
            "{\"object\":\"list\",\"data\":[{\"embedding\":[0.1]}]}",
            "{\"message\":\"Internal error\"}",
            "{\"detail\":\"Not found\"}",
            "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\"}",
            "{\"type\":\"message\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\"}],\"stop_reason\":\"max_tokens\"}",
            "{\"type\":\"message\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\"},{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}]}",
            "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"\"}]}",
            "{\"type\":\"message\",\"content\":[]}",
            "{\"content\":[{\"text\":\"hi\",\"type\":\"text\"}]}",
            "{\"content\":[{\"type\":\"text\",\"text\":5}]}",
            "{\"content\":[\"loose\"]}",
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
            "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"error\":{\"message\":\"x\"}}",
            "{}",
    };

    @Test
    void anAnswerTheScanCallsUsableIsOneTheClassifierCallsASuccess() {
        OutcomeClassifier classifier = new OutcomeClassifier(java.time.Clock.systemUTC());
        int usable = 0;
        for (String body : ANSWERS) {
            RawBodies.Answer a = RawBodies.scanAnswer(b(body));
            assertThat(a).as(body).isNotNull();
            Classification c = classifier.classify(200, java.util.Map.of(), body);
            if (a.usable()) {
                usable++;
                assertThat(c.isSuccess()).as("scan says usable, classifier says %s: %s", c, body).isTrue();
            }
        }
        // The plain shapes take the fast path: both protocols' text, tool calls, refusals, function calls.
        assertThat(usable).isEqualTo(8);
        assertThat(RawBodies.scanAnswer(b(ANSWERS[0])).usable()).isTrue();
        assertThat(RawBodies.scanAnswer(b(ANSWERS[17])).usable()).isTrue();
        assertThat(RawBodies.scanAnswer(b(ANSWERS[10])).usable()).as("an answer with an error is never taken as usable").isFalse();
    }
}
