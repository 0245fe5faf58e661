package io.healthgate.providers.translate;

import io.healthgate.catalog.Protocol;
import io.healthgate.providers.sse.SseEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a stream's transcript notes of the events sent to the client (read in one streaming pass,
 * with the tree as the fallback for unusual events): the text, whether only plain text went out,
 * and the names a continuation takes over.
 */
class StreamTranscriptTest {

    private static SseEvent chunk(String json) {
        return SseEvent.data(json);
    }

    @Test
    void anOpenAiStreamsTextAndChunkIdAreNoted() {
        StreamTranscript t = new StreamTranscript(Protocol.OPENAI);
        t.sent(List.of(
                chunk("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"),
                chunk("{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}"),
                chunk("{\"choices\":[{\"delta\":{\"content\":\"lo \\\"you\\\"\"}}],\"id\":\"chatcmpl-1\"}"),
                SseEvent.data("{not json"),
                SseEvent.data(""),
                SseEvent.done()));

        assertThat(t.text()).isEqualTo("Hello \"you\"");
        assertThat(t.onlyText()).isTrue();
        // The continuation's chunks are renamed to the client's chunk id.
        List<SseEvent> next = t.continuation().filter(List.of(
                chunk("{\"id\":\"other\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"}}]}")));
        assertThat(next).hasSize(1);
        assertThat(next.get(0).data()).contains("\"id\":\"chatcmpl-1\"");
        assertThat(t.text()).isEqualTo("Hello \"you\"!");
    }

    @Test
    void anythingButPlainTextInAnOpenAiStreamIsNoted() {
        for (String delta : List.of("{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"f\"}}]}", "{\"function_call\":null}",
                "{\"reasoning\":\"hmm\"}", "{\"reasoning_content\":\"hmm\"}")) {
            StreamTranscript t = new StreamTranscript(Protocol.OPENAI);
            t.sent(List.of(chunk("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":" + delta + "}]}")));
            assertThat(t.onlyText()).as(delta).isFalse();
        }
        StreamTranscript two = new StreamTranscript(Protocol.OPENAI);
        two.sent(List.of(chunk("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}},{\"index\":1,\"delta\":{\"content\":\"b\"}}]}")));
        assertThat(two.onlyText()).isFalse();
        assertThat(two.text()).isEqualTo("a"); // the first choice's text
        // choices not an array: the tree reads it (an object's field count is its size)
        StreamTranscript odd = new StreamTranscript(Protocol.OPENAI);
        odd.sent(List.of(chunk("{\"id\":\"c\",\"choices\":{\"a\":1,\"b\":2}}")));
        assertThat(odd.onlyText()).isFalse();
    }

    @Test
    void anAnthropicStreamsTextBlockAndTextAreNoted() {
        StreamTranscript t = new StreamTranscript(Protocol.ANTHROPIC);
        t.sent(List.of(
                SseEvent.of("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"content\":[]}}"),
                SseEvent.of("content_block_start", "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                SseEvent.of("content_block_delta", "{\"delta\":{\"text\":\"Hi \",\"type\":\"text_delta\"},\"type\":\"content_block_delta\",\"index\":2}"),
                SseEvent.data("{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"there\"}}"),
                SseEvent.of("ping", "{\"type\":\"ping\"}")));
        assertThat(t.text()).isEqualTo("Hi there");
        assertThat(t.onlyText()).isTrue();
        // The continuation's text block takes the client's index (2).
        List<SseEvent> next = t.continuation().filter(List.of(
                SseEvent.of("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                SseEvent.of("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"!\"}}")));
        assertThat(next).extracting(SseEvent::data).anySatisfy(d -> assertThat(d).contains("\"index\":2").contains("\"text\":\"!\""));
        assertThat(t.text()).isEqualTo("Hi there!");
    }

    @Test
    void anAnthropicToolUseOrThinkingBlockIsNotPlainText() {
        StreamTranscript tool = new StreamTranscript(Protocol.ANTHROPIC);
        tool.sent(List.of(SseEvent.of("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}}")));
        assertThat(tool.onlyText()).isFalse();

        StreamTranscript thinking = new StreamTranscript(Protocol.ANTHROPIC);
        thinking.sent(List.of(SseEvent.of("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}")));
        assertThat(thinking.onlyText()).isFalse();
        assertThat(thinking.text()).isEmpty();

        // A text that is not a string is left to the tree, which reads it as its text.
        StreamTranscript odd = new StreamTranscript(Protocol.ANTHROPIC);
        odd.sent(List.of(SseEvent.of("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":5}}")));
        assertThat(odd.text()).isEqualTo("5");
    }
}
