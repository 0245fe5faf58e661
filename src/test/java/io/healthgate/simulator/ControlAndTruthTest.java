package io.healthgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static io.healthgate.support.TestFleets.GROQ_KEY;
import static io.healthgate.support.TestFleets.LLAMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Control endpoints, ground truth and stats, over HTTP and in Java; schedules on a fake clock. */
class ControlAndTruthTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final FakeClock clock = new FakeClock();
    SimulatedFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    SimulatedFleet start(Scenario s) {
        fleet = SimulatedFleet.start(null, s, 0, clock);
        return fleet;
    }

    void call(OpenAIClient c) {
        c.chat().completions().create(ChatCompletionCreateParams.builder().model("llama-3.3-70b-versatile").addUserMessage("hi").build());
    }

    @Test
    void scheduledOutageStartsAndEndsOnTheClock() {
        Scenario s = Scenario.builder().seed(1)
                .gateway("groq", io.healthgate.catalog.Protocol.OPENAI, "GROQ_API_KEY", GROQ_KEY)
                .offer("groq", LLAMA, "llama-3.3-70b-versatile", Behaviour.NORMAL.withOutage(20, 30, Fault.UNAVAILABLE))
                .build();
        start(s);
        OpenAIClient groq = SdkClients.openai(fleet, "groq", GROQ_KEY);
        Instant t0 = fleet.startedAt();

        call(groq);
        OfferTruth before = fleet.truth("groq", LLAMA);
        assertThat(before.state()).isEqualTo(TruthState.UP);
        assertThat(before.reason()).contains("outage scheduled at " + t0.plusSeconds(20));

        clock.advanceSeconds(25);
        assertThatThrownBy(() -> call(groq)).isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        OfferTruth during = fleet.truth("groq", LLAMA);
        assertThat(during.state()).isEqualTo(TruthState.DOWN);
        assertThat(during.until()).isEqualTo(t0.plusSeconds(50));

        clock.advanceSeconds(25);
        call(groq);
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.UP);
        assertThat(fleet.stats("groq", LLAMA).outcomes()).containsEntry("ok", 2L).containsEntry("unavailable", 1L);
    }

    @Test
    void timeScaleCompressesTheSchedule() {
        Scenario s = Scenario.builder().seed(1).timeScale(0.1)
                .gateway("groq", io.healthgate.catalog.Protocol.OPENAI, "GROQ_API_KEY", GROQ_KEY)
                .offer("groq", LLAMA, "llama-3.3-70b-versatile", Behaviour.NORMAL.withOutage(20, 30, Fault.SERVER_ERROR))
                .build();
        start(s);
        clock.advance(Duration.ofMillis(1900));
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.UP);
        clock.advance(Duration.ofMillis(200));
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.DOWN);
        clock.advanceSeconds(3);
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.UP);
    }

    @Test
    void controlEndpointsPatchBehaviourAndTruthFollows() throws Exception {
        start(TestFleets.small());
        HttpResponse<String> r = SdkClients.post(fleet.baseUrl() + "/_control/offers/groq/" + LLAMA, "{\"fault\":\"503\",\"first_byte_ms\":5}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("fault").asText()).isEqualTo("unavailable");
        assertThat(fleet.control().offer("groq", LLAMA).firstByteMs()).isEqualTo(5);

        JsonNode truth = JSON.readTree(SdkClients.get(fleet.baseUrl() + "/_truth").body());
        JsonNode offer = find(truth.path("offers"), "groq", LLAMA);
        assertThat(offer.path("state").asText()).isEqualTo("down");
        assertThat(offer.path("upstream_model").asText()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(offer.path("demo_key").asText()).isEqualTo("ok");
        assertThat(offer.path("reason").asText()).contains("unavailable");

        // the upstream id names the offer too
        assertThat(SdkClients.post(fleet.baseUrl() + "/_control/offers/groq/llama-3.3-70b-versatile", "{\"fault\":\"none\"}").statusCode()).isEqualTo(200);
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.UP);

        assertThat(SdkClients.post(fleet.baseUrl() + "/_control/gateways/together", "{\"fault\":\"rate_limited\"}").statusCode()).isEqualTo(200);
        assertThat(fleet.gatewayTruth("together").state()).isEqualTo(TruthState.RATE_LIMITED);
        assertThat(fleet.truth("together", TestFleets.QWEN).state()).isEqualTo(TruthState.RATE_LIMITED);

        assertThat(SdkClients.post(fleet.baseUrl() + "/_control/reset", "").statusCode()).isEqualTo(200);
        assertThat(fleet.gatewayTruth("together").state()).isEqualTo(TruthState.UP);
    }

    @Test
    void badControlRequestsGetClearErrors() throws Exception {
        start(TestFleets.small());
        HttpResponse<String> unknownKey = SdkClients.post(fleet.baseUrl() + "/_control/offers/groq/" + LLAMA, "{\"latency\":5}");
        assertThat(unknownKey.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknownKey.body()).at("/error/message").asText()).contains("latency");
        HttpResponse<String> badFault = SdkClients.post(fleet.baseUrl() + "/_control/gateways/groq", "{\"fault\":\"melted\"}");
        assertThat(badFault.statusCode()).isEqualTo(400);
        assertThat(badFault.body()).contains("melted");
        assertThat(SdkClients.post(fleet.baseUrl() + "/_control/offers/groq/nope", "{}").statusCode()).isEqualTo(404);
        assertThat(SdkClients.post(fleet.baseUrl() + "/_control/gateways/nope", "{}").statusCode()).isEqualTo(404);
        assertThat(SdkClients.post(fleet.baseUrl() + "/_control/offers/groq/" + LLAMA, "{\"error_rate\":2}").statusCode()).isEqualTo(400);
    }

    @Test
    void statsCountRequestsPerOfferAndOutcome() throws Exception {
        start(TestFleets.small());
        OpenAIClient groq = SdkClients.openai(fleet, "groq", GROQ_KEY);
        call(groq);
        call(groq);
        fleet.control().offerFault("groq", LLAMA, Fault.SERVER_ERROR);
        assertThatThrownBy(() -> call(groq)).isInstanceOf(InternalServerException.class);
        assertThatThrownBy(() -> call(SdkClients.openai(fleet, "groq", "bad"))).isInstanceOf(com.openai.errors.UnauthorizedException.class);

        assertThat(fleet.requestCount("groq", LLAMA)).isEqualTo(3);
        assertThat(fleet.requestCount("groq", "llama-3.3-70b-versatile", "ok")).isEqualTo(2);
        assertThat(fleet.gatewayStats("groq").requests()).isEqualTo(4);
        JsonNode stats = JSON.readTree(SdkClients.get(fleet.baseUrl() + "/_stats").body());
        assertThat(stats.path("total").asLong()).isEqualTo(4);
        JsonNode offer = find(stats.path("offers"), "groq", LLAMA);
        assertThat(offer.path("requests").asLong()).isEqualTo(3);
        assertThat(offer.at("/outcomes/server_error").asLong()).isEqualTo(1);

        fleet.control().reset();
        assertThat(fleet.totalRequests()).isZero();
    }

    @Test
    void truthListsEveryOfferAndSaysWhetherTheDemoHoldsTheKey() {
        Scenario s = Scenario.builder().seed(3)
                .gateway("groq", io.healthgate.catalog.Protocol.OPENAI, "GROQ_API_KEY", GROQ_KEY)
                .gateway(GatewaySpec.of("together", io.healthgate.catalog.Protocol.OPENAI, "TOGETHER_API_KEY", "k-together"))
                .gateway(GatewaySpec.of("huggingface", io.healthgate.catalog.Protocol.OPENAI, "HUG_API_KEY", "k-hf"))
                .gateway(GatewaySpec.of("nebius", io.healthgate.catalog.Protocol.OPENAI, "NEBIUS_API_KEY", "k-nebius"))
                .demoEnv("HUGGINGFACE_API_KEY", "k-hf").demoEnv("NEBIUS_API_KEY", "k-wrong")
                .offer("groq", LLAMA, "a").offer("together", LLAMA, "b").offer("huggingface", LLAMA, "c").offer("nebius", LLAMA, "d")
                .build();
        start(s);
        assertThat(fleet.truth()).extracting(OfferTruth::gateway, OfferTruth::demoKey).containsExactly(
                org.assertj.core.groups.Tuple.tuple("groq", "ok"), org.assertj.core.groups.Tuple.tuple("together", "missing"),
                org.assertj.core.groups.Tuple.tuple("huggingface", "misnamed"), org.assertj.core.groups.Tuple.tuple("nebius", "wrong"));
    }

    static JsonNode find(JsonNode offers, String gateway, String model) {
        for (JsonNode o : offers) {
            if (o.path("gateway").asText().equals(gateway) && o.path("model").asText().equals(model)) {
                return o;
            }
        }
        throw new AssertionError("no offer " + gateway + "/" + model + " in " + offers);
    }
}
