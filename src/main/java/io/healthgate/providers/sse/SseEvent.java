package io.healthgate.providers.sse;

import java.util.Objects;

/**
 * One complete server-sent event.
 *
 * @param event the event type, empty when the stream did not name one (the client then sees "message")
 * @param data the data lines joined with {@code \n}, never null
 * @param id this event's own {@code id} field, empty when it had none
 */
public record SseEvent(String event, String data, String id) {

    /** The data of OpenAI's end-of-stream marker. */
    public static final String DONE_DATA = "[DONE]";

    public SseEvent {
        event = event == null ? "" : event;
        Objects.requireNonNull(data, "data");
        id = id == null ? "" : id;
        if (event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an event name cannot contain a line break: " + event);
        }
    }

    /** An unnamed event (OpenAI style: only {@code data:} lines). */
    public static SseEvent data(String data) {
        return new SseEvent("", data, "");
    }

    /** A named event (Anthropic style: {@code event:} and {@code data:}). */
    public static SseEvent of(String event, String data) {
        return new SseEvent(event, data, "");
    }

    /** OpenAI's {@code data: [DONE]}. */
    public static SseEvent done() {
        return data(DONE_DATA);
    }

    public boolean isDone() {
        return event.isEmpty() && DONE_DATA.equals(data.strip());
    }
}
