package io.healthgate.providers.sse;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Frames events for the wire. Multi-line data becomes several {@code data:} lines (any of
 * CRLF, CR, LF inside the data counts as a line break), every event ends with a blank line, and
 * a named event carries its {@code event:} line first, as Anthropic's streams do.
 */
public final class SseWriter {

    private SseWriter() {
    }

    /** The text of one event, including its terminating blank line. */
    public static String frame(SseEvent e) {
        StringBuilder sb = new StringBuilder(e.data().length() + 32);
        if (!e.event().isEmpty()) {
            sb.append("event: ").append(e.event()).append('\n');
        }
        if (!e.id().isEmpty()) {
            sb.append("id: ").append(e.id()).append('\n');
        }
        for (String dataLine : e.data().split("\r\n|\r|\n", -1)) {
            sb.append("data: ").append(dataLine).append('\n');
        }
        return sb.append('\n').toString();
    }

    /** The text of several events, in order. */
    public static String frame(List<SseEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (SseEvent e : events) {
            sb.append(frame(e));
        }
        return sb.toString();
    }

    /** The UTF-8 bytes of one event. */
    public static byte[] bytes(SseEvent e) {
        return frame(e).getBytes(StandardCharsets.UTF_8);
    }

    /** The UTF-8 bytes of several events. */
    public static byte[] bytes(List<SseEvent> events) {
        return frame(events).getBytes(StandardCharsets.UTF_8);
    }

    /** A comment line (ignored by clients), useful as a keep-alive. */
    public static String comment(String text) {
        return ": " + text.replaceAll("[\r\n]+", " ") + "\n\n";
    }
}
