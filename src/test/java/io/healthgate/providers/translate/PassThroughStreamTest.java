package io.healthgate.providers.translate;

import io.healthgate.catalog.Protocol;
import io.healthgate.providers.sse.SseEvent;
import io.healthgate.providers.sse.SseParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PassThroughStreamTest {

    private static List<SseEvent> relay(StreamTranslator t, String wire) {
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent e : new SseParser().feed(wire)) {
            out.addAll(t.onEvent(e));
        }
        return out;
    }

    @Test
    void anOpenAiStreamPassesUnchangedWhileUsageAndCompletionAreTracked() {
        StreamTranslator t = Translator.passThrough(Protocol.OPENAI, true);
        List<SseEvent> upstream = new SseParser().feed(StreamTranslationTest.OPENAI_STREAM);

        List<SseEvent> out = relay(t, StreamTranslationTest.OPENAI_STREAM);

        assertThat(out).isEqualTo(upstream);
        assertThat(t.completed()).isTrue();
        assertThat(t.inputTokens()).isEqualTo(50);
        assertThat(t.outputTokens()).isEqualTo(12);
        assertThat(t.finishReason()).contains("tool_calls");
    }

    @Test
    void aUsageChunkTheClientDidNotAskForIsWithheld() {
        StreamTranslator t = Translator.passThrough(Protocol.OPENAI, false);

        List<SseEvent> out = relay(t, StreamTranslationTest.OPENAI_STREAM);

        assertThat(out).hasSize(new SseParser().feed(StreamTranslationTest.OPENAI_STREAM).size() - 1);
        assertThat(out).noneMatch(e -> e.data().contains("\"usage\""));
        assertThat(t.outputTokens()).isEqualTo(12);
    }

    @Test
    void anAnthropicStreamPassesUnchangedWhileUsageAndCompletionAreTracked() {
        StreamTranslator t = Translator.passThrough(Protocol.ANTHROPIC, true);

        List<SseEvent> out = relay(t, StreamTranslationTest.ANTHROPIC_STREAM);

        assertThat(out).isEqualTo(new SseParser().feed(StreamTranslationTest.ANTHROPIC_STREAM));
        assertThat(t.completed()).isTrue();
        assertThat(t.inputTokens()).isEqualTo(472);
        assertThat(t.outputTokens()).isEqualTo(89);
        assertThat(t.finishReason()).contains("tool_use");
    }

    @Test
    void aCutPassThroughStreamGetsTheProtocolsErrorEvent() {
        String cut = StreamTranslationTest.ANTHROPIC_STREAM.substring(0, 700);
        StreamTranslator t = Translator.passThrough(Protocol.ANTHROPIC, true);
        relay(t, cut);

        assertThat(t.onUpstreamEnd()).singleElement().satisfies(e -> assertThat(e.event()).isEqualTo("error"));
        assertThat(t.completed()).isFalse();
    }

    @Test
    void anInBandErrorIsForwardedAndRemembered() {
        StreamTranslator t = Translator.passThrough(Protocol.ANTHROPIC, true);
        String wire = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";

        assertThat(relay(t, wire)).hasSize(1);
        assertThat(t.upstreamError()).isPresent();
        assertThat(t.ended()).isTrue();
        assertThat(t.completed()).isFalse();
    }

    @Test
    void aFinishedOpenAiStreamWithoutDoneGetsOne() {
        StreamTranslator t = Translator.passThrough(Protocol.OPENAI, true);
        relay(t, StreamTranslationTest.OPENAI_STREAM.replace("data: [DONE]\n\n", ""));

        assertThat(t.onUpstreamEnd()).singleElement().satisfies(e -> assertThat(e.isDone()).isTrue());
        assertThat(t.completed()).isTrue();
    }
}
