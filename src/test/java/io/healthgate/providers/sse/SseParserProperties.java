package io.healthgate.providers.sse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** However a valid stream is cut into chunks (bytes or chars, any line-ending style), the events are the same. */
class SseParserProperties {

    @Property(tries = 200)
    void anySplitOfTheBytesYieldsTheSameEvents(@ForAll("streams") List<SseEvent> events,
                                               @ForAll("lineEndings") String eol,
                                               @ForAll long seed,
                                               @ForAll @IntRange(min = 1, max = 12) int maxChunk) {
        byte[] wire = encode(events, eol).getBytes(StandardCharsets.UTF_8);
        Random random = new Random(seed);
        SseParser parser = new SseParser();
        List<SseEvent> parsed = new ArrayList<>();
        int i = 0;
        while (i < wire.length) {
            int n = Math.min(wire.length - i, 1 + random.nextInt(maxChunk));
            parsed.addAll(parser.feed(Arrays.copyOfRange(wire, i, i + n)));
            i += n;
        }
        assertThat(parsed).as("wire %s", escape(new String(wire, StandardCharsets.UTF_8))).isEqualTo(events);
        assertThat(parser.hasPartialEvent()).isFalse();
    }

    @Property(tries = 200)
    void anySplitOfTheTextYieldsTheSameEvents(@ForAll("streams") List<SseEvent> events,
                                              @ForAll("lineEndings") String eol,
                                              @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 10_000) Integer> cuts) {
        String wire = encode(events, eol);
        SseParser parser = new SseParser();
        List<SseEvent> parsed = new ArrayList<>();
        int from = 0;
        for (int cut : cuts.stream().map(c -> c % (wire.length() + 1)).sorted().toList()) {
            parsed.addAll(parser.feed(wire.substring(from, Math.max(from, cut))));
            from = Math.max(from, cut);
        }
        parsed.addAll(parser.feed(wire.substring(from)));
        assertThat(parsed).isEqualTo(events);
    }

    @Property(tries = 100)
    void theWriterAndParserRoundTrip(@ForAll("streams") List<SseEvent> events) {
        assertThat(new SseParser().feed(SseWriter.frame(events))).isEqualTo(events);
    }

    @Provide
    Arbitrary<String> lineEndings() {
        return Arbitraries.of("\n", "\r\n", "\r");
    }

    @Provide
    Arbitrary<List<SseEvent>> streams() {
        Arbitrary<String> name = Arbitraries.of("", "message_start", "content_block_delta", "error", "ping");
        // Whole code points (not chars): a lone surrogate half is not valid UTF-8 and cannot round-trip.
        Arbitrary<String> line = Arbitraries.of("a", "b", "c", " ", "{", "}", "\"", ":", ",", "[", "]", "é", "✓", "🙂", "\\")
                .list().ofMaxSize(20).map(parts -> String.join("", parts));
        Arbitrary<String> data = line.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("\n", l));
        Arbitrary<String> id = Arbitraries.of("", "1", "evt-42");
        return Combinators.combine(name, data, id).as(SseEvent::new).list().ofMaxSize(6);
    }

    private static String escape(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** Frames events with the given line ending, adding comments that the parser must skip. */
    private static String encode(List<SseEvent> events, String eol) {
        StringBuilder sb = new StringBuilder();
        for (SseEvent e : events) {
            sb.append(": keep-alive").append(eol);
            if (!e.event().isEmpty()) {
                sb.append("event: ").append(e.event()).append(eol);
            }
            if (!e.id().isEmpty()) {
                sb.append("id:").append(e.id()).append(eol);
            }
            for (String l : e.data().split("\n", -1)) {
                sb.append("data: ").append(l).append(eol);
            }
            sb.append(eol);
        }
        return sb.toString();
    }
}
