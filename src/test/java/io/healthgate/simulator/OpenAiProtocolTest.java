package io.healthgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.healthgate.support.TestFleets.GROQ_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OpenAI protocol, checked with the official openai-java SDK as the client. */
class OpenAiProtocolTest {
    static SimulatedFleet fleet;
    static OpenAIClient groq;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(null, TestFleets.small(), 0);
        groq = SdkClients.openai(fleet, "groq", GROQ_KEY);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @BeforeEach
    void reset() {
        fleet.control().reset();
    }

    static ChatCompletionCreateParams.Builder params(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello in five words please");
    }

    @Test
    void nonStreamingCompletionIsARealChatCompletionWithConsistentUsage() {
        ChatCompletion c = groq.chat().completions().create(params("llama-3.3-70b-versatile").build());

        assertThat(c.id()).startsWith("chatcmpl-");
        assertThat(c.model()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(c.created()).isPositive();
        String text = c.choices().get(0).message().content().orElseThrow();
        assertThat(text).startsWith("Hello from groq/llama-3.3-70b-versatile.");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        var usage = c.usage().orElseThrow();
        assertThat(usage.completionTokens()).isBetween(12L, 35L);
        assertThat(usage.promptTokens()).isEqualTo(3 + 4 + 6);
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        assertThat(fleet.requestCount("groq", TestFleets.LLAMA, "ok")).isEqualTo(1);
    }

    @Test
    void answersAreDeterministicForTheSameSeedAndRequest() {
        String a = groq.chat().completions().create(params("llama-3.3-70b-versatile").build()).choices().get(0).message().content().orElseThrow();
        String b = groq.chat().completions().create(params("llama-3.3-70b-versatile").build()).choices().get(0).message().content().orElseThrow();
        assertThat(a).isEqualTo(b);
    }

    @Test
    @SuppressWarnings("deprecation") // max_tokens is deprecated by OpenAI but still sent by many clients
    void maxTokensBoundsTheAnswerAndEndsItWithLength() {
        ChatCompletion c = groq.chat().completions().create(params("llama-3.3-70b-versatile").maxTokens(5).build());
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(5);
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);

        ChatCompletion d = groq.chat().completions().create(params("llama-3.3-70b-versatile").maxCompletionTokens(4).build());
        assertThat(d.usage().orElseThrow().completionTokens()).isEqualTo(4);
    }

    @Test
    void streamingSendsRoleFirstThenContentThenFinishReasonThenUsage() {
        ChatCompletion whole = groq.chat().completions().create(params("llama-3.3-70b-versatile").build());
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> s = groq.chat().completions().createStreaming(params("llama-3.3-70b-versatile")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = s.stream().toList();
        }
        assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
        String text = chunks.stream().flatMap(c -> c.choices().stream()).map(ch -> ch.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo(whole.choices().get(0).message().content().orElseThrow());
        ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
        assertThat(finish.choices().get(0).finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.STOP);
        ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
        assertThat(usage.choices()).isEmpty();
        assertThat(usage.usage().orElseThrow().completionTokens()).isEqualTo(whole.usage().orElseThrow().completionTokens());
        assertThat(chunks).allMatch(c -> c.id().equals(chunks.get(0).id()));
    }

    @Test
    void rawStreamIsServerSentEventsEndingWithDone() throws Exception {
        HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("groq") + "/chat/completions",
                "{\"model\":\"llama-3.3-70b-versatile\",\"stream\":true,\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + GROQ_KEY);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        String[] frames = r.body().split("\n\n");
        assertThat(frames).allMatch(f -> f.startsWith("data: "));
        assertThat(frames[frames.length - 1]).isEqualTo("data: [DONE]");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        // role chunk + 3 tokens + finish chunk + [DONE]; no usage chunk unless asked for
        assertThat(frames).hasSize(6);
        JsonNode first = JSON.readTree(frames[0].substring(6));
        assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(JSON.readTree(frames[4].substring(6)).at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void toolsGetAToolCallOfTheFirstToolWithArgumentsMatchingItsSchema() throws Exception {
        ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                "city", Map.of("type", "string"),
                                "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")),
                                "days", Map.of("type", "integer"))))
                        .build()).build()).build();
        ChatCompletion c = groq.chat().completions().create(params("llama-3.3-70b-versatile").addTool(weather).build());

        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.id()).startsWith("call_");
        assertThat(call.function().name()).isEqualTo("get_weather");
        JsonNode args = JSON.readTree(call.function().arguments());
        assertThat(args.path("city").asText()).isEqualTo("Paris");
        assertThat(args.path("unit").asText()).isEqualTo("celsius");
        assertThat(args.path("days").isInt()).isTrue();

        String streamed;
        try (StreamResponse<ChatCompletionChunk> s = groq.chat().completions().createStreaming(params("llama-3.3-70b-versatile").addTool(weather).build())) {
            List<ChatCompletionChunk> chunks = s.stream().toList();
            assertThat(chunks.get(0).choices().get(0).delta().toolCalls().orElseThrow().get(0).function().orElseThrow().name()).hasValue("get_weather");
            streamed = chunks.stream().flatMap(ch -> ch.choices().stream())
                    .flatMap(ch -> ch.delta().toolCalls().orElse(List.of()).stream())
                    .map(t -> t.function().flatMap(f -> f.arguments()).orElse("")).collect(Collectors.joining());
            assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
        }
        assertThat(JSON.readTree(streamed)).isEqualTo(args);
    }

    @Test
    void modelsListsTheGatewaysUpstreamIds() {
        List<String> ids = groq.models().list().autoPager().stream().map(Model::id).toList();
        assertThat(ids).containsExactly("llama-3.3-70b-versatile", "o3-mini");
    }

    @Test
    void missingOrWrongKeyGets401InOpenAiShape() throws Exception {
        assertThatThrownBy(() -> SdkClients.openai(fleet, "groq", "sim-fake-wrong").chat().completions().create(params("llama-3.3-70b-versatile").build()))
                .isInstanceOf(UnauthorizedException.class)
                .satisfies(e -> assertThat(((UnauthorizedException) e).code()).hasValue("invalid_api_key"));
        HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("groq") + "/chat/completions", "{\"model\":\"llama-3.3-70b-versatile\"}");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(r.body()).doesNotContain("sim-fake");
        assertThat(fleet.gatewayStats("groq").count("auth_rejected")).isEqualTo(2);
    }

    @Test
    void aModelTheGatewayDoesNotServeGets404ModelNotFound() throws Exception {
        assertThatThrownBy(() -> groq.chat().completions().create(params("gpt-9").build()))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((NotFoundException) e).code()).hasValue("model_not_found"));
        HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("groq") + "/chat/completions",
                "{\"model\":\"gpt-9\",\"messages\":[]}", "Authorization", "Bearer " + GROQ_KEY);
        JsonNode e = JSON.readTree(r.body()).path("error");
        assertThat(e.path("message").asText()).isEqualTo("The model `gpt-9` does not exist");
        assertThat(e.path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void unknownGatewayAndWrongProtocolGet404() {
        assertThat(SdkClients.post(fleet.baseUrl() + "/gw/nope/v1/chat/completions", "{}").statusCode()).isEqualTo(404);
        assertThat(SdkClients.post(fleet.gatewayBaseUrl("anthropic") + "/chat/completions", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyThatIsNotJsonGets400() {
        HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("groq") + "/chat/completions", "{nope", "Authorization", "Bearer " + GROQ_KEY);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Arrays.asList(r.body())).anyMatch(b -> b.contains("could not parse the JSON body"));
    }
}
