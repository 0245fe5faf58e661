package io.healthgate.proxy;

import io.vertx.core.http.HttpServerResponse;

/**
 * The client's side of a journey: the part of {@link HttpServerResponse} it writes to, so a
 * journey can be driven against a recording reply on fake time.
 */
interface ClientReply {

    /** {@code action} runs once when the client's connection closes. */
    void onClose(Runnable action);

    ClientReply status(int code);

    ClientReply header(String name, String value);

    /** Starts a chunked body (a stream). */
    ClientReply chunked();

    void write(String data);

    void end(String body);

    /** Ends with these bytes (a relayed answer, never decoded). */
    default void end(io.vertx.core.buffer.Buffer body) {
        end(body.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    void end();

    boolean ended();

    boolean headWritten();

    boolean writeQueueFull();

    /** {@code action} runs once the write queue has room again. */
    void onDrain(Runnable action);

    static ClientReply over(HttpServerResponse r) {
        return new Over(r);
    }

    /** The real response. */
    record Over(HttpServerResponse r) implements ClientReply {
        public void onClose(Runnable action) {
            r.closeHandler(v -> action.run());
        }

        public ClientReply status(int code) {
            r.setStatusCode(code);
            return this;
        }

        public ClientReply header(String name, String value) {
            r.putHeader(io.healthgate.providers.http.HeaderNames.of(name), value);
            return this;
        }

        public ClientReply chunked() {
            r.setChunked(true);
            return this;
        }

        public void write(String data) {
            r.write(data);
        }

        public void end(String body) {
            r.end(body);
        }

        @Override
        public void end(io.vertx.core.buffer.Buffer body) {
            r.end(body);
        }

        public void end() {
            r.end();
        }

        public boolean ended() {
            return r.ended();
        }

        public boolean headWritten() {
            return r.headWritten();
        }

        public boolean writeQueueFull() {
            return r.writeQueueFull();
        }

        public void onDrain(Runnable action) {
            r.drainHandler(v -> action.run());
        }
    }
}
