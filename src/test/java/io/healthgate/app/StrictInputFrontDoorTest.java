package io.healthgate.app;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.Outcome;
import io.healthgate.proxy.ProxySettings;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Strict input at the door (issue 15 item 5): the real gateway in front of the simulated fleet,
 * one OpenAI-protocol gateway ({@code fast}) and one Anthropic-protocol gateway ({@code anth}),
 * each pinned in turn so that every invalid field is sent both where the body is passed through
 * and where it would be translated. Each is a 400 in the door's own shape naming the field and
 * the value, and no upstream is called.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictInputFrontDoorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "strict-client";
    private Vertx vertx;
    private SimulatedFleet fleet;
    private Healthgate gateway;
    private OpenAIClient openai;
    private AnthropicClient anthropic;
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start() {
        vertx = Vertx.vertx();
        Scenario scenario = Scenario.builder().seed(11)
                .gateway("fast", Protocol.OPENAI, "FAST_KEY", "sk-fast")
                .gateway("anth", Protocol.ANTHROPIC, "ANTH_KEY", "sk-anth")
                .offer("fast", "sim/chat", "fast-chat")
                .offer("anth", "sim/chat", "anth-chat")
                .build();
        fleet = SimulatedFleet.start(vertx, scenario, 0);
        Map<String, String> env = new java.util.HashMap<>(fleet.demoEnvironment());
        env.put("HG_KEYS", KEY);
        Healthgate.Settings settings = Healthgate.Settings.defaults().withPort(0).withInstances(2)
                .withProxy(ProxySettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        settings = new Healthgate.Settings(settings.host(), 0, settings.maxBodyBytes(), Duration.ofSeconds(2), "HG_KEYS",
                false, settings.proxy(), settings.upstream(), 2);
        gateway = Healthgate.create(settings, fleet.catalog(), env, Clock.systemUTC()).start();
        gateway.outcomes().subscribe(outcomes::add);
        openai = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(KEY).maxRetries(0).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(KEY).maxRetries(0).build();
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

    private HttpResponse<String> post(String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                    .header("authorization", "Bearer " + KEY).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }

    private static String body(String model, String messages, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":" + messages + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static final String HI = "[{\"role\":\"user\",\"content\":\"hi\"}]";

    /** Every row goes through both doors, to both gateways (pinned): pass-through and translation alike. */
    @ParameterizedTest(name = "{0} | {1}")
    @CsvSource(delimiter = '|', value = {
            "\"max_tokens\":1e12|" + HI + "|max_tokens|1e12",
            "\"max_tokens\":4294967301|" + HI + "|max_tokens|4294967301",
            "\"max_tokens\":\"a\"|" + HI + "|max_tokens|\"a\"",
            "\"max_tokens\":-1|" + HI + "|max_tokens|-1",
            "\"top_k\":-2|" + HI + "|top_k|-2",
            "\"top_p\":7|" + HI + "|top_p|7",
            "\"temperature\":\"warm\"|" + HI + "|temperature|\"warm\"",
            "\"max_tokens\":20|[]|messages|must not be empty",
            "\"max_tokens\":20|[{\"role\":\"wizard\",\"content\":\"hi\"}]|messages[0].role|\"wizard\"",
            "\"max_tokens\":20|[{\"role\":\"user\",\"content\":42}]|messages[0].content|42",
            "\"max_tokens\":20|[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":9}]}]|messages[0].content[0].text|must be a string",
    })
    void anInvalidFieldIsA400InTheDoorsShapeOnEveryPath(String extra, String messages, String param, String shown) throws Exception {
        for (String model : List.of("fast/sim/chat", "anth/sim/chat")) {
            HttpResponse<String> o = post("/v1/chat/completions", body(model, messages, extra));
            assertThat(o.statusCode()).as("openai door, %s: %s", model, o.body()).isEqualTo(400);
            JsonNode oe = JSON.readTree(o.body()).path("error");
            assertThat(oe.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(oe.path("param").asText()).isEqualTo(param);
            assertThat(oe.path("message").asText()).contains("'" + param + "'").contains(shown);

            HttpResponse<String> a = post("/v1/messages", body(model, messages, extra));
            assertThat(a.statusCode()).as("anthropic door, %s: %s", model, a.body()).isEqualTo(400);
            JsonNode ab = JSON.readTree(a.body());
            assertThat(ab.path("type").asText()).isEqualTo("error");
            assertThat(ab.path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(ab.path("error").path("message").asText()).contains("'" + param + "'").contains(shown);
        }
        assertThat(outcomes).as("no upstream call for a refused body").isEmpty();
    }

    @Test
    void doorSpecificRangesAndRoles() throws Exception {
        // OpenAI allows temperature up to 2 and a system role; Anthropic allows 1 and no system turn.
        HttpResponse<String> fine = post("/v1/chat/completions", body("fast/sim/chat",
                "[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}]", "\"temperature\":1.5,\"max_tokens\":20"));
        assertThat(fine.statusCode()).as(fine.body()).isEqualTo(200);
        // Sent on to the Anthropic protocol, 1.5 cannot be said: refused for that offer, never clamped to 1.
        HttpResponse<String> pinned = post("/v1/chat/completions", body("anth/sim/chat", HI, "\"temperature\":1.5,\"max_tokens\":20"));
        assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(400);
        assertThat(JSON.readTree(pinned.body()).path("error").path("message").asText()).contains("'temperature'").contains("got 1.5");
        // Unpinned, the model's OpenAI-protocol offer serves it as asked.
        HttpResponse<String> either = post("/v1/chat/completions", body("sim/chat", HI, "\"temperature\":1.5,\"max_tokens\":20"));
        assertThat(either.statusCode()).as(either.body()).isEqualTo(200);
        assertThat(either.headers().firstValue("x-healthgate-gateway")).hasValue("fast");
        HttpResponse<String> a = post("/v1/messages", body("fast/sim/chat", HI, "\"temperature\":1.5,\"max_tokens\":20"));
        assertThat(a.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(a.body()).path("error").path("message").asText()).contains("'temperature'").contains("between 0 and 1");
        HttpResponse<String> sys = post("/v1/messages", body("fast/sim/chat", "[{\"role\":\"system\",\"content\":\"x\"}]", "\"max_tokens\":20"));
        assertThat(sys.statusCode()).isEqualTo(400);
        assertThat(sys.body()).contains("messages[0].role");
    }

    @Test
    void theOfficialSdksSeeABadRequestNamingTheField() {
        assertThatThrownBy(() -> openai.chat().completions().create(ChatCompletionCreateParams.builder().model("anth/sim/chat")
                .maxCompletionTokens(1_000_000_000_000L).addUserMessage("hi").build()))
                .isInstanceOf(com.openai.errors.BadRequestException.class)
                .hasMessageContaining("max_completion_tokens").hasMessageContaining("1000000000000");
        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("fast/sim/chat")
                .maxTokens(4_294_967_301L).addUserMessage("hi").build()))
                .isInstanceOf(com.anthropic.errors.BadRequestException.class)
                .hasMessageContaining("max_tokens").hasMessageContaining("4294967301");
        // Valid requests still pass on both paths, both doors.
        assertThat(openai.chat().completions().create(ChatCompletionCreateParams.builder().model("anth/sim/chat")
                .maxCompletionTokens(20L).addUserMessage("hi").build()).choices()).isNotEmpty();
        assertThat(anthropic.messages().create(MessageCreateParams.builder().model("fast/sim/chat")
                .maxTokens(20L).addUserMessage("hi").build()).content()).isNotEmpty();
    }
}
