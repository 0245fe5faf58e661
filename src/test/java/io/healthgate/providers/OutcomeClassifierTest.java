package io.healthgate.providers;

import io.healthgate.health.OutcomeClass;
import io.healthgate.providers.sse.SseEvent;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeClassifierTest {

    private final FakeClock clock = new FakeClock();
    private final OutcomeClassifier classifier = new OutcomeClassifier(clock);

    @Test
    void aCompleteOpenAiCompletionIsASuccess() {
        String body = """
                {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"OK"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1}}""";
        assertThat(classifier.classify(200, Map.of(), body)).isEqualTo(Classification.success());
    }

    @Test
    void aToolCallWithoutTextIsASuccess() {
        String body = """
                {"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""";
        assertThat(classifier.classify(200, Map.of(), body).outcomeClass()).isEqualTo(OutcomeClass.SUCCESS);
    }

    @Test
    void anAnthropicMessageIsASuccess() {
        String body = """
                {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"OK"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":1}}""";
        assertThat(classifier.classify(200, Map.of(), body).isSuccess()).isTrue();
    }

    @Test
    void twoHundredWithBrokenJsonNoChoicesOrNoContentIsABadResponse() {
        assertThat(classifier.classify(200, Map.of(), "{\"choices\":[{\"message\":").detail()).isEqualTo("invalid_json");
        assertThat(classifier.classify(200, Map.of(), "<html>oops</html>").outcomeClass()).isEqualTo(OutcomeClass.BAD_RESPONSE);
        assertThat(classifier.classify(200, Map.of(), "{\"id\":\"x\",\"choices\":[]}").detail()).isEqualTo("no_choices");
        Classification noContent = classifier.classify(200, Map.of(),
                "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":\"stop\"}]}");
        assertThat(noContent.outcomeClass()).isEqualTo(OutcomeClass.BAD_RESPONSE);
        assertThat(noContent.detail()).isEqualTo("no_content");
    }

    @Test
    void anEmptyAnswerCutByTheTokenBudgetIsProofOfLifeForAProbeOnly() {
        Classification c = classifier.classify(200, Map.of(),
                "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"length\"}]}");

        assertThat(c.outcomeClass()).isEqualTo(OutcomeClass.BAD_REQUEST);
        assertThat(c.detail()).isEqualTo("output_limit");
        assertThat(c.forProbe().outcomeClass()).isEqualTo(OutcomeClass.SUCCESS);
    }

    @Test
    void aProbesOutputLimit400CountsAsSuccessButOtherBadRequestsDoNot() {
        Classification outputLimit = classifier.classify(400, Map.of(),
                "{\"error\":{\"message\":\"Could not finish the message because max_tokens or model output limit was reached.\"}}");
        Classification context = classifier.classify(400, Map.of(),
                "{\"error\":{\"message\":\"This model's maximum context length is 4097 tokens.\"}}");

        assertThat(outputLimit.forProbe().outcomeClass()).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(context.forProbe().outcomeClass()).isEqualTo(OutcomeClass.BAD_REQUEST);
        assertThat(classifier.classify(429, Map.of(), "slow down").forProbe().outcomeClass()).isEqualTo(OutcomeClass.RATE_LIMITED);
    }

    @Test
    void aBufferedStreamIsSuccessfulOnlyWithItsTerminalEvent() {
        String openAi = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n";
        String anthropic = "event: message_start\ndata: {\"type\":\"message_start\"}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        String cut = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n";

        assertThat(classifier.classify(200, Map.of(), openAi).isSuccess()).isTrue();
        assertThat(classifier.classify(200, Map.of(), anthropic).isSuccess()).isTrue();
        assertThat(classifier.classify(200, Map.of(), cut).outcomeClass()).isEqualTo(OutcomeClass.BAD_RESPONSE);
        assertThat(classifier.classify(200, Map.of(), cut).detail()).isEqualTo("stream_cut");
    }

    @Test
    void streamEventsAreErrorsOnlyWhenTheySayso() {
        assertThat(classifier.classifyStreamEvent(SseEvent.data("{\"choices\":[{\"delta\":{\"content\":\"x\"}}]}"))).isEmpty();
        assertThat(classifier.classifyStreamEvent(SseEvent.of("content_block_delta", "{\"type\":\"content_block_delta\"}"))).isEmpty();
        assertThat(classifier.classifyStreamEvent(SseEvent.of("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")))
                .hasValueSatisfying(c -> assertThat(c.outcomeClass()).isEqualTo(OutcomeClass.SERVER_ERROR));
        assertThat(classifier.classifyStreamEvent(SseEvent.of("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}")))
                .hasValueSatisfying(c -> assertThat(c.outcomeClass()).isEqualTo(OutcomeClass.RATE_LIMITED));
    }

    @Test
    void retryAfterIsReadAsSecondsAsAnHttpDateAndFromAnExhaustedBucket() {
        assertThat(classifier.classify(429, Map.of("Retry-After", "30"), "").retryAfter()).contains(Duration.ofSeconds(30));

        clock.set(Instant.parse("2015-10-21T07:27:00Z"));
        assertThat(classifier.classify(503, Map.of("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"), "").retryAfter())
                .contains(Duration.ofMinutes(1));

        Map<String, String> buckets = Map.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "2m59.56s",
                "x-ratelimit-remaining-tokens", "1000", "x-ratelimit-reset-tokens", "7.66s");
        assertThat(classifier.classify(429, buckets, "").retryAfter()).contains(Duration.ofMillis(179_560));

        assertThat(classifier.classify(429, Map.of("retry-after", "999999999"), "").retryAfter()).contains(Duration.ofDays(1));
        assertThat(classifier.classify(429, Map.of(), "no hint here").retryAfter()).isEmpty();
    }

    @Test
    void exceptionsMapToConnectionErrorTimeoutOrCancelled() {
        assertThat(classifier.classifyException(new ConnectException("Connection refused")).detail()).isEqualTo("refused");
        assertThat(classifier.classifyException(new UnknownHostException("api.example")).detail()).isEqualTo("dns");
        assertThat(classifier.classifyException(new SSLHandshakeException("PKIX path building failed")).detail()).isEqualTo("tls");
        assertThat(classifier.classifyException(new IOException("Connection reset by peer")).detail()).isEqualTo("reset");
        assertThat(classifier.classifyException(new CompletionException(new ConnectException("Connection refused")))
                .outcomeClass()).isEqualTo(OutcomeClass.CONNECTION_ERROR);
        assertThat(classifier.classifyException(new SocketTimeoutException("Read timed out")).outcomeClass())
                .isEqualTo(OutcomeClass.TIMEOUT);
        assertThat(classifier.classifyException(new TimeoutException()).outcomeClass()).isEqualTo(OutcomeClass.TIMEOUT);
        assertThat(classifier.classifyException(new CancellationException()).outcomeClass()).isEqualTo(OutcomeClass.CANCELLED);
        assertThat(classifier.timeout("first_byte", Duration.ofSeconds(30)).summary()).isEqualTo("no first byte within 30000 ms");
    }

    @Test
    void exceptionSummariesCarryNoSecrets() {
        Classification c = classifier.classifyException(
                new IOException("Connection reset while sending Authorization: Bearer sk-proj-abcdefghijklmnop1234"));
        assertThat(c.summary()).doesNotContain("abcdefghijklmnop").contains("Bearer ***");
    }
}
