package io.healthgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.healthgate.catalog.Protocol;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static io.healthgate.support.TestFleets.ANTHROPIC_KEY;
import static io.healthgate.support.TestFleets.GROQ_KEY;
import static io.healthgate.support.TestFleets.LLAMA;
import static io.healthgate.support.TestFleets.SONNET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The key-echoing upstream (for redaction tests) and ramped outages (for predictive health), as clients and the truth see them. */
class KeyEchoAndRampTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEchoingOfferRepeatsTheCallersKeyInItsErrorBodyAndInAStreamErrorEvent() throws Exception {
        try (SimulatedFleet fleet = SimulatedFleet.start(null, TestFleets.small(), 0)) {
            fleet.control().offerFault("groq", LLAMA, Fault.ECHO_KEY);
            OpenAIClient groq = SdkClients.openai(fleet, "groq", GROQ_KEY);
            assertThatThrownBy(() -> groq.chat().completions().create(ChatCompletionCreateParams.builder().model("llama-3.3-70b-versatile")
                    .addUserMessage("hi").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class,
                            e -> assertThat(e.getMessage()).contains("Incorrect API key provided: " + GROQ_KEY));
            try (LiveStream s = LiveStream.post(fleet.gatewayBaseUrl("groq") + "/chat/completions",
                    "{\"model\":\"llama-3.3-70b-versatile\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    "Authorization", "Bearer " + GROQ_KEY)) {
                await().atMost(Duration.ofSeconds(5)).until(s::ended);
                assertThat(s.status).isEqualTo(200);
                JsonNode last = JSON.readTree(s.dataLines().get(s.dataLines().size() - 1));
                assertThat(last.path("error").path("message").asText()).contains("Incorrect API key provided: " + GROQ_KEY);
                assertThat(s.dataLines()).doesNotContain("[DONE]");
            }
            fleet.control().offerFault("anthropic", SONNET, Fault.ECHO_KEY);
            try (LiveStream s = LiveStream.post(fleet.gatewayBaseUrl("anthropic") + "/messages",
                    "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":50,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    "x-api-key", ANTHROPIC_KEY, "anthropic-version", "2023-06-01")) {
                await().atMost(Duration.ofSeconds(5)).until(s::ended);
                assertThat(s.lines).contains("event: error");
                assertThat(String.join("\n", s.lines)).contains("Incorrect API key provided: " + ANTHROPIC_KEY);
            }
            assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.AUTH_REJECTED);
        }
    }

    @Test
    void aGatewayWideEchoRepeatsWhateverKeyWasSentBeforeCheckingIt() throws Exception {
        try (SimulatedFleet fleet = SimulatedFleet.start(null, TestFleets.small(), 0)) {
            HttpResponse<String> patch = SdkClients.post(fleet.baseUrl() + "/_control/gateways/anthropic", "{\"fault\":\"echo_key\"}");
            assertThat(patch.statusCode()).isEqualTo(200);
            HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("anthropic") + "/messages",
                    "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    "x-api-key", "some-other-key_with.punctuation", "anthropic-version", "2023-06-01");
            assertThat(r.statusCode()).isEqualTo(401);
            JsonNode e = JSON.readTree(r.body()).path("error");
            assertThat(e.path("type").asText()).isEqualTo("authentication_error");
            assertThat(e.path("message").asText()).contains("Incorrect API key provided: some-other-key_with.punctuation");
        }
    }

    static FleetState rampState(FakeClock clock) {
        Behaviour offer = Behaviour.NORMAL.withLatency(100, 0).withOutage(120, 60, Fault.UNAVAILABLE, new Ramp(60, 3_000, 0.5));
        Scenario s = Scenario.builder().seed(9).gateway("g", Protocol.OPENAI, "G", "k").offer("g", "m", "m", offer).build();
        return new FleetState(s, clock);
    }

