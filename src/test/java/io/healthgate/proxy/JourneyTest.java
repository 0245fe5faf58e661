package io.healthgate.proxy;

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
import io.healthgate.providers.http.UpstreamConnectionException;
import io.healthgate.providers.http.UpstreamTimeoutException;
import io.healthgate.routing.Candidate;
import io.healthgate.routing.FailoverPolicy;
import io.healthgate.routing.RoutePlan;
import io.healthgate.routing.RoutingMode;
import io.healthgate.routing.RoutingSettings;
import io.healthgate.support.FakeClock;
import io.healthgate.support.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's journey as a timeline on fake time: a {@link FakeClock}, a {@link ManualScheduler}
 * as its timers, scripted upstream calls and a recording client. Nothing here waits on a wall
 * clock; every deadline and hedge fires because the test moved time.
 */
class JourneyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = """
            {"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},\
            "finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";
    private static final String DELTA = """
            {"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}""";
    private static final String FINISH = """
            {"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler timers = new ManualScheduler(clock);
    private final ScriptedUpstream upstream = new ScriptedUpstream(clock);
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final RecordingReply reply = new RecordingReply();
    private final Catalog catalog = new Catalog(
            List.of(gateway("a"), gateway("b"), gateway("c")),
            List.of(new Model("m", "p", Optional.empty(), false, 0, List.of(),
                    List.of(new Offer("a", "m", "ua"), new Offer("b", "m", "ub"), new Offer("c", "m", "uc")))));

    private ProxySettings settings = ProxySettings.defaults();
    private Optional<Duration> firstTokenDeadline = Optional.empty();
    private Optional<Duration> hedgeDelay = Optional.empty();
    /** Offers whose permitted call was given back unused (cancelled before it was sent). */
    private final List<OfferId> unusedPermits = new ArrayList<>();

    private static Gateway gateway(String name) {
        return Gateway.of(name, "http://" + name, Protocol.OPENAI, name.toUpperCase() + "_KEY");
    }

    /** A plan over a, b, c in that order, with the one failover policy over this test's settings. */
    private AttemptPlan plan(Catalog.Resolution resolution) {
        List<Candidate> candidates = resolution.offers().stream()
                .map(o -> new Candidate(o, catalog.gateway(o.gateway()).orElseThrow(), OfferStatus.HEALTHY, false, "test order"))
                .toList();
        RoutePlan route = new RoutePlan("m", RoutingMode.HEALTH_AWARE, candidates, false, "test plan", List.of());
        FailoverPolicy policy = new FailoverPolicy(settings.routing(true));
        return new AttemptPlan(route, policy, offer -> true, unusedPermits::add, firstTokenDeadline, hedgeDelay);
    }

    private void send(boolean stream) {
        ProxyEvents recorder = new ProxyEvents() {
            @Override
            public void onFailover(OfferId from, OfferId to, OutcomeClass outcome) {
                events.add("failover " + from.gateway() + "->" + to.gateway() + " on " + outcome.wireName());
            }

            @Override
            public void onHedge(OfferId first, OfferId second) {
                events.add("hedge " + first.gateway() + "+" + second.gateway());
            }
        };
        ChatProxy proxy = new ChatProxy(ChatProxy.fixed(catalog), Map.of("A_KEY", "sk-a", "B_KEY", "sk-b", "C_KEY", "sk-c"),
                upstream, timers, (resolution, prefs) -> plan(resolution), outcomes::add, settings, clock, JSON, recorder);
        ObjectNode body = JSON.createObjectNode().put("model", "m").put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", "hello");
        interrupt = proxy.handle(new ProxyRequest(FrontDoor.OPENAI, "req-1", catalog.resolve("m").orElseThrow(), body, stream, Map.of(), 0L),
                catalog, reply);
    }

    /** How the shutdown ends the journey {@link #send} started. */
    private Interruptible interrupt = Interruptible.NONE;

    private List<String> outcomeLines() {
        return outcomes.stream().map(o -> o.offer().gateway() + ":" + o.outcomeClass().wireName()).toList();
    }

    private String errorMessage() throws IOException {
        return JSON.readTree(reply.body.toString()).path("error").path("message").asText();
    }

    @AfterEach
    void everySentUpstreamCallPublishedExactlyOneOutcome() {
        assertThat(outcomes.stream().map(o -> o.offer().gateway()).toList())
                .as("one outcome per sent call, in the order the calls ended; none for a call never sent")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(upstream.sentHosts());
    }

    @Test
    void aHedgeCancelledBeforeItsRequestWasSentIsNoCallAndCountsNowhere() {
        hedgeDelay = Optional.of(Duration.ofSeconds(1));
        send(false);
        upstream.holdNewCalls(); // the hedge will wait for a pooled connection
        timers.advance(Duration.ofSeconds(1));
        assertThat(upstream.hosts()).containsExactly("a", "b");
        assertThat(upstream.call(1).sent()).isFalse();

        upstream.call(0).answer(200, ANSWER);
        assertThat(reply.headers).containsEntry("x-healthgate-gateway", "a");
        assertThat(upstream.call(1).cancelledBecause).as("still dropped upstream").isEqualTo("lost the hedge to a");
        assertThat(outcomeLines()).as("b never saw the request: no outcome, so no health window, SLA row or metric counts it")
                .containsExactly("a:success");
        assertThat(unusedPermits).as("b's permit (a half-open breaker's one trial) is given back").containsExactly(new OfferId("b", "m"));
    }

    @Test
    void aHedgeCancelledAfterItsRequestWasSentIsCountedAsCancelled() {
        hedgeDelay = Optional.of(Duration.ofSeconds(1));
        send(false);
        upstream.holdNewCalls();
        timers.advance(Duration.ofSeconds(1));
        upstream.call(1).send(); // its connection came free: the gateway has the request now

        upstream.call(0).answer(200, ANSWER);
        assertThat(upstream.call(1).cancelledBecause).isEqualTo("lost the hedge to a");
        assertThat(outcomeLines()).containsExactly("b:cancelled", "a:success");
        assertThat(unusedPermits).as("its outcome frees the permit; nothing to give back").isEmpty();
    }

    @Test
    void aShutdownBeforeTheRequestWasDispatchedCountsNoCall() throws IOException {
        upstream.holdNewCalls();
        send(false);

        interrupt.interrupt("the gateway is shutting down");

        assertThat(reply.status).isEqualTo(503);
        assertThat(errorMessage()).isEqualTo("the gateway is shutting down");
        assertThat(upstream.call(0).cancelledBecause).isEqualTo("the gateway is shutting down");
        assertThat(outcomes).as("nothing was sent, so nothing is counted").isEmpty();
    }

    @Test
    void aClientGoneBeforeTheRequestWasDispatchedCountsNoCall() {
        upstream.holdNewCalls();
        send(false);

        reply.close();

        assertThat(upstream.call(0).cancelledBecause).isEqualTo("client went away");
        assertThat(outcomes).isEmpty();
    }

    @Test
    void aStreamWithNoFirstTokenByItsDeadlineIsAbandonedAsATimeoutAndTheNextCandidateAnswers() {
        firstTokenDeadline = Optional.of(Duration.ofSeconds(2));
        send(true);
        upstream.call(0).streamHead(); // a head, but no event: nothing reaches the client

        timers.advance(Duration.ofMillis(1999));
        assertThat(upstream.calls()).as("still waiting on a").hasSize(1);

        timers.advance(Duration.ofMillis(1));
        assertThat(upstream.call(0).cancelledBecause).isEqualTo("no first token within 2000 ms");
        assertThat(outcomeLines()).containsExactly("a:timeout");
        assertThat(upstream.hosts()).containsExactly("a", "b");
        assertThat(events).containsExactly("failover a->b on timeout");

        upstream.call(1).streamHead();
        upstream.call(1).event(DELTA);
        upstream.call(1).event(FINISH);
        upstream.call(1).event("[DONE]");
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.headers).containsEntry("x-healthgate-gateway", "b").containsEntry("x-healthgate-attempts", "2");
        assertThat(reply.ended()).isTrue();
        assertThat(reply.body.toString()).contains("\"content\":\"hi\"").endsWith("data: [DONE]\n\n");
        assertThat(outcomeLines()).containsExactly("a:timeout", "b:success");
    }

    @Test
    void theEventsOfOneUpstreamChunkReachTheClientInOneWrite() {
        send(true);
        upstream.call(0).streamHead();
        upstream.call(0).events(DELTA, DELTA, FINISH, "[DONE]");

        assertThat(reply.writes).as("one write (one flush) for the chunk's four events, not one per event").isEqualTo(1);
        assertThat(reply.body.toString()).containsSubsequence("\"content\":\"hi\"", "\"content\":\"hi\"", "\"finish_reason\":\"stop\"")
                .endsWith("data: [DONE]\n\n");
        assertThat(reply.ended()).isTrue();
        assertThat(outcomeLines()).containsExactly("a:success");
    }

    @Test
    void eventsOfSeparateChunksAreWrittenAsEachChunkArrives() {
        send(true);
        upstream.call(0).streamHead();
        upstream.call(0).event(DELTA);
        assertThat(reply.writes).isEqualTo(1);
        assertThat(reply.body.toString()).contains("\"content\":\"hi\"");
        upstream.call(0).event(DELTA);
        assertThat(reply.writes).isEqualTo(2);
        upstream.call(0).events(FINISH, "[DONE]");
        assertThat(reply.writes).isEqualTo(3);
        assertThat(reply.ended()).isTrue();
    }

    @Test
    void anErrorEventAfterATextEventOfTheSameChunkFindsTheTextSentAsIfEachEventWereWrittenAlone() {
        // The text is written before the error is looked at, so the error comes after the first
        // byte: no failover to b as if nothing had been sent, the stream ends with the error.
        send(true);
        upstream.call(0).streamHead();
        upstream.call(0).events(DELTA, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");

        assertThat(reply.body.toString()).contains("\"content\":\"hi\"").contains("boom");
        assertThat(upstream.hosts()).containsExactly("a");
        assertThat(events).doesNotContain("failover a->b on server_error");
        assertThat(outcomeLines()).hasSize(1);
        assertThat(outcomeLines().get(0)).startsWith("a:").isNotEqualTo("a:success");
    }

    @Test
    void aSlowFirstAttemptIsHedgedAtTheHedgeDelayAndTheFasterHedgeWins() {
        hedgeDelay = Optional.of(Duration.ofSeconds(1));
        send(false);
        timers.advance(Duration.ofMillis(999));
        assertThat(upstream.calls()).hasSize(1);

        timers.advance(Duration.ofMillis(1));
        assertThat(upstream.hosts()).containsExactly("a", "b");
        assertThat(events).containsExactly("hedge a+b");

        upstream.call(1).answer(200, ANSWER);
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.headers).containsEntry("x-healthgate-gateway", "b").containsEntry("x-healthgate-attempts", "2");
        assertThat(upstream.call(0).cancelledBecause).isEqualTo("lost the hedge to b");
        assertThat(outcomeLines()).containsExactly("a:cancelled", "b:success");

        assertThat(upstream.call(0).finished()).as("the loser's call is dropped, not left running").isTrue();
    }

    @Test
    void whenTheFirstAttemptAnswersFirstTheHedgeLosesAndIsCancelled() {
        hedgeDelay = Optional.of(Duration.ofSeconds(1));
        send(false);
        timers.advance(Duration.ofSeconds(1));
        assertThat(upstream.hosts()).containsExactly("a", "b");

        upstream.call(0).answer(200, ANSWER);
        assertThat(reply.headers).containsEntry("x-healthgate-gateway", "a");
        assertThat(upstream.call(1).cancelledBecause).isEqualTo("lost the hedge to a");
        assertThat(outcomeLines()).containsExactly("b:cancelled", "a:success");
    }

    @Test
    void aFirstAttemptThatAnswersBeforeTheHedgeDelayStartsNoHedge() {
        hedgeDelay = Optional.of(Duration.ofSeconds(1));
        send(false);
        upstream.call(0).answer(200, ANSWER);
        assertThat(timers.pending()).as("the hedge timer is cancelled").isZero();
        timers.advance(Duration.ofSeconds(5));
        assertThat(upstream.calls()).hasSize(1);
        assertThat(reply.headers).containsEntry("x-healthgate-attempts", "1");
    }

    @Test
    void aHedgeIsNotStartedWhenItWouldPassMaxAttempts() {
        settings = settings.withMaxAttempts(1);
        hedgeDelay = Optional.of(Duration.ofSeconds(1));
        send(false);
        timers.advance(Duration.ofSeconds(1));
        assertThat(upstream.calls()).as("the policy refused the hedge: max_attempts (1) reached").hasSize(1);
        upstream.call(0).answer(200, ANSWER);
        assertThat(reply.status).isEqualTo(200);
    }

    /** How the first attempt fails, what it is classed as, whether the next candidate is tried, and the status when it was the last. */
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("500", (Consumer<ScriptedUpstream.Call>) c -> c.answer(500, "{\"error\":{\"message\":\"boom\"}}"),
                        OutcomeClass.SERVER_ERROR, true, 502),
                Arguments.of("connection refused", (Consumer<ScriptedUpstream.Call>) c -> c.fail(
                        new UpstreamConnectionException("connection refused", null)), OutcomeClass.CONNECTION_ERROR, true, 502),
                Arguments.of("first-byte timeout", (Consumer<ScriptedUpstream.Call>) c -> c.fail(
                        new UpstreamTimeoutException(UpstreamTimeoutException.Phase.FIRST_BYTE, 1000)), OutcomeClass.TIMEOUT, true, 504),
                Arguments.of("unreadable 200", (Consumer<ScriptedUpstream.Call>) c -> c.answer(200, "not json"),
                        OutcomeClass.BAD_RESPONSE, true, 502),
                Arguments.of("429", (Consumer<ScriptedUpstream.Call>) c -> c.answer(429, "{\"error\":{\"message\":\"slow down\"}}"),
                        OutcomeClass.RATE_LIMITED, true, 429), // every attempt rate limited: 429 (issue 12)
                Arguments.of("401", (Consumer<ScriptedUpstream.Call>) c -> c.answer(401, "{\"error\":{\"message\":\"bad key\"}}"),
                        OutcomeClass.AUTH_ERROR, true, 503),
                Arguments.of("402", (Consumer<ScriptedUpstream.Call>) c -> c.answer(402, "{\"error\":{\"message\":\"pay up\"}}"),
                        OutcomeClass.NO_CREDITS, true, 503),
                Arguments.of("404", (Consumer<ScriptedUpstream.Call>) c -> c.answer(404, "{\"error\":{\"message\":\"no such model\"}}"),
                        OutcomeClass.NOT_FOUND, true, 502),
                Arguments.of("400", (Consumer<ScriptedUpstream.Call>) c -> c.answer(400, "{\"error\":{\"message\":\"messages is required\"}}"),
                        OutcomeClass.BAD_REQUEST, false, 400));
    }

    @ParameterizedTest(name = "{0} is {2}: fails over {3}")
    @MethodSource("failures")
    void eachOutcomeClassClimbsTheFailoverLadder(String what, Consumer<ScriptedUpstream.Call> failure, OutcomeClass cls,
                                                 boolean failsOver, int statusWhenLast) throws IOException {
        send(false);
        failure.accept(upstream.call(0));
        assertThat(outcomeLines()).containsExactly("a:" + cls.wireName());
        if (!failsOver) {
            assertThat(upstream.calls()).as("no other gateway is asked").hasSize(1);
            assertThat(reply.status).isEqualTo(statusWhenLast);
            assertThat(errorMessage()).isEqualTo("messages is required");
            return;
        }
        assertThat(upstream.hosts()).containsExactly("a", "b");
        assertThat(events).containsExactly("failover a->b on " + cls.wireName());
        upstream.call(1).answer(200, ANSWER);
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.headers).containsEntry("x-healthgate-attempts", "2");
    }

    @ParameterizedTest(name = "{0} on the last attempt answers {4}")
    @MethodSource("failures")
    void theStatusOfTheLastFailureComesFromTheOneTable(String what, Consumer<ScriptedUpstream.Call> failure, OutcomeClass cls,
                                                       boolean failsOver, int statusWhenLast) {
        settings = settings.withMaxAttempts(1);
        send(false);
        failure.accept(upstream.call(0));
        assertThat(upstream.calls()).hasSize(1);
        assertThat(reply.status).isEqualTo(statusWhenLast);
        assertThat(reply.headers).containsEntry("x-healthgate-attempts", "1");
    }

    @Test
    void whenEveryAttemptFailsTheClientReadsEachAttemptAndWhyTheJourneyStopped() throws IOException {
        send(false);
        upstream.call(0).answer(500, "{}");
        upstream.call(1).fail(new UpstreamConnectionException("connection refused", null));
        upstream.call(2).answer(503, "{}");
        assertThat(reply.status).isEqualTo(502);
        assertThat(reply.headers).containsEntry("x-healthgate-attempts", "3").containsEntry("x-healthgate-gateway", "c");
        assertThat(errorMessage())
                .startsWith("all 3 upstream attempts failed: a: server_error")
                .contains("; b: connection_error")
                .contains("; c: server_error")
                .endsWith("[server_error from c; max_attempts (3) reached]");
    }

    @Test
    void afterTheTotalDeadlineNoNewAttemptStarts() throws IOException {
        settings = settings.withTimeouts(Duration.ofSeconds(10), settings.firstByteTimeout(), settings.idleTimeout());
        send(false);
        clock.advanceSeconds(10);
        upstream.call(0).answer(500, "{}");
        assertThat(upstream.calls()).hasSize(1);
        assertThat(errorMessage()).endsWith("[server_error from a; total deadline (10s) passed]");
    }

    @Test
    void whenTheClientGoesAwayEveryLiveCallIsCancelledAndRecordedOnce() {
        hedgeDelay = Optional.of(Duration.ofSeconds(1));
        send(false);
        timers.advance(Duration.ofSeconds(1));
        assertThat(upstream.hosts()).containsExactly("a", "b");

        reply.close();
        assertThat(upstream.calls()).allSatisfy(c -> assertThat(c.cancelledBecause).isEqualTo("client went away"));
        assertThat(outcomeLines()).containsExactlyInAnyOrder("a:cancelled", "b:cancelled");
        assertThat(upstream.calls()).as("a cancelled attempt is never failed over").hasSize(2);
        assertThat(reply.headWritten()).as("nobody is there to read an answer").isFalse();
        timers.advance(Duration.ofMinutes(5));
        assertThat(upstream.calls()).hasSize(2);
    }

    @Test
    void theFirstEventCommitsTheStreamAndALaterFailureEndsItWithoutFailover() {
        firstTokenDeadline = Optional.of(Duration.ofSeconds(2));
        send(true);
        upstream.call(0).streamHead();
        upstream.call(0).event(DELTA);
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.isChunked()).isTrue();
        assertThat(reply.headers).containsEntry("x-healthgate-gateway", "a").containsEntry("x-healthgate-attempts", "1");

        timers.advance(Duration.ofSeconds(5));
        assertThat(upstream.call(0).cancelled()).as("the deadline no longer applies once committed").isFalse();
        assertThat(outcomes).isEmpty();

        upstream.call(0).fail(new UpstreamConnectionException("connection reset", null));
        assertThat(upstream.calls()).as("no failover once committed").hasSize(1);
        assertThat(reply.ended()).isTrue();
        assertThat(reply.body.toString()).contains("\"content\":\"hi\"").contains("the upstream stream from a failed")
                .doesNotEndWith("data: [DONE]\n\n");
        assertThat(outcomeLines()).containsExactly("a:connection_error");
    }

    @Test
    void aShutdownMidStreamCancelsTheUpstreamAsNotTheOffersFaultAndEndsTheStreamWithAnErrorEvent() {
        send(true);
        upstream.call(0).streamHead();
        upstream.call(0).event(DELTA);

        interrupt.interrupt("the gateway is shutting down");

        assertThat(upstream.call(0).cancelledBecause).isEqualTo("the gateway is shutting down");
        assertThat(outcomeLines()).containsExactly("a:cancelled");
        assertThat(reply.ended()).isTrue();
        assertThat(reply.body.toString()).contains("\"content\":\"hi\"")
                .endsWith("\n\n").contains("data: {\"error\"").contains("the gateway is shutting down").doesNotContain("[DONE]");
        upstream.call(0).event(DELTA);
        upstream.call(0).endStream();
        assertThat(upstream.calls()).as("no failover after a shutdown").hasSize(1);
        assertThat(outcomeLines()).as("still one outcome").containsExactly("a:cancelled");
    }

    @Test
    void aShutdownBeforeTheFirstByteAnswers503WithRetryAfterAndTriesNoOtherCandidate() throws IOException {
        send(false);

        interrupt.interrupt("the gateway is shutting down");

        assertThat(reply.status).isEqualTo(503);
        assertThat(reply.headers).containsEntry("retry-after", "1");
        assertThat(errorMessage()).isEqualTo("the gateway is shutting down");
        assertThat(outcomeLines()).containsExactly("a:cancelled");
        timers.advance(Duration.ofMinutes(5));
        assertThat(upstream.calls()).hasSize(1);
    }

    @Test
    void anErrorBeforeTheFirstEventOfAStreamStillFailsOver() {
        send(true);
        upstream.call(0).streamHead();
        upstream.call(0).fail(new UpstreamConnectionException("connection reset", null));
        assertThat(reply.headWritten()).isFalse();
        assertThat(upstream.hosts()).containsExactly("a", "b");
        upstream.call(1).streamHead();
        upstream.call(1).event(DELTA);
        upstream.call(1).event(FINISH);
        upstream.call(1).endStream();
        assertThat(reply.headers).containsEntry("x-healthgate-gateway", "b");
        assertThat(reply.ended()).isTrue();
        assertThat(outcomeLines()).containsExactly("a:connection_error", "b:success");
    }
}
