package io.healthgate.simulator;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The endpoints and request features around chat that drop-in clients use, through the official SDKs. */
class DropInEndpointsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCENARIO = """
            seed: 11
            models:
              - { id: acme/chat, provider: acme }
              - { id: acme/embed, provider: acme, kind: embedding, dimensions: 64 }
            gateways:
              - name: full
                protocol: openai
                api_key: k-full
                responses_api: true
                logprobs: true
                offers: [ { model: acme/chat, upstream: chat-1 }, { model: acme/embed, upstream: embed-1 } ]
              - name: plain
                protocol: openai
                api_key: k-plain
                offers: [ { model: acme/chat, upstream: chat-p } ]
              - name: claude
                protocol: anthropic
                api_key: k-claude
                offers: [ { model: acme/chat, upstream: chat-a } ]
            """;
    static final Map<String, Object> WEATHER = Map.of("type", "object", "required", List.of("city"),
            "properties", Map.of("city", Map.of("type", "string"), "days", Map.of("type", "integer")));
    static SimulatedFleet fleet;
    static OpenAIClient full;
    static OpenAIClient plain;
    static AnthropicClient claude;

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(null, Scenario.parse(SCENARIO), 0);
        full = SdkClients.openai(fleet, "full", "k-full");
        plain = SdkClients.openai(fleet, "plain", "k-plain");
        claude = SdkClients.anthropic(fleet, "claude", "k-claude");
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    static String chatText(String question) {
        return full.chat().completions().create(ChatCompletionCreateParams.builder().model("chat-1").addUserMessage(question).build())
                .choices().get(0).message().content().orElseThrow();
    }

    @Test
    void theResponsesApiAnswersInputAndInstructionsWithTheSameTextAsChat() {
        Response r = full.responses().create(ResponseCreateParams.builder().model("chat-1").input("what is new").build());
        String text = r.output().get(0).message().orElseThrow().content().get(0).outputText().orElseThrow().text();
        assertThat(text).isEqualTo(chatText("what is new"));
        assertThat(r.usage().orElseThrow().outputTokens()).isEqualTo(text.split("(?= )").length);
        Response withInstructions = full.responses().create(ResponseCreateParams.builder().model("chat-1").input("what is new")
                .instructions("be brief").build());
        assertThat(withInstructions.instructions()).isPresent();
    }

    @Test
    void aStreamedResponseSendsTheTypedEventsInOrderAndTheWholeText() {
        List<String> types = new ArrayList<>();
        StringBuilder deltas = new StringBuilder();
        long outputTokens = -1;
        try (StreamResponse<ResponseStreamEvent> s = full.responses().createStreaming(
                ResponseCreateParams.builder().model("chat-1").input("stream it").build())) {
            for (ResponseStreamEvent e : (Iterable<ResponseStreamEvent>) s.stream()::iterator) {
                e.outputTextDelta().ifPresent(d -> deltas.append(d.delta()));
                if (e.isCompleted()) {
                    outputTokens = e.asCompleted().response().usage().orElseThrow().outputTokens();
                }
            }
        }
        try (LiveStream raw = LiveStream.post(fleet.gatewayBaseUrl("full") + "/responses",
                "{\"model\":\"chat-1\",\"input\":\"stream it\",\"stream\":true}", "Authorization", "Bearer k-full")) {
            org.awaitility.Awaitility.await().until(raw::ended);
            raw.lines.stream().filter(l -> l.startsWith("event: ")).forEach(l -> types.add(l.substring(7)));
        }
        assertThat(types.stream().distinct().toList()).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
        assertThat(deltas.toString()).isEqualTo(chatText("stream it"));
        assertThat(outputTokens).isEqualTo(deltas.toString().split("(?= )").length);
    }

    @Test
    void aResponsesFunctionToolIsCalledAndItsOutputGetsAText() {
        FunctionTool tool = FunctionTool.builder().name("get_weather").strict(false)
                .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(WEATHER.get("properties"))).build()).build();
        Response first = full.responses().create(ResponseCreateParams.builder().model("chat-1").input("weather in Paris?").addTool(tool).build());
        ResponseFunctionToolCall call = first.output().get(0).functionCall().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).contains("\"city\":\"Paris\"");
        Response second = full.responses().create(ResponseCreateParams.builder().model("chat-1").addTool(tool).inputOfResponse(List.of(
                ResponseInputItem.ofFunctionCall(call),
                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder().callId(call.callId()).output("sunny").build())))
                .build());
        assertThat(second.output().get(0).message()).isPresent();
    }

    @Test
    void aGatewayNotFlaggedForTheResponsesApiAnswers404() {
        assertThatThrownBy(() -> plain.responses().create(ResponseCreateParams.builder().model("chat-p").input("hi").build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void embeddingsAreDeterministicUnitVectorsOfTheModelsDimensions() {
        CreateEmbeddingResponse one = full.embeddings().create(EmbeddingCreateParams.builder().model("embed-1").input("hello").build());
        List<Float> v = one.data().get(0).embedding();
        assertThat(v).hasSize(64);
        assertThat(Math.sqrt(v.stream().mapToDouble(f -> f * f).sum())).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        CreateEmbeddingResponse two = full.embeddings().create(EmbeddingCreateParams.builder().model("embed-1")
                .inputOfArrayOfStrings(List.of("hello", "world")).build());
        assertThat(two.data()).hasSize(2);
        assertThat(two.data().get(0).embedding()).isEqualTo(v);
        assertThat(two.data().get(1).embedding()).isNotEqualTo(v);
        assertThat(two.usage().promptTokens()).isEqualTo(2);
    }

    @Test
    void embeddingsComeAsBase64FloatsWhenAskedAndShorterWhenDimensionsSaySo() throws Exception {
        HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("full") + "/embeddings",
                "{\"model\":\"embed-1\",\"input\":\"hello\",\"encoding_format\":\"base64\",\"dimensions\":16}", "Authorization", "Bearer k-full");
        assertThat(r.statusCode()).isEqualTo(200);
        byte[] raw = java.util.Base64.getDecoder().decode(JSON.readTree(r.body()).path("data").path(0).path("embedding").asText());
        assertThat(raw).hasSize(16 * 4);
    }

    @Test
    void chatOnAnEmbeddingModelAndEmbeddingsOnAChatModelAre400s() {
        assertThatThrownBy(() -> full.chat().completions().create(ChatCompletionCreateParams.builder().model("embed-1").addUserMessage("hi").build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("embedding model");
        assertThatThrownBy(() -> full.embeddings().create(EmbeddingCreateParams.builder().model("chat-1").input("hi").build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("does not support embeddings");
    }

    @Test
    void legacyCompletionsAnswerAPromptPlainAndStreamed() {
        Completion c = full.completions().create(CompletionCreateParams.builder().model("chat-1").prompt("once upon a time").build());
        String text = c.choices().get(0).text();
        assertThat(text).startsWith("Hello from full/chat-1.");
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(text.split("(?= )").length);
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<Completion> s = full.completions().createStreaming(
                CompletionCreateParams.builder().model("chat-1").prompt("once upon a time").build())) {
            s.stream().forEach(chunk -> chunk.choices().forEach(ch -> streamed.append(ch.text())));
        }
        assertThat(streamed.toString()).isEqualTo(text);
    }

    @Test
    void countTokensAnswersTheInputTokensAMessageCallReports() {
        long counted = claude.messages().countTokens(MessageCountTokensParams.builder().model("chat-a").system("be kind")
                .addUserMessage("how many tokens is this").build()).inputTokens();
        Message m = claude.messages().create(MessageCreateParams.builder().model("chat-a").maxTokens(20).system("be kind")
                .addUserMessage("how many tokens is this").build());
        assertThat(counted).isEqualTo(m.usage().inputTokens()).isEqualTo(3 + 2 + 4 + 5);
    }

    @Test
    void jsonObjectFormatAnswersAJsonObjectPlainAndStreamed() throws Exception {
        String body = "{\"model\":\"chat-1\",\"response_format\":{\"type\":\"json_object\"},\"messages\":[{\"role\":\"user\",\"content\":\"json please\"}]";
        HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("full") + "/chat/completions", body + "}", "Authorization", "Bearer k-full");
        JsonNode content = JSON.readTree(JSON.readTree(r.body()).path("choices").path(0).path("message").path("content").asText());
        assertThat(content.isObject()).isTrue();
        assertThat(content.path("answer").asText()).isNotBlank();
        try (LiveStream s = LiveStream.post(fleet.gatewayBaseUrl("full") + "/chat/completions", body + ",\"stream\":true}",
                "Authorization", "Bearer k-full")) {
            org.awaitility.Awaitility.await().until(s::ended);
            StringBuilder text = new StringBuilder();
            for (String d : s.dataLines()) {
                if (!d.equals("[DONE]")) {
                    text.append(JSON.readTree(d).path("choices").path(0).path("delta").path("content").asText(""));
                }
            }
            assertThat(JSON.readTree(text.toString())).isEqualTo(content);
        }
    }

    @Test
    void jsonSchemaFormatAnswersAnInstanceWithTheRequiredFieldsAndTypesFollowingRefs() throws Exception {
        String schema = """
                {"type":"object","required":["name","age","tags","home"],"additionalProperties":false,
                 "properties":{"name":{"type":"string"},"age":{"type":"integer","minimum":18},"tags":{"type":"array","items":{"type":"string"}},
                  "home":{"$ref":"#/$defs/Address"},"nickname":{"anyOf":[{"type":"string"},{"type":"null"}]}},
                 "$defs":{"Address":{"type":"object","required":["city","zip"],"properties":{"city":{"type":"string"},"zip":{"type":"string","minLength":5}}}}}""";
        HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("plain") + "/chat/completions",
                "{\"model\":\"chat-p\",\"messages\":[{\"role\":\"user\",\"content\":\"who\"}],\"response_format\":{\"type\":\"json_schema\","
                        + "\"json_schema\":{\"name\":\"Person\",\"strict\":true,\"schema\":" + schema + "}}}", "Authorization", "Bearer k-plain");
        JsonNode p = JSON.readTree(JSON.readTree(r.body()).path("choices").path(0).path("message").path("content").asText());
        assertThat(p.path("name").isTextual()).isTrue();
        assertThat(p.path("age").isInt()).isTrue();
        assertThat(p.path("age").asInt()).isGreaterThanOrEqualTo(18);
        assertThat(p.path("tags").isArray()).isTrue();
        assertThat(p.path("tags").path(0).isTextual()).isTrue();
        assertThat(p.path("home").path("city").isTextual()).isTrue();
        assertThat(p.path("home").path("zip").asText()).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void anAnthropicForcedToolAnswersAToolUseWhoseInputFitsItsSchema() throws Exception {
        HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("claude") + "/messages",
                "{\"model\":\"chat-a\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                        + "\"tools\":[{\"name\":\"other\",\"input_schema\":{\"type\":\"object\"}},{\"name\":\"record\",\"input_schema\":"
                        + JSON.writeValueAsString(WEATHER) + "}],\"tool_choice\":{\"type\":\"tool\",\"name\":\"record\"}}",
                "x-api-key", "k-claude", "anthropic-version", "2023-06-01");
        JsonNode block = JSON.readTree(r.body()).path("content").path(0);
        assertThat(block.path("type").asText()).isEqualTo("tool_use");
        assertThat(block.path("name").asText()).isEqualTo("record");
        assertThat(block.path("id").asText()).startsWith("toolu_");
        assertThat(block.path("input").path("city").isTextual()).isTrue();
        assertThat(block.path("input").path("days").isInt()).isTrue();
    }

    @Test
    void nAbove1GivesNChoicesWithUsageOverAll() {
        ChatCompletion c = full.chat().completions().create(ChatCompletionCreateParams.builder().model("chat-1").addUserMessage("pick").n(3).build());
        assertThat(c.choices()).hasSize(3);
        assertThat(c.choices()).extracting(ch -> ch.index()).containsExactly(0L, 1L, 2L);
        long words = c.choices().stream().mapToLong(ch -> ch.message().content().orElseThrow().split("(?= )").length).sum();
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(words);
        assertThat(c.choices().get(0).message().content()).isNotEqualTo(c.choices().get(1).message().content());
    }

    @Test
    void logprobsComeWhereTheGatewayClaimsThemAndAre400Elsewhere() {
        ChatCompletion c = full.chat().completions().create(ChatCompletionCreateParams.builder().model("chat-1").addUserMessage("lp")
                .logprobs(true).build());
        var lp = c.choices().get(0).logprobs().orElseThrow().content().orElseThrow();
        assertThat(String.join("", lp.stream().map(t -> t.token()).toList())).isEqualTo(c.choices().get(0).message().content().orElseThrow());
        assertThat(lp).allSatisfy(t -> assertThat(t.logprob()).isNegative());
        assertThatThrownBy(() -> plain.chat().completions().create(ChatCompletionCreateParams.builder().model("chat-p").addUserMessage("lp")
                .logprobs(true).build())).isInstanceOf(BadRequestException.class).hasMessageContaining("logprobs");
    }

    @Test
    void toolUseEndsAfterTheToolResultInBothProtocols() throws Exception {
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":" + JSON.writeValueAsString(WEATHER) + "}}]";
        JsonNode first = JSON.readTree(SdkClients.post(fleet.gatewayBaseUrl("plain") + "/chat/completions",
                "{\"model\":\"chat-p\",\"tools\":" + tools + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}",
                "Authorization", "Bearer k-plain").body()).path("choices").path(0);
        assertThat(first.path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode call = first.path("message").path("tool_calls").path(0);
        JsonNode second = JSON.readTree(SdkClients.post(fleet.gatewayBaseUrl("plain") + "/chat/completions",
                "{\"model\":\"chat-p\",\"tools\":" + tools + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},"
                        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call + "]},"
                        + "{\"role\":\"tool\",\"tool_call_id\":\"" + call.path("id").asText() + "\",\"content\":\"sunny\"}]}",
                "Authorization", "Bearer k-plain").body()).path("choices").path(0);
        assertThat(second.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(second.path("message").path("content").asText()).startsWith("Hello from plain/chat-p.");

        String atools = "[{\"name\":\"get_weather\",\"input_schema\":" + JSON.writeValueAsString(WEATHER) + "}]";
        JsonNode use = JSON.readTree(SdkClients.post(fleet.gatewayBaseUrl("claude") + "/messages",
                "{\"model\":\"chat-a\",\"max_tokens\":100,\"tools\":" + atools + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}",
                "x-api-key", "k-claude", "anthropic-version", "2023-06-01").body());
        assertThat(use.path("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode block = use.path("content").path(0);
        JsonNode done = JSON.readTree(SdkClients.post(fleet.gatewayBaseUrl("claude") + "/messages",
                "{\"model\":\"chat-a\",\"max_tokens\":100,\"tools\":" + atools + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},"
                        + "{\"role\":\"assistant\",\"content\":[" + block + "]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                        + "\"tool_use_id\":\"" + block.path("id").asText() + "\",\"content\":\"sunny\"}]}]}",
                "x-api-key", "k-claude", "anthropic-version", "2023-06-01").body());
        assertThat(done.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(done.path("content").path(0).path("type").asText()).isEqualTo("text");
    }

    @Test
    void aFormEncodedOrMultipartBodyCreatesNoFolder() throws Exception {
        Path uploads = Path.of("file-uploads");
        if (Files.isDirectory(uploads)) {
            try (var entries = Files.list(uploads)) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(uploads); // left by an older simulator; an empty one is safe to remove
                }
            }
        }
        assertThat(uploads).doesNotExist();
        HttpResponse<String> form = post("application/x-www-form-urlencoded", "model=chat-1&prompt=hi");
        HttpResponse<String> multipart = post("multipart/form-data; boundary=XyZ",
                "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n");
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(multipart.statusCode()).isEqualTo(400);
        assertThat(uploads).doesNotExist();
    }

    private static HttpResponse<String> post(String contentType, String body) throws Exception {
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(fleet.gatewayBaseUrl("full") + "/chat/completions"))
                .header("content-type", contentType).header("Authorization", "Bearer k-full")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }
}