    @Test
    void aRampRaisesLatencyAndErrorsLinearlyBeforeTheOutageAndTheTruthSaysWhenTheOutageStarts() {
        FakeClock clock = new FakeClock();
        Instant start = clock.instant();
        FleetState st = rampState(clock);
        FleetState.GatewayRuntime g = st.requireGateway("g");
        FleetState.OfferRuntime o = st.requireOffer("g", "m");
        clock.advanceSeconds(59);
        assertThat(st.plan(g, o, 0, clock.instant()).firstByteMs()).isEqualTo(100);
        assertThat(st.truth(o, clock.instant()).state()).isEqualTo(TruthState.UP);

        clock.advanceSeconds(31); // 90 s: half way up the ramp
        int failed = 0;
        long latency = 0;
        for (int i = 0; i < 400; i++) {
            Plan p = st.plan(g, o, 0, clock.instant());
            if (p.fault() == Fault.UNAVAILABLE) {
                failed++;
            } else {
                latency = p.firstByteMs();
            }
        }
        assertThat(latency).isEqualTo(100 + 1_500);
        assertThat(failed).isBetween(60, 140); // 25% of 400, seeded
        OfferTruth mid = st.truth(o, clock.instant());
        assertThat(mid.state()).isEqualTo(TruthState.DEGRADING);
        assertThat(mid.until()).isEqualTo(start.plusSeconds(120));
        assertThat(mid.reason()).contains("unavailable outage starting at " + start.plusSeconds(120)).contains("+1500 ms").contains("25%");
        assertThat(mid.state().serves()).isTrue();

        clock.advanceSeconds(30); // 120 s: the outage itself
        assertThat(st.plan(g, o, 0, clock.instant()).fault()).isEqualTo(Fault.UNAVAILABLE);
        OfferTruth down = st.truth(o, clock.instant());
        assertThat(down.state()).isEqualTo(TruthState.DOWN);
        assertThat(down.until()).isEqualTo(start.plusSeconds(180));
    }

    @Test
    void aRampedOutageReadFromAScenarioFileShowsInTheTruthEndpointOnTheFleetsClock() throws Exception {
        Scenario s = Scenario.parse("""
                seed: 1
                gateways:
                  - name: g
                    api_key: k
                    offers:
                      - model: m
                        behaviour:
                          outages: [ { start_seconds: 300, duration_seconds: 0, fault: 503,
                                       ramp: { over_seconds: 200, to_latency_ms: 4000, to_error_rate: 0.2 } } ]
                """);
        FakeClock clock = new FakeClock();
        try (SimulatedFleet fleet = SimulatedFleet.start(null, s, 0, clock)) {
            clock.advanceSeconds(250);
            JsonNode offer = JSON.readTree(SdkClients.get(fleet.baseUrl() + "/_truth").body()).path("offers").path(0);
            assertThat(offer.path("state").asText()).isEqualTo("degrading");
            Instant outageAt = Instant.parse(JSON.readTree(SdkClients.get(fleet.baseUrl() + "/_truth").body()).path("started_at").asText())
                    .plusSeconds(300);
            assertThat(Instant.parse(offer.path("until").asText())).isEqualTo(outageAt);
            assertThat(offer.path("reason").asText()).contains("+3000 ms").contains("15%");
            clock.advanceSeconds(50);
            offer = JSON.readTree(SdkClients.get(fleet.baseUrl() + "/_truth").body()).path("offers").path(0);
            assertThat(offer.path("state").asText()).isEqualTo("down");
        }
    }

    @Test
    void aRampIsAddedOnCommandThroughTheControlEndpoint() throws Exception {
        FakeClock clock = new FakeClock();
        try (SimulatedFleet fleet = SimulatedFleet.start(null, TestFleets.small(), 0, clock)) {
            HttpResponse<String> r = SdkClients.post(fleet.baseUrl() + "/_control/offers/groq/" + LLAMA,
                    "{\"outages\":[{\"start_seconds\":100,\"duration_seconds\":30,\"fault\":\"server_error\",\"ramp\":{\"over_seconds\":50,\"to_error_rate\":1.0}}]}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).path("outages").path(0).path("ramp").path("over_seconds").asDouble()).isEqualTo(50.0);
            clock.advanceSeconds(75);
            assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.DEGRADING);
            HttpResponse<String> bad = SdkClients.post(fleet.baseUrl() + "/_control/offers/groq/" + LLAMA,
                    "{\"outages\":[{\"start_seconds\":100,\"ramp\":{\"over_seconds\":0}}]}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("over_seconds");
        }
    }
}
