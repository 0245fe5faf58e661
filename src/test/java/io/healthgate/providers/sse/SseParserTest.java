package io.healthgate.providers.sse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTest {

    @Test
    void anEventIsReturnedAsSoonAsItsBlankLineArrives() {
        SseParser p = new SseParser();

        assertThat(p.feed("event: message_start\ndata: {\"a\"")).isEmpty();
        assertThat(p.feed(":1}\n")).isEmpty();
        assertThat(p.hasPartialEvent()).isTrue();
        assertThat(p.feed("\n")).containsExactly(SseEvent.of("message_start", "{\"a\":1}"));
        assertThat(p.hasPartialEvent()).isFalse();
    }

    @Test
    void crlfSplitBetweenChunksIsOneLineBreak() {
        SseParser p = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        events.addAll(p.feed("data: a\r"));
        events.addAll(p.feed("\ndata: b\r"));
        events.addAll(p.feed("\n\r"));
        events.addAll(p.feed("\n"));

        assertThat(events).containsExactly(SseEvent.data("a\nb"));
    }

    @Test
    void multiLineDataCommentsAndFieldsWithoutSpaceFollowTheSpec() {
        String stream = ": OPENROUTER PROCESSING\n\ndata:first\ndata: second\ndata:  indented\nid: 7\nretry: 100\nunknown: x\n\n";

        assertThat(new SseParser().feed(stream)).containsExactly(new SseEvent("", "first\nsecond\n indented", "7"));
    }

    @Test
    void anEventWithoutDataIsDroppedAndAnEmptyDataLineIsKept() {
        assertThat(new SseParser().feed("event: ping\n\ndata:\n\n")).containsExactly(SseEvent.data(""));
    }

    @Test
    void aUtf8CharacterSplitAcrossByteChunksIsDecodedWhole() {
        byte[] bytes = "data: héllo ✓ 🙂\n\n".getBytes(StandardCharsets.UTF_8);
        SseParser p = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        for (byte b : bytes) {
            events.addAll(p.feed(new byte[] {b}));
        }
        assertThat(events).containsExactly(SseEvent.data("héllo ✓ 🙂"));
    }

    @Test
    void aLeadingByteOrderMarkIsSkipped() {
        assertThat(new SseParser().feed("\uFEFFdata: x\n\n")).containsExactly(SseEvent.data("x"));
    }

    @Test
    void theWriterFramesNamedAndMultiLineEvents() {
        assertThat(SseWriter.frame(SseEvent.of("ping", "{\"type\":\"ping\"}")))
                .isEqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\n");
        assertThat(SseWriter.frame(SseEvent.data("a\nb"))).isEqualTo("data: a\ndata: b\n\n");
        // Every line break kind ends a data line; CRLF is one break; a trailing break is an empty last line.
        assertThat(SseWriter.frame(SseEvent.data("a\r\nb\rc\n\nd\n"))).isEqualTo("data: a\ndata: b\ndata: c\ndata: \ndata: d\ndata: \n\n");
        assertThat(SseWriter.frame(SseEvent.data(""))).isEqualTo("data: \n\n");
        assertThat(SseWriter.frame(SseEvent.data("\r\r\n"))).isEqualTo("data: \ndata: \ndata: \n\n");
        assertThat(SseWriter.frame(SseEvent.done())).isEqualTo("data: [DONE]\n\n");
        assertThat(SseWriter.comment("keep\nalive")).isEqualTo(": keep alive\n\n");
    }
}
