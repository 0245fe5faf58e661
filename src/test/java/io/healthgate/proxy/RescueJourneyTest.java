package io.healthgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.routing.Candidate;
import io.healthgate.routing.FailoverPolicy;
import io.healthgate.routing.RoutePlan;
import io.healthgate.routing.RoutingMode;
import io.healthgate.support.FakeClock;
import io.healthgate.support.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules that rescue a request (issue 12), each as a timeline on fake time: adaptive
 * first-token and stall deadlines, tolerant stream parsing, stream rescue, model fallbacks and
 * the 429 rule. Model {@code m} has offers on a and b and falls back to {@code big}, served by c.
 */
class RescueJourneyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = """
            {"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},\
            "finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";
    private static final String FINISH = """
            {"id":"%s","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""";

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler timers = new ManualScheduler(clock);
    private final ScriptedUpstream upstream = new ScriptedUpstream(clock);
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private RecordingReply reply = new RecordingReply();
    private ProxySettings settings = ProxySettings.defaults();
    private Optional<Boolean> modelRescue = Optional.empty();
    private ChatProxy proxy;
    /** Outcomes of the warm-up, left out of {@link #outcomeLines()}. */
    private int warmUpOutcomes;

    private static Gateway gateway(String name) {
        return Gateway.of(name, "http://" + name, Protocol.OPENAI, name.toUpperCase() + "_KEY");
    }

    private Catalog catalog() {
        return new Catalog(List.of(gateway("a"), gateway("b"), gateway("c")), List.of(
                new Model("m", "p", Optional.empty(), false, 0, List.of(),
                        List.of(new Offer("a", "m", "ua"), new Offer("b", "m", "ub")), List.of("big"), modelRescue),
                new Model("big", "p", Optional.empty(), false, 0, List.of(), List.of(new Offer("c", "big", "uc")))));
    }

    private AttemptPlan plan(Catalog catalog, Catalog.Resolution resolution) {
        List<Candidate> candidates = resolution.offers().stream()
                .map(o -> new Candidate(o, catalog.gateway(o.gateway()).orElseThrow(), OfferStatus.HEALTHY, false, "test order"))
                .toList();
        RoutePlan route = new RoutePlan(resolution.model().id(), RoutingMode.HEALTH_AWARE, candidates, false, "test plan", List.of());
        return new AttemptPlan(route, new FailoverPolicy(settings.routing(true)), offer -> true, Optional.empty(), Optional.empty());
    }

    private ChatProxy proxy() {
        if (proxy == null) {
            Catalog catalog = catalog();
            ProxyEvents recorder = new ProxyEvents() {
                @Override
                public void onFailover(OfferId from, OfferId to, OutcomeClass outcome) {
                    events.add("failover " + from.gateway() + "->" + to.gateway() + " on " + outcome.wireName());
                }

                @Override
                public void onMalformedEventSkipped(OfferId offer) {
                    events.add("skipped malformed event from " + offer.gateway());
                }

                @Override
                public void onModelFallback(String model, String fallback, OutcomeClass outcome) {
                    events.add("model fallback " + model + "->" + fallback + " on " + outcome.wireName());
                }

                @Override
                public void onStreamRescue(OfferId from, OfferId to, String result) {
                    events.add("rescue " + result + " " + from.gateway() + "->" + (to == null ? "none" : to.gateway()));
                }
            };
            proxy = new ChatProxy(ChatProxy.fixed(catalog), Map.of("A_KEY", "sk-a", "B_KEY", "sk-b", "C_KEY", "sk-c"),
                    upstream, timers, (resolution, prefs) -> plan(catalog, resolution), outcomes::add, settings, clock, JSON, recorder);
        }
        return proxy;
    }

    private void send(boolean stream) {
        send(stream, body -> { });
    }

    private void send(boolean stream, Consumer<ObjectNode> shape) {
        reply = new RecordingReply();
        ObjectNode body = JSON.createObjectNode().put("model", "m").put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", "hello");
        shape.accept(body);
        Catalog catalog = proxy().catalog();
        proxy().handle(new ProxyRequest(FrontDoor.OPENAI, "req", catalog.resolve("m").orElseThrow(), body, stream, Map.of(), 0L),
                catalog, reply);
    }

    private static String delta(String id, String text) {
        ObjectNode chunk = JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("model", "m");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta").put("content", text);
        choice.putNull("finish_reason");
        return chunk.toString();
    }

    private static String roleChunk(String id) {
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}";
    }

    /** The text of every content delta the client received, joined. */
    private String streamedText() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String frame : reply.body.toString().split("\n\n")) {
            String data = frame.startsWith("data: ") ? frame.substring(6) : "";
            if (data.startsWith("{")) {
                text.append(JSON.readTree(data).path("choices").path(0).path("delta").path("content").asText(""));
            }
        }
        return text.toString();
    }

    private List<String> frames() {
        return List.of(reply.body.toString().split("\n\n"));
    }

    private List<String> outcomeLines() {
        return outcomes.stream().skip(warmUpOutcomes).map(o -> o.offer().gateway() + ":" + o.outcomeClass().wireName()).toList();
    }

    private JsonNode errorBody() throws IOException {
        return JSON.readTree(reply.body.toString());
    }

    /** Twenty quick whole answers from a: enough samples for its own speed to count. */
    private void warmUpA(Duration ttfb) {
        for (int i = 0; i < 20; i++) {
            send(false);
            timers.advance(ttfb);
            upstream.calls().getLast().answer(200, ANSWER);
            assertThat(reply.status).isEqualTo(200);
        }
        warmUpOutcomes = outcomes.size();
    }

    @AfterEach
    void everyUpstreamCallPublishedExactlyOneOutcome() {
        assertThat(outcomes).as("one outcome per call").hasSameSizeAs(upstream.calls());
    }

    // --- 1. adaptive first-token deadline ---

    @Test
    void aFastOfferThatHangsIsAbandonedAtTheFloorNotTheTierDeadline() {
        warmUpA(Duration.ofMillis(200));
        send(false);
        int hung = upstream.calls().size() - 1;

        timers.advance(Duration.ofMillis(4999));
        assertThat(upstream.calls()).as("max(5 s floor, 4 x 200 ms p99): still waiting").hasSize(hung + 1);
        timers.advance(Duration.ofMillis(1));
        assertThat(upstream.call(hung).cancelledBecause).isEqualTo("no first token within 5000 ms");
        assertThat(outcomeLines()).containsExactly("a:timeout");
        upstream.calls().getLast().answer(200, ANSWER);
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.headers).containsEntry("x-healthgate-gateway", "b");
    }

    @Test
    void aSlowOfferGetsFourTimesItsP99WithinTheTierDeadline() {
        warmUpA(Duration.ofSeconds(3));
        send(false);
        int hung = upstream.calls().size() - 1;
        timers.advance(Duration.ofMillis(11_999));
        assertThat(upstream.call(hung).cancelled()).as("4 x 3 s = 12 s").isFalse();
        timers.advance(Duration.ofMillis(1));
        assertThat(upstream.call(hung).cancelledBecause).isEqualTo("no first token within 12000 ms");
        upstream.calls().getLast().answer(200, ANSWER);
    }

    @Test
    void withFewerThanTwentySamplesTheConfiguredDeadlineHolds() {
        for (int i = 0; i < 19; i++) {
            send(false);
            timers.advance(Duration.ofMillis(200));
            upstream.calls().getLast().answer(200, ANSWER);
        }
        send(false);
        int hung = upstream.calls().size() - 1;
        timers.advance(Duration.ofSeconds(59));
        assertThat(upstream.call(hung).cancelled()).as("no history: the 60 s first-byte limit").isFalse();
        timers.advance(Duration.ofSeconds(1));
        assertThat(upstream.call(hung).cancelledBecause).isEqualTo("no first token within 60000 ms");
        upstream.calls().getLast().answer(200, ANSWER);
    }

    // --- 2. stall deadline ---

    @Test
    void aStreamThatStallsAfterItsFirstByteEndsWithAnErrorEventAtTheConfiguredStallDeadline() throws IOException {
        settings = settings.withStreamIdle(Duration.ofSeconds(3));
        send(true);
        ScriptedUpstream.Call a = upstream.call(0);
        a.streamHead();
        a.event(roleChunk("x"));
        a.event(delta("x", "Hello"));
        timers.advance(Duration.ofMillis(2999));
        assertThat(reply.ended()).isFalse();
        timers.advance(Duration.ofMillis(1));
        assertThat(a.cancelledBecause).isEqualTo("stream stalled for 3000 ms");
        assertThat(reply.ended()).isTrue();
        assertThat(frames().getLast()).contains("\"error\"").doesNotContain("[DONE]");
        assertThat(outcomeLines()).containsExactly("a:timeout");
        assertThat(streamedText()).isEqualTo("Hello");
    }

    @Test
    void chunksKeepTheStallDeadlineAway() {
        settings = settings.withStreamIdle(Duration.ofSeconds(3));
        send(true);
        ScriptedUpstream.Call a = upstream.call(0);
        a.streamHead();
        a.event(roleChunk("x"));
        for (int i = 0; i < 5; i++) {
            timers.advance(Duration.ofSeconds(2));
            a.event(delta("x", "w" + i));
        }
        a.event(FINISH.formatted("x"));
        a.event("[DONE]");
        assertThat(a.cancelled()).isFalse();
        assertThat(outcomeLines()).containsExactly("a:success");
    }

    @Test
    void theStallDeadlineAdaptsToTheOffersGapsWithATenSecondFloor() {
        settings = settings.withStreamIdle(Duration.ofSeconds(60));
        send(true);
        ScriptedUpstream.Call a = upstream.call(0);
        a.streamHead();
        for (int i = 0; i < 25; i++) {
            timers.advance(Duration.ofMillis(100));
            a.event(delta("x", "w"));
        }
        a.event(FINISH.formatted("x"));
        a.event("[DONE]");

        send(true);
        ScriptedUpstream.Call again = upstream.calls().getLast();
        again.streamHead();
        again.event(delta("y", "Hi"));
        timers.advance(Duration.ofMillis(9999));
        assertThat(again.cancelled()).as("max(10 s floor, 4 x 100 ms)").isFalse();
        timers.advance(Duration.ofMillis(1));
        assertThat(again.cancelledBecause).isEqualTo("stream stalled for 10000 ms");
    }

    @Test
    void aStallBeforeAnythingReachedTheClientFailsOver() {
        settings = settings.withStreamIdle(Duration.ofSeconds(3));
        send(true);
        ScriptedUpstream.Call a = upstream.call(0);
        a.streamHead();
        a.event(""); // a keep-alive: nothing for the client
        timers.advance(Duration.ofSeconds(3));
        assertThat(a.cancelledBecause).isEqualTo("stream stalled for 3000 ms");
        assertThat(upstream.hosts()).containsExactly("a", "b");
        assertThat(events).containsExactly("failover a->b on timeout");
        ScriptedUpstream.Call b = upstream.call(1);
        b.streamHead();
        b.event(delta("y", "Hi"));
        b.event(FINISH.formatted("y"));
        b.event("[DONE]");
        assertThat(reply.headers).containsEntry("x-healthgate-gateway", "b");
    }

    // --- 3. tolerant stream parsing ---

    @Test
    void oneMalformedEventIsSkippedCountedAndTheWholeAnswerDelivered() throws IOException {
        send(true);
        ScriptedUpstream.Call a = upstream.call(0);
        a.streamHead();
        a.event(roleChunk("x"));
        a.event(delta("x", "Hello"));
        a.event("{\"id\":\"x\",\"choices\":[{\"delta\":{\"content\":\"wor");
        a.event(delta("x", " world"));
        a.event(FINISH.formatted("x"));
        a.event("[DONE]");
        assertThat(streamedText()).isEqualTo("Hello world");
        assertThat(frames().getLast()).isEqualTo("data: [DONE]");
        assertThat(reply.body.toString()).doesNotContain("\"wor\n");
        assertThat(outcomeLines()).containsExactly("a:success");
        assertThat(events).containsExactly("skipped malformed event from a");
    }

    @Test
    void aStreamThatIsMostlyGarbageStillFails() {
        send(true);
        ScriptedUpstream.Call a = upstream.call(0);
        a.streamHead();
        a.event(delta("x", "Hello"));
        a.event("{garbage");
        a.event("{more garbage");
        assertThat(reply.ended()).isTrue();
        assertThat(frames().getLast()).contains("malformed stream event");
        assertThat(outcomeLines()).containsExactly("a:bad_response");
        assertThat(events).containsExactly("skipped malformed event from a");
    }

    @Test
    void aMalformedFirstEventIsNotToleratedAndFailsOverAsBefore() {
        send(true);
        upstream.call(0).streamHead();
        upstream.call(0).event("{garbage");
        assertThat(upstream.hosts()).containsExactly("a", "b");
        upstream.call(1).streamHead();
        upstream.call(1).event(delta("y", "Hi"));
        upstream.call(1).event(FINISH.formatted("y"));
        upstream.call(1).event("[DONE]");
        assertThat(outcomeLines()).containsExactly("a:bad_response", "b:success");
    }

    // --- 4. stream rescue ---

    private void cutAfterHelloWor() {
        ScriptedUpstream.Call a = upstream.call(0);
        a.streamHead();
        a.event(roleChunk("x"));
        a.event(delta("x", "Hello"));
        a.event(delta("x", " wor"));
        a.endStream(); // cut: no finish, no [DONE]
    }

    @Test
    void aCutStreamIsContinuedOnTheNextOfferIntoOneWholeAnswer() throws IOException {
        settings = settings.withStreamRescue(true);
        send(true);
        cutAfterHelloWor();

        assertThat(upstream.hosts()).containsExactly("a", "b");
        JsonNode asked = JSON.readTree(upstream.call(1).sentBody());
        JsonNode last = asked.path("messages").get(asked.path("messages").size() - 1);
        assertThat(last.path("role").asText()).isEqualTo("assistant");
        assertThat(last.path("content").asText()).isEqualTo("Hello wor");
        assertThat(reply.ended()).as("the client's stream stays open for the continuation").isFalse();

        ScriptedUpstream.Call b = upstream.call(1);
        b.streamHead();
        b.event(roleChunk("y"));
        b.event(delta("y", "ld"));
        b.event(FINISH.formatted("y"));
        b.event("[DONE]");

        assertThat(streamedText()).isEqualTo("Hello world");
        assertThat(reply.body.toString()).doesNotContain("\"error\"");
        assertThat(frames().stream().filter(f -> f.contains("\"role\"")).count()).as("one opening, not two").isEqualTo(1);
        assertThat(frames().stream().filter(f -> f.contains("\"id\":\"y\"")).count()).as("the continuation reads as the same answer")
                .isZero();
        assertThat(frames().getLast()).isEqualTo("data: [DONE]");
        assertThat(outcomeLines()).containsExactly("a:bad_response", "b:success");
        assertThat(events).containsExactly("rescue attempted a->b", "rescue continued b->b");
        assertThat(reply.headers).containsEntry("x-healthgate-gateway", "a");
    }

    @Test
    void whenTheFallbackRefusesThePrefixTheClientGetsTheOriginalError() {
        settings = settings.withStreamRescue(true);
        modelRescue = Optional.empty();
        send(true);
        cutAfterHelloWor();
        upstream.call(1).answer(400, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":"
                + "\"This model does not support assistant message prefill. The conversation must end with a user message.\"}}");

        assertThat(upstream.hosts()).as("m's two offers; a fallback model does not continue a stream").containsExactly("a", "b");
        assertThat(reply.ended()).isTrue();
        assertThat(frames().getLast()).contains("ended before the response was complete").doesNotContain("prefill");
        assertThat(outcomeLines()).containsExactly("a:bad_response", "b:bad_request");
        assertThat(events).containsExactly("rescue attempted a->b", "rescue failed b->none");
    }

    @Test
    void aContinuationThatAlsoFailsBeforeItsFirstByteEndsWithTheOriginalError() {
        settings = settings.withStreamRescue(true).withStreamIdle(Duration.ofSeconds(3));
        send(true);
        cutAfterHelloWor();
        upstream.call(1).streamHead();
        timers.advance(Duration.ofSeconds(60));
        assertThat(upstream.call(1).cancelled()).isTrue();
        assertThat(reply.ended()).isTrue();
        assertThat(frames().getLast()).contains("ended before the response was complete");
        assertThat(outcomeLines()).containsExactly("a:bad_response", "b:timeout");
    }

    @Test
    void aRequestWithToolsIsNeverContinued() {
        settings = settings.withStreamRescue(true);
        send(true, body -> body.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "f"));
        cutAfterHelloWor();
        assertThat(upstream.calls()).hasSize(1);
        assertThat(reply.ended()).isTrue();
        assertThat(frames().getLast()).contains("ended before the response was complete");
        assertThat(events).containsExactly("rescue not_continuable a->none");
    }

    @Test
    void structuredOutputIsNeverContinued() {
        settings = settings.withStreamRescue(true);
        send(true, body -> body.putObject("response_format").put("type", "json_object"));
        cutAfterHelloWor();
        assertThat(upstream.calls()).hasSize(1);
        assertThat(events).containsExactly("rescue not_continuable a->none");
    }

    @Test
    void aModelsOwnSettingWinsOverTheRoutingDefault() {
        settings = settings.withStreamRescue(true);
        modelRescue = Optional.of(false);
        send(true);
        cutAfterHelloWor();
        assertThat(upstream.calls()).as("rescue is off for m").hasSize(1);
        assertThat(frames().getLast()).contains("ended before the response was complete");
    }

    @Test
    void withRescueOffACutStreamEndsWithAnErrorEventAsBefore() {
        send(true);
        cutAfterHelloWor();
        assertThat(upstream.calls()).hasSize(1);
        assertThat(reply.ended()).isTrue();
        assertThat(events).isEmpty();
    }

    // --- 5. model fallbacks ---

    @Test
    void whenEveryOfferOfTheModelFailsItsFallbackModelServesAndSaysSo() {
        send(false);
        upstream.call(0).answer(500, "{\"error\":{\"message\":\"boom\"}}");
        upstream.call(1).answer(503, "{\"error\":{\"message\":\"busy\"}}");
        assertThat(upstream.hosts()).containsExactly("a", "b", "c");
        assertThat(events).containsExactly("failover a->b on server_error", "model fallback m->big on server_error");
        upstream.call(2).answer(200, ANSWER);
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.headers).containsEntry("x-healthgate-model", "big").containsEntry("x-healthgate-gateway", "c")
                .containsEntry("x-healthgate-attempts", "3");
    }

    @Test
    void aPromptTooLongForTheModelGoesToTheFallbackModelAtOnce() {
        send(false);
        upstream.call(0).answer(400, "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens. However, your "
                + "messages resulted in 9000 tokens.\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}");
        assertThat(upstream.hosts()).as("b has the same window: not asked").containsExactly("a", "c");
        assertThat(events).containsExactly("model fallback m->big on bad_request");
        upstream.call(1).answer(200, ANSWER);
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.headers).containsEntry("x-healthgate-model", "big");
    }

    @Test
    void anAnswerFromTheRequestedModelSaysNoOtherModel() {
        send(false);
        upstream.call(0).answer(200, ANSWER);
        assertThat(reply.headers).doesNotContainKey("x-healthgate-model");
    }

    @Test
    void otherBadRequestsStillStopAtOnce() {
        send(false);
        upstream.call(0).answer(400, "{\"error\":{\"message\":\"messages is required\"}}");
        assertThat(upstream.calls()).hasSize(1);
        assertThat(reply.status).isEqualTo(400);
    }

    // --- 6. all offers rate limited ---

    private static Map<String, String> retryAfter(String seconds) {
        return Map.of("retry-after", seconds);
    }

    private static final String SLOW_DOWN = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}";

    @Test
    void whenEveryOfferIsRateLimitedTheClientGets429WithTheSoonestRetryAfter() throws IOException {
        send(false);
        upstream.call(0).answer(429, retryAfter("7"), SLOW_DOWN);
        upstream.call(1).answer(429, retryAfter("30"), SLOW_DOWN);
        upstream.call(2).answer(429, retryAfter("4"), SLOW_DOWN);
        assertThat(upstream.hosts()).as("m's offers, then its fallback model's").containsExactly("a", "b", "c");
        assertThat(reply.status).isEqualTo(429);
        assertThat(reply.headers).containsEntry("retry-after", "4");
        assertThat(errorBody().path("error").path("type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void aRateLimitWithoutARetryAfterGetsNoMadeUpOne() {
        send(false);
        upstream.call(0).answer(429, SLOW_DOWN);
        upstream.call(1).answer(429, SLOW_DOWN);
        upstream.call(2).answer(429, SLOW_DOWN);
        assertThat(reply.status).isEqualTo(429);
        assertThat(reply.headers).doesNotContainKey("retry-after");
    }

    @Test
    void mixedFailuresKeepTheirGatewayStatus() {
        send(false);
        upstream.call(0).answer(429, retryAfter("5"), SLOW_DOWN);
        upstream.call(1).answer(500, "{\"error\":{\"message\":\"boom\"}}");
        upstream.call(2).answer(500, "{\"error\":{\"message\":\"boom\"}}");
        assertThat(reply.status).isEqualTo(502);
    }

    @Test
    void aShortRetryAfterOnTheLastOfferIsWaitedForOnce() {
        send(false);
        upstream.call(0).answer(429, retryAfter("10"), SLOW_DOWN);
        upstream.call(1).answer(429, retryAfter("2"), SLOW_DOWN);
        assertThat(upstream.hosts()).containsExactly("a", "b");
        assertThat(reply.ended()).as("b is m's last offer and asked for 2 s: waited for").isFalse();

        timers.advance(Duration.ofMillis(1999));
        assertThat(upstream.calls()).hasSize(2);
        timers.advance(Duration.ofMillis(1));
        assertThat(upstream.hosts()).containsExactly("a", "b", "b");
        upstream.call(2).answer(200, ANSWER);
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.headers).doesNotContainKey("x-healthgate-model");
    }

    @Test
    void aShortRetryAfterIsWaitedForOnlyOnce() {
        send(false);
        upstream.call(0).answer(429, retryAfter("1"), SLOW_DOWN);
        upstream.call(1).answer(429, retryAfter("1"), SLOW_DOWN);
        timers.advance(Duration.ofSeconds(1));
        upstream.call(2).answer(429, retryAfter("1"), SLOW_DOWN);
        assertThat(upstream.hosts()).as("then the fallback model").containsExactly("a", "b", "b", "c");
        upstream.call(3).answer(429, retryAfter("1"), SLOW_DOWN);
        timers.advance(Duration.ofSeconds(5));
        assertThat(upstream.calls()).hasSize(4);
        assertThat(reply.status).isEqualTo(429);
        assertThat(reply.headers).containsEntry("retry-after", "1");
    }
}
