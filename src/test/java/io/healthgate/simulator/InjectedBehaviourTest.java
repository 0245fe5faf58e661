package io.healthgate.simulator;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.healthgate.support.TestFleets.ANTHROPIC_KEY;
import static io.healthgate.support.TestFleets.GROQ_KEY;
import static io.healthgate.support.TestFleets.LLAMA;
import static io.healthgate.support.TestFleets.SONNET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Every injected behaviour, as the official SDKs see it. */
class InjectedBehaviourTest {
    static final String UPSTREAM = "llama-3.3-70b-versatile";
    static SimulatedFleet fleet;
    static OpenAIClient groq;
    static AnthropicClient anthropic;

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(null, TestFleets.small(), 0);
        groq = SdkClients.openai(fleet, "groq", GROQ_KEY);
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

    static ChatCompletionCreateParams params(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("hello there").build();
    }

    static MessageCreateParams message() {
        return MessageCreateParams.builder().model("claude-sonnet-4-20250514").maxTokens(50).addUserMessage("hello there").build();
    }

    ChatCompletion call() {
        return groq.chat().completions().create(params(UPSTREAM));
    }

    void fault(Fault f) {
        fleet.control().offerFault("groq", LLAMA, f);
    }

    @Test
    void rateLimitedOfferAnswers429WithRetryAfter() {
        fleet.control().setOffer("groq", LLAMA, Behaviour.NORMAL.withFault(Fault.RATE_LIMITED).withRetryAfter(7));
        assertThatThrownBy(this::call).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.headers().values("retry-after")).containsExactly("7");
            assertThat(e.code()).hasValue("rate_limit_exceeded");
        });
        fleet.control().setOffer("anthropic", SONNET, Behaviour.NORMAL.withFault(Fault.RATE_LIMITED).withRetryAfter(3));
        assertThatThrownBy(() -> anthropic.messages().create(message()))
                .isInstanceOfSatisfying(com.anthropic.errors.RateLimitException.class,
                        e -> assertThat(e.headers().values("retry-after")).containsExactly("3"));
        assertThat(fleet.requestCount("groq", LLAMA, "rate_limited")).isEqualTo(1);
    }

    @Test
    void serverErrorsAnswer500And502And503() {
        fault(Fault.SERVER_ERROR);
        assertThatThrownBy(this::call).isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        fault(Fault.BAD_GATEWAY);
        assertThatThrownBy(this::call).isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
        HttpResponse<String> raw = SdkClients.post(fleet.gatewayBaseUrl("groq") + "/chat/completions",
                "{\"model\":\"" + UPSTREAM + "\",\"messages\":[]}", "Authorization", "Bearer " + GROQ_KEY);
        assertThat(raw.headers().firstValue("content-type")).hasValue("text/html");
        assertThat(raw.body()).contains("502 Bad Gateway");
        fault(Fault.UNAVAILABLE);
        assertThatThrownBy(this::call).isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(fleet.stats("groq", LLAMA).outcomes()).containsEntry("server_error", 1L).containsEntry("bad_gateway", 2L)
                .containsEntry("unavailable", 1L);
    }

    @Test
    void overloadedAnthropicAnswers529OverloadedError() {
        fleet.control().offerFault("anthropic", SONNET, Fault.OVERLOADED);
        assertThatThrownBy(() -> anthropic.messages().create(message()))
                .isInstanceOfSatisfying(com.anthropic.errors.AnthropicServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(529);
                    assertThat(e.getMessage()).contains("overloaded_error");
                });
    }

    @Test
    void rejectedKeyAnswers401EvenWithTheRightKey() {
        fault(Fault.AUTH_REJECTED);
        assertThatThrownBy(this::call).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void noCreditsAnswers402() {
        fault(Fault.NO_CREDITS);
        assertThatThrownBy(this::call).isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(402);
            assertThat(e.code()).hasValue("insufficient_quota");
        });
        fleet.control().offerFault("anthropic", SONNET, Fault.NO_CREDITS);
        assertThatThrownBy(() -> anthropic.messages().create(message()))
                .isInstanceOfSatisfying(com.anthropic.errors.AnthropicServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(402));
    }

    @Test
    void deadModelAnswers404AndLeavesTheModelsList() {
        fault(Fault.NOT_FOUND);
        assertThatThrownBy(this::call).isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).hasValue("model_not_found"));
        assertThat(groq.models().list().autoPager().stream().map(Model::id).toList()).containsExactly("o3-mini");
    }

    @Test
    void reasoningModelBelowItsTokenFloorAnswers400MaxTokensTooSmall() {
        ChatCompletionCreateParams tiny = ChatCompletionCreateParams.builder().model("o3-mini").addUserMessage("hi").maxCompletionTokens(5).build();
        assertThatThrownBy(() -> groq.chat().completions().create(tiny)).isInstanceOfSatisfying(BadRequestException.class, e -> {
            assertThat(e.getMessage()).contains("Could not finish the message because max_tokens or model output limit was reached");
            assertThat(e.type()).hasValue("invalid_request_error");
        });
        ChatCompletion ok = groq.chat().completions().create(tiny.toBuilder().maxCompletionTokens(16).build());
        assertThat(ok.usage().orElseThrow().completionTokens()).isEqualTo(16);
        assertThat(fleet.truth("groq", "o3-mini").state()).isEqualTo(TruthState.UP);
        assertThat(fleet.truth("groq", "o3-mini").reason()).contains("max_tokens >= 16");
    }

    @Test
    void hangingOfferNeverAnswersAndIsDroppedWhenTheClientGivesUp() {
        fault(Fault.HANG);
        OpenAIClient impatient = SdkClients.openai(fleet, "groq", GROQ_KEY, Duration.ofMillis(300));
        assertThatThrownBy(() -> impatient.chat().completions().create(params(UPSTREAM)))
                .isInstanceOf(com.openai.errors.OpenAIIoException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> fleet.stats("groq", LLAMA).cancelled() == 1);
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.HANGING);
    }

    @Test
    void cutOpenAiStreamEndsWithoutDoneAndTheSdkThrows() {
        fleet.control().setOffer("groq", LLAMA, Behaviour.NORMAL.withFault(Fault.CUT_STREAM).withCutAfter(3));
        List<ChatCompletionChunk> got = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> s = groq.chat().completions().createStreaming(params(UPSTREAM))) {
                s.stream().forEach(got::add);
            }
        }).isInstanceOf(com.openai.errors.OpenAIIoException.class);
        assertThat(got).hasSize(3);
        assertThat(got).noneMatch(c -> c.choices().stream().anyMatch(ch -> ch.finishReason().isPresent()));
        HttpResponse<String> raw;
        try {
            raw = SdkClients.post(fleet.gatewayBaseUrl("groq") + "/chat/completions",
                    "{\"model\":\"" + UPSTREAM + "\",\"stream\":true,\"messages\":[]}", "Authorization", "Bearer " + GROQ_KEY);
            assertThat(raw.body()).doesNotContain("[DONE]");
        } catch (java.io.UncheckedIOException expected) {
            assertThat(expected.getCause()).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void cutNonStreamingBodyFailsAsAnUnreadableResponse() {
        fault(Fault.CUT_STREAM);
        // The SDK reports a body cut mid-way as invalid data whose root cause is the read error.
        assertThatThrownBy(this::call).isInstanceOf(com.openai.errors.OpenAIInvalidDataException.class)
                .hasRootCauseInstanceOf(java.io.IOException.class);
    }

    @Test
    void cutAnthropicStreamEndsWithoutMessageStopAndTheSdkThrows() {
        fleet.control().setOffer("anthropic", SONNET, Behaviour.NORMAL.withFault(Fault.CUT_STREAM).withCutAfter(4));
        List<RawMessageStreamEvent> got = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (var s = anthropic.messages().createStreaming(message())) {
                s.stream().forEach(got::add);
            }
        }).isInstanceOf(com.anthropic.errors.AnthropicIoException.class);
        assertThat(got).noneMatch(RawMessageStreamEvent::isMessageStop);
        assertThat(got.get(0).isMessageStart()).isTrue();
    }

    @Test
    void errorMidStreamArrivesAsAnErrorEventTheSdksRaise() {
        fleet.control().setOffer("anthropic", SONNET, Behaviour.NORMAL.withFault(Fault.STREAM_ERROR).withCutAfter(4));
        List<RawMessageStreamEvent> got = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (var s = anthropic.messages().createStreaming(message())) {
                s.stream().forEach(got::add);
            }
        }).isInstanceOf(com.anthropic.errors.SseException.class).hasMessageContaining("overloaded_error");
        assertThat(got).isNotEmpty().noneMatch(RawMessageStreamEvent::isMessageStop);

        fleet.control().setOffer("groq", LLAMA, Behaviour.NORMAL.withFault(Fault.STREAM_ERROR).withCutAfter(2));
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> s = groq.chat().completions().createStreaming(params(UPSTREAM))) {
                s.stream().forEach(c -> { });
            }
        }).isInstanceOf(com.openai.errors.SseException.class);
        // Not streaming, the same fault is a plain 500.
        assertThatThrownBy(this::call).isInstanceOf(InternalServerException.class);
    }

    @Test
    void malformedBodyIsA200ThatDoesNotParse() {
        fault(Fault.MALFORMED);
        assertThatThrownBy(this::call).isInstanceOf(com.openai.errors.OpenAIException.class)
                .isNotInstanceOf(OpenAIServiceException.class);
        HttpResponse<String> raw = SdkClients.post(fleet.gatewayBaseUrl("groq") + "/chat/completions",
                "{\"model\":\"" + UPSTREAM + "\",\"messages\":[]}", "Authorization", "Bearer " + GROQ_KEY);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> new com.fasterxml.jackson.databind.ObjectMapper().readTree(raw.body()))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> s = groq.chat().completions().createStreaming(params(UPSTREAM))) {
                s.stream().forEach(c -> { });
            }
        }).isInstanceOf(com.openai.errors.OpenAIException.class);
    }

    @Test
    void resetClosesTheConnectionWithoutAnAnswer() {
        fault(Fault.RESET);
        assertThatThrownBy(this::call).isInstanceOf(com.openai.errors.OpenAIIoException.class);
    }

    @Test
    void flakyOfferFailsASeededShareOfCallsTheSameWayEveryRun() {
        fleet.control().setOffer("groq", LLAMA, Behaviour.NORMAL.withErrorRate(0.5, Fault.UNAVAILABLE));
        List<Boolean> first = outcomes(20);
        fleet.control().reset().setOffer("groq", LLAMA, Behaviour.NORMAL.withErrorRate(0.5, Fault.UNAVAILABLE));
        List<Boolean> second = outcomes(20);
        assertThat(second).isEqualTo(first);
        assertThat(first).contains(true, false);
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.FLAKY);
    }

    private List<Boolean> outcomes(int n) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                call();
                out.add(true);
            } catch (InternalServerException e) {
                assertThat(e.statusCode()).isEqualTo(503);
                out.add(false);
            }
        }
        return out;
    }

    @Test
    void aColdOfferIsReportedAsColdStartAndStillAnswersItsCalls() {
        // Which call is cold and how much later its first byte comes is FleetStateTest's, on fake time.
        fleet.control().setOffer("groq", LLAMA, Behaviour.NORMAL.withColdStart(400, 0));
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.COLD_START);
        call();
        call();
        assertThat(fleet.requestCount("groq", LLAMA, "ok")).isEqualTo(2);
    }

    @Test
    void aDownGatewayAnswersEveryCallBeforeLookingAtTheKey() {
        fleet.control().gatewayFault("groq", Fault.UNAVAILABLE);
        assertThatThrownBy(this::call).isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThatThrownBy(() -> SdkClients.openai(fleet, "groq", "wrong").chat().completions().create(params("o3-mini")))
                .isInstanceOf(InternalServerException.class);
        assertThat(fleet.gatewayTruth("groq").state()).isEqualTo(TruthState.DOWN);
        assertThat(fleet.truth("groq", "o3-mini").state()).isEqualTo(TruthState.DOWN);

        fleet.control().gatewayFault("groq", Fault.RATE_LIMITED);
        assertThatThrownBy(this::call).isInstanceOf(RateLimitException.class);
        fleet.control().gatewayFault("groq", Fault.AUTH_REJECTED);
        assertThatThrownBy(this::call).isInstanceOf(UnauthorizedException.class);
        assertThat(fleet.truth("groq", LLAMA).state()).isEqualTo(TruthState.AUTH_REJECTED);
        fleet.control().gatewayFault("groq", Fault.NONE);
        assertThat(call().choices()).hasSize(1);
    }

    @Test
    void aggregatorRefusesMoreDistinctModelsAMinuteThanItsLimit() {
        fleet.control().setGateway("together", Behaviour.NORMAL.withModelSwitchesPerMinute(1));
        OpenAIClient together = SdkClients.openai(fleet, "together", TestFleets.TOGETHER_KEY);
        together.chat().completions().create(params("meta-llama/Llama-3.3-70B-Instruct-Turbo"));
        together.chat().completions().create(params("meta-llama/Llama-3.3-70B-Instruct-Turbo"));
        assertThatThrownBy(() -> together.chat().completions().create(params("Qwen/Qwen2.5-72B-Instruct-Turbo")))
                .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(Integer.parseInt(e.headers().values("retry-after").get(0)))
                        .isBetween(1, 60));
        assertThat(fleet.truth("together", TestFleets.QWEN).state()).isEqualTo(TruthState.UP);
    }
}
