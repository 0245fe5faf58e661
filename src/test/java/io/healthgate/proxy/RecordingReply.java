package io.healthgate.proxy;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the client got, recorded: status, headers, body (every write in order), and whether it ended. */
final class RecordingReply implements ClientReply {
    int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final StringBuilder body = new StringBuilder();
    /** How many writes (flushes, on a real connection) the body took, the end's included when it carried data. */
    int writes;
    private boolean headWritten;
    private boolean ended;
    private boolean chunked;
    private Runnable onClose = () -> { };

    /** The client goes away. */
    void close() {
        onClose.run();
    }

    boolean isChunked() {
        return chunked;
    }

    @Override
    public void onClose(Runnable action) {
        onClose = action;
    }

    @Override
    public ClientReply status(int code) {
        status = code;
        return this;
    }

    @Override
    public ClientReply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    @Override
    public ClientReply chunked() {
        chunked = true;
        return this;
    }

    @Override
    public void write(String data) {
        headWritten = true;
        body.append(data);
        writes++;
    }

    @Override
    public void end(String data) {
        write(data);
        ended = true;
    }

    @Override
    public void end() {
        headWritten = true;
        ended = true;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public boolean headWritten() {
        return headWritten;
    }

    @Override
    public boolean writeQueueFull() {
        return false;
    }

    @Override
    public void onDrain(Runnable action) {
    }
}
