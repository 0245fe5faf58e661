package io.healthgate.proxy.interim;

/** TEMPORARY: see package-info. */
public record SseEvent(String event, String data, String id) {
    public static final String DONE_DATA = "[DONE]";

    public SseEvent {
        event = event == null ? "" : event;
        data = data == null ? "" : data;
        id = id == null ? "" : id;
    }

    public boolean isDone() {
        return DONE_DATA.equals(data.trim());
    }
}
