package io.healthgate.app;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.proxy.ProxySettings;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.GatewaySpec;
import io.healthgate.simulator.ModelInfo;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The drop-in surface, end to end: the real gateway (composition root, random port) in front of
 * the simulated fleet, driven by the official OpenAI and Anthropic Java SDKs. Fleet: {@code plain}
 * (OpenAI protocol, chat only), {@code native} (OpenAI protocol, serves the Responses API itself)
 * and {@code anth} (Anthropic protocol). {@code sim/claude} lives on anth only, so every OpenAI-door
 * request to it is translated; {@code sim/native} on native only (passed through); {@code sim/embed}
 * is an embedding model on plain and native.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DropInFleetTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final String CLIENT_KEY = "drop-in-client";
    private static final String APP_ORIGIN = "https://app.example.com";
    private Vertx vertx;
    private SimulatedFleet fleet;
    private Healthgate gateway;
    private OpenAIClient openai;
    private AnthropicClient anthropic;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        vertx = Vertx.vertx();
        Scenario scenario = Scenario.builder().seed(11)
                .gateway("plain", Protocol.OPENAI, "PLAIN_KEY", "sk-plain")
                .gateway(GatewaySpec.of("native", Protocol.OPENAI, "NATIVE_KEY", "sk-native").withFeatures(true, true))
                .demoEnv("NATIVE_KEY", "sk-native")
                .gateway("anth", Protocol.ANTHROPIC, "ANTH_KEY", "sk-anth")
                .offer("plain", "sim/chat", "plain-chat")
                .offer("anth", "sim/claude", "claude-sim-4")
                .offer("native", "sim/native", "native-model")
                .offer("plain", "sim/embed", "plain-embed")
                .offer("native", "sim/embed", "native-embed")
                .model(ModelInfo.embedding("sim/embed", "sim", 64))
                .model(new ModelInfo("sim/chat", "sim", false, 131072, null, List.of("chat")))
                .build();
        fleet = SimulatedFleet.start(vertx, scenario, 0);
        Map<String, String> env = new java.util.HashMap<>(fleet.demoEnvironment());
        env.put("HG_KEYS", CLIENT_KEY);
        Healthgate.Settings base = Healthgate.Settings.defaults();
        Healthgate.Settings settings = new Healthgate.Settings(base.host(), 0, base.maxBodyBytes(), Duration.ofSeconds(2), "HG_KEYS",
                false, ProxySettings.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(5)),
                base.upstream(), 2);
        java.nio.file.Path dir;
        try {
            dir = java.nio.file.Files.createTempDirectory("dropin");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        io.healthgate.config.HealthgateConfig demo = Demo.demoConfig(0, "jdbc:sqlite:" + dir.resolve("health.db"));
        // Probes off (this class probes by hand); CORS on for one origin, as server.cors.allowed_origins sets it.
        io.healthgate.config.HealthgateConfig config = demo
                .withMonitoring(new io.healthgate.config.HealthgateConfig.Monitoring(false, demo.monitoring().health()))
                .withAuth(new io.healthgate.config.AuthConfig("HG_KEYS", "HG_ADMIN", false))
                .withServer(demo.server().withCorsAllowedOrigins(List.of(APP_ORIGIN)));
        gateway = Healthgate.create(config, settings, fleet.catalog(), env, Clock.systemUTC()).start();
        gateway.routingSwitch().set(io.healthgate.routing.RoutingMode.ORDERED);
        gateway.outcomes().subscribe(outcomes::add);
        openai = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(CLIENT_KEY).maxRetries(0).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(CLIENT_KEY).maxRetries(0).build();
    }

    @BeforeEach
    void reset() {
        fleet.control().reset();
        outcomes.clear();
    }

    @AfterAll
    void stop() {
        openai.close();
        anthropic.close();
        gateway.close();
        fleet.close();
        vertx.close().await();
    }

    // ---- Responses API ----

    private static String text(Response r) {
        return r.output().stream().flatMap(i -> i.message().stream()).flatMap(m -> m.content().stream())
                .flatMap(c -> c.outputText().stream()).map(t -> t.text()).collect(Collectors.joining());
    }

    @Test
    void responsesCreateWorksTranslatedToChatToAnthropicAndPassedThrough() {
        for (String model : List.of("chat", "sim/claude", "sim/native")) {
            var raw = openai.responses().withRawResponse().create(ResponseCreateParams.builder()
                    .model(model).input("Say hello").instructions("Be brief.").maxOutputTokens(40L).build());
            Response r = raw.parse();
            assertThat(text(r)).as(model).isNotBlank();
            assertThat(r.model().asString()).as("the id the client asked for").isEqualTo(model);
            assertThat(r.id()).startsWith("resp_");
            assertThat(r.usage()).hasValueSatisfying(u -> assertThat(u.outputTokens()).isPositive());
            assertThat(raw.headers().values("x-healthgate-upstream-model")).as(model)
                    .containsExactly(switch (model) {
                        case "chat" -> "plain-chat";
                        case "sim/claude" -> "claude-sim-4";
                        default -> "native-model";
                    });
        }
        assertThat(outcomes).extracting(Outcome::outcomeClass).containsOnly(OutcomeClass.SUCCESS).hasSize(3);
    }

    @Test
    void responsesStreamTheTypedEventSequenceTranslatedAndPassedThrough() {
        for (String model : List.of("sim/claude", "chat", "sim/native")) {
            List<ResponseStreamEvent> events;
            try (StreamResponse<ResponseStreamEvent> s = openai.responses().createStreaming(ResponseCreateParams.builder()
                    .model(model).input("Tell me a short story").maxOutputTokens(30L).build())) {
                events = s.stream().toList();
            }
            assertThat(events.get(0).isCreated()).as(model).isTrue();
            assertThat(events.get(events.size() - 1).isCompleted()).as(model).isTrue();
            String deltas = events.stream().flatMap(e -> e.outputTextDelta().stream()).map(d -> d.delta()).collect(Collectors.joining());
            assertThat(deltas).as(model).isNotBlank();
            Response done = events.get(events.size() - 1).asCompleted().response();
            assertThat(text(done)).isEqualTo(deltas);
            assertThat(done.model().asString()).isEqualTo(model);
        }
    }

    @Test
    void aConversationContinuesWithPreviousResponseIdWhicheverWayItWasServed() {
        Response first = openai.responses().create(ResponseCreateParams.builder().model("sim/claude").input("My name is Ada.").build());
        Response second = openai.responses().create(ResponseCreateParams.builder().model("sim/claude")
                .input("What is my name?").previousResponseId(first.id()).build());
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(text(second)).isNotBlank();
        Throwable unknown = catchThrowable(() -> openai.responses().create(ResponseCreateParams.builder().model("chat")
                .input("hi").previousResponseId("resp_nope").build()));
        assertThat(unknown).isInstanceOf(com.openai.errors.NotFoundException.class).hasMessageContaining("resp_nope");
    }

    /** The tool the agent loops call. */
    static final Map<String, Object> WEATHER_PARAMETERS = Map.of("type", "object",
            "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city"));

    @Test
    void aResponsesAgentLoopEndsWithTextAfterTheToolResult() {
        for (String model : List.of("sim/claude", "chat", "sim/native")) {
            List<ResponseInputItem> input = new ArrayList<>();
            input.add(ResponseInputItem.ofEasyInputMessage(com.openai.models.responses.EasyInputMessage.builder()
                    .role(com.openai.models.responses.EasyInputMessage.Role.USER).content("Weather in Oslo?").build()));
            var tool = com.openai.models.responses.FunctionTool.builder().name("get_weather").strict(false)
                    .parameters(com.openai.models.responses.FunctionTool.Parameters.builder()
                            .putAllAdditionalProperties(jsonMap(WEATHER_PARAMETERS)).build()).build();
            Response r = openai.responses().create(ResponseCreateParams.builder().model(model).inputOfResponse(input).addTool(tool).build());
            var call = r.output().stream().flatMap(i -> i.functionCall().stream()).findFirst().orElseThrow(
                    () -> new AssertionError(model + ": expected a function call, got " + r.output()));
            assertThat(call.name()).isEqualTo("get_weather");
            assertThat(M.valueToTree(parse(call.arguments())).has("city")).isTrue();
            input.add(ResponseInputItem.ofFunctionCall(call));
            input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                    .callId(call.callId()).output("12C and rain").build()));
            Response last = openai.responses().create(ResponseCreateParams.builder().model(model).inputOfResponse(input).addTool(tool).build());
            assertThat(last.output().stream().anyMatch(i -> i.isFunctionCall())).as(model).isFalse();
            assertThat(text(last)).as(model).isNotBlank();
        }
    }

    @Test
    void aChatAgentLoopThroughAnAnthropicGatewayEndsWithText() {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder().model("sim/claude").addUserMessage("Weather in Oslo?")
                .putAdditionalBodyProperty("tools", JsonValue.from(List.of(Map.of("type", "function",
                        "function", Map.of("name", "get_weather", "parameters", WEATHER_PARAMETERS)))));
        ChatCompletion first = openai.chat().completions().create(b.build());
        var message = first.choices().get(0).message();
        var call = message.toolCalls().orElseThrow().get(0).asFunction();
        assertThat(first.choices().get(0).finishReason().asString()).isEqualTo("tool_calls");
        b.addMessage(message).addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("12C and rain").build());
        ChatCompletion second = openai.chat().completions().create(b.build());
        assertThat(second.choices().get(0).message().toolCalls().orElse(List.of())).isEmpty();
        assertThat(second.choices().get(0).message().content()).hasValueSatisfying(t -> assertThat(t).isNotBlank());
        assertThat(second.model()).isEqualTo("sim/claude");
    }

    // ---- structured output ----

    /** A schema class, as openai-java's structured outputs derive the JSON schema from it. */
    public static final class City {
        @JsonProperty(required = true)
        public String name;
        @JsonProperty(required = true)
        public long population;
        @JsonProperty(required = true)
        public List<String> landmarks;
    }

    @Test
    void structuredOutputFromASchemaClassGetsValidJsonThroughAnAnthropicGateway() {
        var completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("sim/claude").addUserMessage("Describe Oslo").responseFormat(City.class).build());
        City city = completion.choices().get(0).message().content().orElseThrow();
        assertThat(city.name).isNotNull();
        assertThat(city.landmarks).isNotNull();

        var response = openai.responses().create(ResponseCreateParams.builder()
                .model("sim/claude").input("Describe Oslo").text(City.class).build());
        City fromResponses = response.output().stream().flatMap(i -> i.message().stream()).flatMap(m -> m.content().stream())
                .flatMap(c -> c.outputText().stream()).findFirst().orElseThrow();
        assertThat(fromResponses.name).isNotNull();
    }

    @Test
    void aStreamedStructuredAnswerThroughAnAnthropicGatewayIsValidJson() throws Exception {
        StringBuilder json = new StringBuilder();
        try (var s = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder().model("sim/claude")
                .addUserMessage("Describe Oslo")
                .responseFormat(ChatCompletionCreateParams.ResponseFormat.ofJsonObject(
                        com.openai.models.ResponseFormatJsonObject.builder().build())).build())) {
            s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(json::append)));
        }
        assertThat(M.readTree(json.toString()).isObject()).as(json.toString()).isTrue();
    }

    @Test
    void featuresTheAnthropicProtocolLacksAre400sNamingThem() {
        Throwable logprobs = catchThrowable(() -> openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("sim/claude").addUserMessage("hi").logprobs(true).build()));
        assertThat(logprobs).isInstanceOf(com.openai.errors.BadRequestException.class).hasMessageContaining("logprobs");
        Throwable n = catchThrowable(() -> openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("sim/claude").addUserMessage("hi").n(2).build()));
        assertThat(n).isInstanceOf(com.openai.errors.BadRequestException.class).hasMessageContaining("n > 1");
        // Where the gateway has them, they are honoured.
        ChatCompletion withLogprobs = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("sim/native").addUserMessage("hi").logprobs(true).build());
        assertThat(withLogprobs.choices().get(0).logprobs()).isPresent();
    }

    // ---- embeddings ----

    @Test
    void embeddingsCreateGetsOneVectorPerInputUnderTheRequestedModel() {
        var raw = openai.embeddings().withRawResponse().create(EmbeddingCreateParams.builder()
                .model("sim/embed").inputOfArrayOfStrings(List.of("alpha", "beta")).build());
        CreateEmbeddingResponse r = raw.parse();
        assertThat(r.data()).hasSize(2);
        assertThat(r.data().get(0).embedding()).hasSize(64);
        assertThat(r.model()).isEqualTo("sim/embed");
        assertThat(raw.headers().values("x-healthgate-upstream-model")).containsExactly("plain-embed");
        assertThat(r.data().get(0).embedding()).isNotEqualTo(r.data().get(1).embedding());
    }

    @Test
    void embeddingsFailOverToAnotherOfferOfTheSameDimensions() {
        fleet.control().setOffer("plain", "sim/embed", Behaviour.NORMAL.withFault(Fault.UNAVAILABLE));
        var raw = openai.embeddings().withRawResponse().create(EmbeddingCreateParams.builder().model("sim/embed").input("alpha").build());
        assertThat(raw.parse().data().get(0).embedding()).hasSize(64);
        assertThat(raw.headers().values("x-healthgate-gateway")).containsExactly("native");
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() >= 2);
        assertThat(outcomes).extracting(Outcome::outcomeClass).containsExactly(OutcomeClass.SERVER_ERROR, OutcomeClass.SUCCESS);
    }

    @Test
    void anEmbeddingOfferIsProbedWithOneInputAndItsFailureCounts() {
        var probe = new io.healthgate.health.Prober.ProbeRequest(Duration.ofSeconds(5), 5);
        var offer = new io.healthgate.catalog.Offer("native", "sim/embed", "native-embed");
        Outcome ok = gateway.prober().probe(offer, probe).toCompletableFuture().join();
        assertThat(ok.outcomeClass()).as(ok.errorSummary()).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(ok.inputTokens()).isEqualTo(1);
        fleet.control().setOffer("native", "sim/embed", Behaviour.NORMAL.withFault(Fault.SERVER_ERROR));
        assertThat(gateway.prober().probe(offer, probe).toCompletableFuture().join().outcomeClass()).isEqualTo(OutcomeClass.SERVER_ERROR);
    }

    @Test
    void aChatModelOnTheEmbeddingsDoorAndAnEmbeddingModelOnChatAreClear400s() {
        assertThat(catchThrowable(() -> openai.embeddings().create(EmbeddingCreateParams.builder().model("chat").input("x").build())))
                .isInstanceOf(com.openai.errors.BadRequestException.class).hasMessageContaining("not an embedding model");
        assertThat(catchThrowable(() -> openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("sim/embed").addUserMessage("x").build())))
                .isInstanceOf(com.openai.errors.BadRequestException.class).hasMessageContaining("/v1/embeddings");
    }

    // ---- legacy completions ----

    @Test
    void legacyCompletionsWorkTranslatedToChatAndToAnthropicStreamingIncluded() {
        for (String model : List.of("chat", "sim/claude")) {
            Completion c = openai.completions().create(CompletionCreateParams.builder().model(model).prompt("Once upon a time")
                    .maxTokens(20L).build());
            assertThat(c.choices().get(0).text()).as(model).isNotBlank();
            assertThat(c.model()).isEqualTo(model);
            StringBuilder streamed = new StringBuilder();
            try (var s = openai.completions().createStreaming(CompletionCreateParams.builder().model(model).prompt("Once upon a time")
                    .maxTokens(20L).build())) {
                s.stream().forEach(chunk -> chunk.choices().forEach(ch -> streamed.append(ch.text())));
            }
            assertThat(streamed.toString()).as(model).isNotBlank();
        }
    }

    // ---- models and count_tokens ----

    @Test
    void modelsAreRetrievedByIdsWithSlashesAndListedInAnthropicsShapeForAnthropicClients() {
        var m = openai.models().retrieve("sim/claude");
        assertThat(m.id()).isEqualTo("sim/claude");
        assertThat(m.ownedBy()).isEqualTo("sim");
        assertThat(catchThrowable(() -> openai.models().retrieve("sim/nothing"))).isInstanceOf(com.openai.errors.NotFoundException.class);
        var page = anthropic.models().list();
        assertThat(page.data()).extracting(com.anthropic.models.models.ModelInfo::id).contains("sim/claude", "sim/chat");
        assertThat(anthropic.models().retrieve("sim/claude").id()).isEqualTo("sim/claude");
    }

    @Test
    void countTokensIsAnAnthropicOffersCountWhenThereIsOneElseASaidEstimate() {
        var exact = anthropic.messages().withRawResponse().countTokens(MessageCountTokensParams.builder()
                .model("sim/claude").addUserMessage("How many tokens is this sentence?").build());
        assertThat(exact.parse().inputTokens()).isPositive();
        assertThat(exact.headers().values("x-healthgate-token-count")).containsExactly("upstream");
        assertThat(exact.headers().values("x-healthgate-gateway")).containsExactly("anth");

        var estimate = anthropic.messages().withRawResponse().countTokens(MessageCountTokensParams.builder()
                .model("chat").addUserMessage("How many tokens is this sentence?").build());
        assertThat(estimate.parse().inputTokens()).isBetween(5L, 30L);
        assertThat(estimate.headers().values("x-healthgate-token-count")).containsExactly("estimate");
        assertThat(outcomes).as("a count is not a completion").isEmpty();
    }

    // ---- errors ----

    @Test
    void anOverloadedAnthropicOfferIsTheAnthropicSdksOverloadedException() {
        fleet.control().setOffer("anth", "sim/claude", Behaviour.NORMAL.withFault(Fault.OVERLOADED));
        Throwable t = catchThrowable(() -> anthropic.messages().create(MessageCreateParams.builder()
                .model("sim/claude").maxTokens(20).addUserMessage("hi").build()));
        assertThat(t).isInstanceOf(com.anthropic.errors.OverloadedException.class);
        assertThat(((com.anthropic.errors.AnthropicServiceException) t).statusCode()).isEqualTo(529);
        HttpResponse<String> raw = post("/v1/messages", "{\"model\":\"sim/claude\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(raw.statusCode()).isEqualTo(529);
        assertThat(json(raw).path("error").path("type").asText()).isEqualTo("overloaded_error");
    }

    // ---- CORS ----

    @Test
    void aBrowserPreflightFromAnAllowedOriginIsAnsweredAndAnswersExposeOurHeaders() throws Exception {
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", APP_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, x-stainless-os").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(APP_ORIGIN);
        assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValueSatisfying(v -> assertThat(v).contains("POST"));
        assertThat(preflight.headers().firstValue("access-control-allow-headers")).hasValueSatisfying(v -> assertThat(v).contains("x-stainless-os"));

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("Origin", APP_ORIGIN).header("authorization", "Bearer " + CLIENT_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("access-control-allow-origin")).hasValue(APP_ORIGIN);
        assertThat(answer.headers().firstValue("access-control-expose-headers")).hasValueSatisfying(v -> assertThat(v)
                .contains("x-healthgate-gateway", "x-healthgate-upstream-model", "x-request-id"));
        assertThat(answer.headers().firstValue("x-healthgate-upstream-model")).hasValue("plain-chat");

        HttpResponse<String> stranger = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(stranger.statusCode()).isGreaterThanOrEqualTo(400);
    }

    private HttpResponse<String> post(String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                    .header("x-api-key", CLIENT_KEY).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return M.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return M.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new AssertionError("arguments are not a JSON object: " + json, e);
        }
    }

    private static Map<String, JsonValue> jsonMap(Map<String, Object> m) {
        Map<String, JsonValue> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, JsonValue.from(v)));
        return out;
    }
}
