package io.healthgate.app;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.proxy.ProxySettings;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real gateway in front of the simulated fleet, driven by the official SDKs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedFleetFrontDoorTest {
    private Vertx vertx;
    private SimulatedFleet fleet;
    private Healthgate gateway;
    private OpenAIClient openai;
    private AnthropicClient anthropic;
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        vertx = Vertx.vertx();
        Scenario scenario = Scenario.builder().seed(7)
                .gateway("fast", Protocol.OPENAI, "FAST_KEY", "sk-fast")
                .gateway("anth", Protocol.ANTHROPIC, "ANTH_KEY", "sk-anth")
                .offer("fast", "sim/chat", "fast-chat")
                .offer("anth", "sim/chat", "anth-chat")
                .build();
        fleet = SimulatedFleet.start(vertx, scenario, 0);
        Map<String, String> env = new java.util.HashMap<>(fleet.demoEnvironment());
        env.put("HG_KEYS", "sim-client");
        Healthgate.Settings settings = Healthgate.Settings.defaults().withPort(0).withInstances(2)
                .withProxy(ProxySettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        settings = new Healthgate.Settings(settings.host(), 0, settings.maxBodyBytes(), Duration.ofSeconds(2), "HG_KEYS",
                false, settings.proxy(), settings.upstream(), 2);
        gateway = Healthgate.create(settings, fleet.catalog(), env, Clock.systemUTC()).start();
        // One gateway serves every test here and each expects the catalog's first offer first:
        // plain ordered failover keeps one test's failures from re-ranking the next test's offers.
        gateway.routingSwitch().set(io.healthgate.routing.RoutingMode.ORDERED);
        gateway.outcomes().subscribe(outcomes::add);
        openai = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey("sim-client").maxRetries(0).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey("sim-client").maxRetries(0).build();
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

    @Test
    void bothSdksGetAnswersFromTheFleet() {
        var c = openai.chat().completions().create(ChatCompletionCreateParams.builder().model("sim/chat").addUserMessage("hi").build());
        assertThat(c.choices().get(0).message().content()).isPresent();
        var m = anthropic.messages().create(MessageCreateParams.builder().model("sim/chat").maxTokens(20).addUserMessage("hi").build());
        assertThat(m.content()).isNotEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() >= 2);
        assertThat(outcomes).extracting(Outcome::outcomeClass).containsOnly(OutcomeClass.SUCCESS);
    }

    @Test
    void anUnavailableFirstOfferFailsOverToTheAnthropicGatewayTranslated() {
        fleet.control().setOffer("fast", "sim/chat", Behaviour.NORMAL.withFault(Fault.UNAVAILABLE));
        var raw = openai.chat().completions().withRawResponse()
                .create(ChatCompletionCreateParams.builder().model("sim/chat").addUserMessage("hi").build());
        assertThat(raw.headers().values("x-healthgate-gateway")).containsExactly("anth");
        assertThat(raw.headers().values("x-healthgate-attempts")).containsExactly("2");
        assertThat(raw.parse().choices().get(0).message().content()).isPresent();
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() >= 2);
        assertThat(outcomes).extracting(o -> o.offer().gateway() + ":" + o.outcomeClass().wireName())
                .containsExactly("fast:server_error", "anth:success");
    }

    @Test
    void aPacedStreamFromTheFleetReachesTheSdkAsSeparateChunksWithItsFinish() throws Exception {
        // Chunk-by-chunk relaying itself is shown without a clock in StreamingRelayTest (lock-step upstream).
        fleet.control().setOffer("fast", "sim/chat", Behaviour.NORMAL.withLatency(50, 20));
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("fast/sim/chat").addUserMessage("hi").build())) {
            s.stream().forEach(chunks::add);
        }
        assertThat(chunks.size()).isGreaterThanOrEqualTo(3);
        String text = chunks.stream().flatMap(c -> c.choices().stream()).flatMap(c -> c.delta().content().stream())
                .reduce("", String::concat);
        assertThat(text).isNotBlank();
        assertThat(chunks.stream().flatMap(c -> c.choices().stream()).filter(c -> c.finishReason().isPresent())).hasSize(1);
    }

    @Test
    void aCutStreamEndsWithAnErrorEventAndCountsAgainstTheOffer() throws Exception {
        fleet.control().setOffer("fast", "sim/chat", Behaviour.NORMAL.withFault(Fault.CUT_STREAM).withCutAfter(2));
        HttpRequest req = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer sim-client").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fast/sim/chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofLines());
        List<String> data;
        try (Stream<String> s = r.body()) {
            data = s.filter(l -> l.startsWith("data:")).toList();
        }
        assertThat(data).doesNotContain("data: [DONE]");
        assertThat(data.get(data.size() - 1)).contains("\"error\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> !outcomes.isEmpty());
        assertThat(outcomes.get(0).outcomeClass().countsAgainstOffer()).isTrue();
    }

    @Test
    void aHangingOfferTimesOutAndTheNextOneAnswers() {
        fleet.control().setOffer("fast", "sim/chat", Behaviour.NORMAL.withFault(Fault.HANG));
        var m = anthropic.messages().withRawResponse()
                .create(MessageCreateParams.builder().model("sim/chat").maxTokens(20).addUserMessage("hi").build());
        assertThat(m.headers().values("x-healthgate-gateway")).containsExactly("anth");
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() >= 2);
        assertThat(outcomes.get(0).outcomeClass()).isEqualTo(OutcomeClass.TIMEOUT);
    }
}
