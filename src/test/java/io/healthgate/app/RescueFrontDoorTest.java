package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.Outcome;
import io.healthgate.proxy.ProxySettings;
import io.healthgate.routing.AdaptiveDeadlines;
import io.healthgate.routing.RoutingMode;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover that rescues the request (issue 12), on the real gateway in front of the simulated
 * fleet, driven over HTTP as a client would. {@code sim/chat} is served by gateways one and two
 * (a 64-token window) and falls back to {@code sim/big} on three; stream rescue is on. The
 * deadlines are set short (1 s floors and stall limit) so the faults play out quickly; the
 * figures at the default settings come from {@code bench/rescue.sh}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RescueFrontDoorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "sim/chat";
    private static final String BIG = "sim/big";
    private static final String QUESTION = "tell me about the weather in Paris";

    private Vertx vertx;
    private SimulatedFleet fleet;
    private Healthgate gateway;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        vertx = Vertx.vertx();
        Scenario scenario = Scenario.builder().seed(11)
                .gateway("one", Protocol.OPENAI, "ONE_KEY", "sk-one")
                .gateway("two", Protocol.OPENAI, "TWO_KEY", "sk-two")
                .gateway("three", Protocol.OPENAI, "THREE_KEY", "sk-three")
                .model(new ModelInfo(CHAT, "sim", false, 64, "standard", List.of()))
                .model(new ModelInfo(BIG, "sim", false, 100_000, "standard", List.of()))
                .offer("one", CHAT, "one-chat")
                .offer("two", CHAT, "two-chat")
                .offer("three", BIG, "three-big")
                .build();
        fleet = SimulatedFleet.start(vertx, scenario, 0);
        Catalog sim = fleet.catalog();
        List<Model> models = new ArrayList<>();
        for (Model m : sim.models()) {
            models.add(m.id().equals(CHAT) ? m.withFallbacks(List.of(BIG), Optional.of(true)) : m);
        }
        Map<String, String> env = new HashMap<>(fleet.demoEnvironment());
        env.put("HG_KEYS", "sim-client");
        ProxySettings proxy = ProxySettings.defaults()
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(1))
                .withAdaptive(new AdaptiveDeadlines(true, Duration.ofSeconds(1), 4.0, 20, Duration.ofSeconds(1)));
        Healthgate.Settings settings = Healthgate.Settings.defaults().withPort(0).withProxy(proxy);
        settings = new Healthgate.Settings(settings.host(), 0, settings.maxBodyBytes(), Duration.ofSeconds(2), "HG_KEYS",
                false, settings.proxy(), settings.upstream(), 1);
        gateway = Healthgate.create(settings, new Catalog(sim.gateways(), models), env, Clock.systemUTC()).start();
        // Each test expects one first, then two: plain ordered failover keeps one test's failures from re-ranking the next.
        gateway.routingSwitch().set(RoutingMode.ORDERED);
        gateway.outcomes().subscribe(outcomes::add);
    }

    @BeforeEach
    void reset() {
        fleet.control().reset();
        outcomes.clear();
    }

    @AfterAll
    void stop() {
        gateway.close();
        fleet.close();
        vertx.close().await();
    }

    private HttpResponse<String> chat(String model, boolean stream, String question) throws Exception {
        String body = JSON.createObjectNode().put("model", model).put("stream", stream).set("messages",
                JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user").put("content", question))).toString();
        HttpRequest req = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer sim-client").header("content-type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** The text of a streamed answer, and whether it ended with [DONE] and no error event. */
    private record Streamed(String text, boolean clean, List<String> data) {
        static Streamed of(String body) throws Exception {
            StringBuilder text = new StringBuilder();
            List<String> data = body.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
            boolean error = false;
            for (String d : data) {
                if (d.startsWith("{")) {
                    JsonNode n = JSON.readTree(d);
                    error |= n.has("error");
                    text.append(n.path("choices").path(0).path("delta").path("content").asText(""));
                }
            }
            return new Streamed(text.toString(), !error && !data.isEmpty() && data.getLast().equals("[DONE]"), data);
        }
    }

    /** The clean answer gateway one gives with no fault: what a rescued stream must add up to. */
    private String cleanAnswer() throws Exception {
        HttpResponse<String> r = chat("one/" + CHAT, true, QUESTION);
        Streamed s = Streamed.of(r.body());
        assertThat(s.clean()).isTrue();
        outcomes.clear();
        return s.text();
    }

    private List<String> outcomeLines(int atLeast) {
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() >= atLeast);
        return outcomes.stream().map(o -> o.offer().gateway() + ":" + o.outcomeClass().wireName()).toList();
    }

    @Test
    void aFastOfferThatHangsIsAbandonedAtItsOwnDeadlineAndTheFallbackAnswers() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(chat(CHAT, false, QUESTION).headers().firstValue("x-healthgate-gateway")).contains("one");
        }
        outcomeLines(20);
        outcomes.clear();
        fleet.control().offerFault("one", CHAT, Fault.HANG);

        HttpResponse<String> r = chat(CHAT, false, QUESTION);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-healthgate-gateway")).contains("two");
        assertThat(outcomeLines(2)).as("one was abandoned at max(1 s floor, 4 x p99), not the 20 s first-byte limit")
                .containsExactly("one:timeout", "two:success");
    }

    @Test
    void aThirtySecondStallIsEndedByTheStallDeadlineAndTheAnswerContinuedElsewhere() throws Exception {
        String clean = cleanAnswer();
        fleet.control().setOffer("one", CHAT, Behaviour.NORMAL.withStall(5, 30));

        Streamed s = Streamed.of(chat(CHAT, true, QUESTION).body());
        assertThat(s.clean()).isTrue();
        assertThat(s.text()).isEqualTo(clean);
        assertThat(outcomeLines(2)).containsExactly("one:timeout", "two:success");
    }

    @Test
    void aMalformedEventIsSkippedAndTheWholeAnswerDelivered() throws Exception {
        String clean = cleanAnswer();
        fleet.control().offerFault("one", CHAT, Fault.MALFORMED_EVENT);

        HttpResponse<String> r = chat(CHAT, true, QUESTION);
        Streamed s = Streamed.of(r.body());
        assertThat(s.clean()).isTrue();
        assertThat(s.text()).isEqualTo(clean);
        assertThat(r.headers().firstValue("x-healthgate-gateway")).contains("one");
        assertThat(outcomeLines(1)).containsExactly("one:success");
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("healthgate_stream_malformed_skipped_total\\{gateway=\"one\"} [1-9]");
    }

    @Test
    void aCutStreamIsContinuedOnTheNextOfferIntoOneWholeAnswer() throws Exception {
        String clean = cleanAnswer();
        fleet.control().setOffer("one", CHAT, Behaviour.NORMAL.withFault(Fault.CUT_AFTER_TOKENS).withFaultAfterTokens(6));

        HttpResponse<String> r = chat(CHAT, true, QUESTION);
        Streamed s = Streamed.of(r.body());
        assertThat(s.clean()).as("one answer, no error event").isTrue();
        assertThat(s.text()).isEqualTo(clean);
        assertThat(s.data().stream().filter(d -> d.contains("\"role\"")).count()).as("one opening").isEqualTo(1);
        assertThat(outcomeLines(2)).as("the simulator cuts by closing the connection")
                .containsExactly("one:connection_error", "two:success");
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("healthgate_stream_rescues_total\\{gateway=\"two\",result=\"continued\"} [1-9]");
    }

    @Test
    void whenTheFallbackRefusesThePrefixTheStreamEndsWithTheOriginalCleanError() throws Exception {
        fleet.control().setOffer("one", CHAT, Behaviour.NORMAL.withFault(Fault.CUT_AFTER_TOKENS).withFaultAfterTokens(6));
        fleet.control().setOffer("two", CHAT, Behaviour.NORMAL.withRefusesPrefix(true));

        HttpResponse<String> r = chat(CHAT, true, QUESTION);
        assertThat(r.statusCode()).isEqualTo(200);
        Streamed s = Streamed.of(r.body());
        assertThat(s.clean()).isFalse();
        assertThat(s.data().getLast()).as("the original failure, not the refusal")
                .contains("\"error\"").contains("the upstream stream from one failed: connection_error")
                .doesNotContain("prefill").doesNotContain("Exception");
        assertThat(s.data()).doesNotContain("[DONE]");
        assertThat(outcomeLines(2)).containsExactly("one:connection_error", "two:bad_request");
    }

    @Test
    void aPromptTooLongForTheModelIsServedByItsFallbackModel() throws Exception {
        String longPrompt = (QUESTION + " ").repeat(20);
        HttpResponse<String> r = chat(CHAT, false, longPrompt);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-healthgate-model")).contains(BIG);
        assertThat(r.headers().firstValue("x-healthgate-gateway")).contains("three");
        assertThat(JSON.readTree(r.body()).path("choices").path(0).path("message").path("content").asText()).isNotBlank();
        assertThat(outcomeLines(2)).as("two has the same window: not asked").containsExactly("one:bad_request", "three:success");
    }

    @Test
    void whenEveryOfferIsRateLimitedTheClientGets429WithTheSoonestRetryAfter() throws Exception {
        fleet.control().setOffer("one", CHAT, Behaviour.NORMAL.withFault(Fault.RATE_LIMITED).withRetryAfter(9));
        fleet.control().setOffer("two", CHAT, Behaviour.NORMAL.withFault(Fault.RATE_LIMITED).withRetryAfter(7));
        fleet.control().setOffer("three", BIG, Behaviour.NORMAL.withFault(Fault.RATE_LIMITED).withRetryAfter(12));

        HttpResponse<String> r = chat(CHAT, false, QUESTION);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).contains("7");
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(outcomeLines(3)).containsExactly("one:rate_limited", "two:rate_limited", "three:rate_limited");
    }
}
