package io.healthgate.simulator;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.healthgate.support.TestFleets.ANTHROPIC_KEY;
import static io.healthgate.support.TestFleets.GROQ_KEY;
import static io.healthgate.support.TestFleets.LLAMA;
import static io.healthgate.support.TestFleets.SONNET;
import static io.healthgate.support.TestFleets.TOGETHER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The faults a failover rescue must handle, and the prefix continuation it uses, as clients see them. */
class RescueBehaviourTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GROQ_LLAMA = "llama-3.3-70b-versatile";
    static final String QUESTION = "tell me about the weather in Paris";
    static SimulatedFleet fleet;
    static OpenAIClient groq;
    static OpenAIClient together;
    static AnthropicClient anthropic;

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(null, TestFleets.small(), 0);
        groq = SdkClients.openai(fleet, "groq", GROQ_KEY);
        together = SdkClients.openai(fleet, "together", TOGETHER_KEY);
        anthropic = SdkClients.anthropic(fleet, "anthropic", ANTHROPIC_KEY);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @BeforeEach
    void reset() {
        fleet.control().reset();
    }

    static String chatBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]}";
    }

    LiveStream groqStream() {
        return LiveStream.post(fleet.gatewayBaseUrl("groq") + "/chat/completions", chatBody(GROQ_LLAMA, true), "Authorization", "Bearer " + GROQ_KEY);
    }

    String clean(OpenAIClient client, String model) {
        return client.chat().completions().create(ChatCompletionCreateParams.builder().model(model).addUserMessage(QUESTION).build())
                .choices().get(0).message().content().orElseThrow();
    }

    /** The content tokens of OpenAI chunk lines, skipping [DONE]; a line that is not JSON fails the parse. */
    static List<String> tokens(List<String> data) throws Exception {
        List<String> out = new ArrayList<>();
        for (String d : data) {
            if (d.equals("[DONE]")) {
                continue;
            }
            JsonNode c = JSON.readTree(d).path("choices").path(0).path("delta").path("content");
            if (c.isTextual() && !c.asText().isEmpty()) {
                out.add(c.asText());
            }
        }
        return out;
    }

    @Test
    void theSameRequestGetsTheSameTextAndAnotherOfferDiffersOnlyInTheGreeting() {
        String a = clean(groq, GROQ_LLAMA);
        assertThat(clean(groq, GROQ_LLAMA)).isEqualTo(a);
        String b = clean(together, "meta-llama/Llama-3.3-70B-Instruct-Turbo");
        assertThat(b).isNotEqualTo(a);
        assertThat(b.substring(b.indexOf(". ") + 2)).isEqualTo(a.substring(a.indexOf(". ") + 2));
    }

    @Test
    void aStreamThatStallsForeverSendsItsTokensThenStaysOpenAndSilent() throws Exception {
        fleet.control().setOffer("groq", LLAMA, Behaviour.NORMAL.withStall(4, 0));
        try (LiveStream s = groqStream()) {
            assertThat(s.status).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> tokens(s.dataLines()).size() == 4);
            int seen = s.lines.size();
            Thread.sleep(600); // the stall must hold: nothing more arrives and the connection stays open
            assertThat(s.lines).hasSize(seen);
            assertThat(s.ended()).isFalse();
        }
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.HANGING);
        await().atMost(Duration.ofSeconds(5)).until(() -> fleet.stats("groq", LLAMA).cancelled() == 1);
    }

    @Test
    void aStallOfSomeSecondsThenGoesOnToTheWholeAnswer() throws Exception {
        String whole = clean(groq, GROQ_LLAMA);
        fleet.control().patchOffer("groq", LLAMA, "{\"fault\":\"stall\",\"fault_after_tokens\":3,\"stall_seconds\":0.8}");
        try (LiveStream s = groqStream()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> tokens(s.dataLines()).size() == 3);
            assertThat(s.ended()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(s::ended);
            assertThat(String.join("", tokens(s.dataLines()))).isEqualTo(whole);
            assertThat(s.dataLines()).last().isEqualTo("[DONE]");
            assertThat(s.whole()).isTrue();
        }
    }

    @Test
    void aNonStreamingStallSendsTheHeadThenNoBodyUntilTheStallEnds() throws Exception {
        fleet.control().patchOffer("groq", LLAMA, "{\"fault\":\"stall\",\"stall_seconds\":1.5}");
        try (LiveStream s = LiveStream.post(fleet.gatewayBaseUrl("groq") + "/chat/completions", chatBody(GROQ_LLAMA, false),
                "Authorization", "Bearer " + GROQ_KEY)) {
            assertThat(s.status).isEqualTo(200); // the head arrived
            Thread.sleep(300);
            assertThat(s.lines).isEmpty();
            assertThat(s.ended()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(s::ended);
            assertThat(JSON.readTree(String.join("", s.lines)).path("choices").path(0).path("message").path("content").asText())
                    .isEqualTo(clean(groq, GROQ_LLAMA));
        }
    }

    @Test
    void oneMalformedEventSitsInAnOtherwiseWholeOpenAiStream() throws Exception {
        String whole = clean(groq, GROQ_LLAMA);
        fleet.control().patchOffer("groq", LLAMA, "{\"fault\":\"malformed_event\",\"fault_after_tokens\":2}");
        try (LiveStream s = groqStream()) {
            await().atMost(Duration.ofSeconds(5)).until(s::ended);
            List<String> good = new ArrayList<>();
            int bad = 0;
            for (String d : s.dataLines()) {
                try {
                    if (!d.equals("[DONE]")) {
                        JSON.readTree(d);
                    }
                    good.add(d);
                } catch (Exception e) {
                    bad++;
                }
            }
            assertThat(bad).isEqualTo(1);
            assertThat(String.join("", tokens(good.subList(0, good.size())))).isEqualTo(whole);
            assertThat(s.dataLines()).last().isEqualTo("[DONE]");
        }
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.BROKEN);
    }

    @Test
    void oneMalformedEventSitsInAnOtherwiseWholeAnthropicStream() throws Exception {
        fleet.control().patchOffer("anthropic", SONNET, "{\"fault\":\"malformed_event\"}");
        try (LiveStream s = LiveStream.post(fleet.gatewayBaseUrl("anthropic") + "/messages",
                "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":100,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]}",
                "x-api-key", ANTHROPIC_KEY, "anthropic-version", "2023-06-01")) {
            await().atMost(Duration.ofSeconds(5)).until(s::ended);
            int bad = 0;
            StringBuilder text = new StringBuilder();
            for (String d : s.dataLines()) {
                try {
                    text.append(JSON.readTree(d).path("delta").path("text").asText(""));
                } catch (Exception e) {
                    bad++;
                }
            }
            assertThat(bad).isEqualTo(1);
            assertThat(s.lines).contains("event: message_stop");
            Message clean = anthropic.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-20250514").maxTokens(100)
                    .addUserMessage(QUESTION).build());
            assertThat(text.toString()).isEqualTo(clean.content().get(0).text().orElseThrow().text());
        }
    }

    @Test
    void aCutAfterNTokensClosesTheConnectionWithoutAnEndMarker() throws Exception {
        String whole = clean(groq, GROQ_LLAMA);
        fleet.control().patchOffer("groq", LLAMA, "{\"fault\":\"cut_after_tokens\",\"fault_after_tokens\":6}");
        try (LiveStream s = groqStream()) {
            await().atMost(Duration.ofSeconds(5)).until(s::ended);
            List<String> got = tokens(s.dataLines());
            assertThat(got).hasSize(6);
            assertThat(whole).startsWith(String.join("", got));
            assertThat(s.dataLines()).doesNotContain("[DONE]");
            assertThat(s.whole()).isFalse();
        }
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.BROKEN);
    }

    @Test
    void aTrailingAssistantMessageIsContinuedSoPrefixPlusContinuationIsTheCleanAnswer() {
        String whole = clean(groq, GROQ_LLAMA);
        String[] words = whole.split("(?= )");
        String prefix = String.join("", List.of(words).subList(0, 6));
        // continued on another gateway (another greeting), as a rescue would
        String rest = together.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("meta-llama/Llama-3.3-70B-Instruct-Turbo").addUserMessage(QUESTION).addAssistantMessage(prefix).build())
                .choices().get(0).message().content().orElseThrow();
        assertThat(prefix + rest).isEqualTo(whole);
    }

    @Test
    void anAnthropicPrefillContinuesAnOpenAiOffersPrefixIntoTheSameWholeAnswer() {
        String whole = clean(groq, GROQ_LLAMA);
        String prefix = String.join("", List.of(whole.split("(?= )")).subList(0, 5));
        Message m = anthropic.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-20250514").maxTokens(200)
                .addUserMessage(QUESTION).addAssistantMessage(prefix).build());
        assertThat(prefix + m.content().get(0).text().orElseThrow().text()).isEqualTo(whole);
        assertThat(m.usage().outputTokens()).isEqualTo(whole.split("(?= )").length - 5);
    }

    @Test
    void anOfferThatRefusesPrefixesAnswers400ToOneAndNormallyToOthers() {
        fleet.control().setOffer("groq", LLAMA, Behaviour.NORMAL.withRefusesPrefix(true));
        assertThatThrownBy(() -> groq.chat().completions().create(ChatCompletionCreateParams.builder().model(GROQ_LLAMA)
                .addUserMessage(QUESTION).addAssistantMessage("Hello from").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("prefill"));
        assertThat(clean(groq, GROQ_LLAMA)).startsWith("Hello from groq/");
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.UP);
        assertThat(fleet.requestCount("groq", LLAMA, "prefix_refused")).isEqualTo(1);
    }

    @Test
    void anAnthropicOfferThatRefusesPrefillAnswersInvalidRequestError() {
        fleet.control().patchOffer("anthropic", SONNET, "{\"refuses_prefix\":true}");
        HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("anthropic") + "/messages",
                "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"assistant\",\"content\":\"Hello\"}]}", "x-api-key", ANTHROPIC_KEY, "anthropic-version", "2023-06-01");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"type\":\"invalid_request_error\"").contains("prefill");
    }

    @Test
    void aPromptLongerThanTheModelsWindowGetsTheProtocolsContextLengthError() throws Exception {
        Scenario s = Scenario.parse("""
                seed: 3
                models: [ { id: small/model, context_length: 20 } ]
                gateways:
                  - { name: o, protocol: openai, api_key: ko, offers: [ { model: small/model, upstream: small } ] }
                  - { name: a, protocol: anthropic, api_key: ka, offers: [ { model: small/model, upstream: small-a } ] }
                """);
        try (SimulatedFleet f = SimulatedFleet.start(null, s, 0)) {
            String longText = "word ".repeat(30);
            OpenAIClient o = SdkClients.openai(f, "o", "ko");
            assertThatThrownBy(() -> o.chat().completions().create(ChatCompletionCreateParams.builder().model("small")
                    .addUserMessage(longText).build()))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> {
                        assertThat(e.code()).hasValue("context_length_exceeded");
                        assertThat(e.getMessage()).contains("maximum context length is 20 tokens");
                    });
            assertThat(o.chat().completions().create(ChatCompletionCreateParams.builder().model("small").addUserMessage("short").build())
                    .choices()).hasSize(1);
            HttpResponse<String> a = SdkClients.post(f.gatewayBaseUrl("a") + "/messages",
                    "{\"model\":\"small-a\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"" + longText + "\"}]}",
                    "x-api-key", "ka", "anthropic-version", "2023-06-01");
            assertThat(a.statusCode()).isEqualTo(400);
            JsonNode err = JSON.readTree(a.body()).path("error");
            assertThat(err.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(err.path("message").asText()).isEqualTo("prompt is too long: 37 tokens > 20 maximum");
            assertThat(f.truth("o", "small/model").state()).isEqualTo(TruthState.UP);
        }
    }

    @Test
    void aStallOnTheWholeGatewayAlsoHoldsAnOffersStream() throws Exception {
        fleet.control().patchGateway("groq", "{\"fault\":\"stall\",\"fault_after_tokens\":2}");
        try (LiveStream s = groqStream()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> tokens(s.dataLines()).size() == 2);
            CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> {
                await().atMost(Duration.ofMillis(500)).until(s::ended);
                return true;
            });
            assertThatThrownBy(() -> ended.get(2, TimeUnit.SECONDS)).hasRootCauseInstanceOf(org.awaitility.core.ConditionTimeoutException.class);
        }
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.HANGING);
    }
}
