package io.healthgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthgate.catalog.Protocol;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * One request's answer, played out over time on the event loop: the first-byte wait, then the
 * planned fault or answer, chunk by chunk. When the client goes away every pending timer is
 * cancelled, so a hang or a slow stream never outlives its connection.
 */
final class Exchange {
    private final Vertx vertx;
    private final RoutingContext ctx;
    private final HttpServerResponse resp;
    private final Protocol protocol;
    private final Plan plan;
    private final Runnable onCancel;
    private final double wallLatencyScale;
    private long timer = -1;
    private boolean closed;
    private boolean struck;
    private int contentStart;

    /** @param wallLatencyScale wall milliseconds each planned millisecond of waiting takes (0: none) */
    Exchange(Vertx vertx, RoutingContext ctx, Protocol protocol, Plan plan, double wallLatencyScale, Runnable onCancel) {
        this.vertx = vertx;
        this.wallLatencyScale = wallLatencyScale;
        this.ctx = ctx;
        this.resp = ctx.response();
        this.protocol = protocol;
        this.plan = plan;
        this.onCancel = onCancel;
    }

    /** Waits the planned first-byte delay, then runs {@code firstByte}. */
    void start(Runnable firstByte) {
        resp.closeHandler(v -> {
            closed = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            if (!resp.ended()) {
                onCancel.run();
            }
        });
        after(plan.firstByteMs(), firstByte);
    }

    private void after(long plannedMs, Runnable r) {
        if (closed) {
            return;
        }
        long ms = wallLatencyScale == 1.0 ? plannedMs : Math.round(plannedMs * wallLatencyScale);
        if (ms <= 0) {
            r.run();
            return;
        }
        timer = vertx.setTimer(ms, id -> {
            timer = -1;
            if (!closed) {
                r.run();
            }
        });
    }

    /** Sends the planned fault's answer (status faults, hang, reset, malformed body). */
    void fault(String upstream, boolean stream, JsonNode request) {
        switch (plan.fault()) {
            case HANG -> { } // never answers; the close handler cleans up
            case RESET -> ctx.request().connection().close();
            case MALFORMED -> malformed(stream);
            case ECHO_KEY -> {
                ErrorReply e = ErrorReply.keyEcho(protocol, presentedKey());
                resp.setStatusCode(e.status()).putHeader("content-type", e.contentType()).end(e.body());
            }
            default -> {
                ErrorReply e = ErrorReply.of(protocol, plan.fault(), upstream, plan.retryAfterSeconds(), plan.tokenFloor());
                e.headers().forEach(resp::putHeader);
                resp.setStatusCode(e.status()).putHeader("content-type", e.contentType()).end(e.body());
            }
        }
    }

    /** Sends a whole JSON body, or cuts it half way when the plan says so. */
    void body(String json) {
        resp.putHeader("content-type", "application/json");
        if (plan.fault() == Fault.STALL) {
            // head then silence: the status line and headers go out, the body only after the stall
            resp.setChunked(true).writeHead();
            if (plan.stallMs() > 0) {
                after(plan.stallMs(), () -> resp.end(json));
            }
            return;
        }
        if (plan.fault() == Fault.CUT_STREAM || plan.fault() == Fault.CUT_AFTER_TOKENS) {
            resp.setChunked(true).write(json.substring(0, json.length() / 2));
            after(Math.max(1, plan.chunkDelayMs()), () -> ctx.request().connection().close());
            return;
        }
        resp.end(json);
    }

    /** Streams SSE frames one by one, {@code chunkDelayMs} apart; a cut or error fault stops after k frames. */
    void stream(List<String> frames) {
        stream(frames, protocol == Protocol.ANTHROPIC ? 3 : 1);
    }

    /**
     * Streams {@code frames}; frame {@code contentStart} carries the first content token, so a
     * token fault strikes before frame {@code contentStart + afterTokens}.
     */
    void stream(List<String> frames, int contentStart) {
        this.contentStart = contentStart;
        resp.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
        write(frames, 0);
    }

    private void write(List<String> frames, int i) {
        if (closed) {
            return;
        }
        if (i == plan.cutAfterChunks() && plan.fault() == Fault.CUT_STREAM) {
            ctx.request().connection().close();
            return;
        }
        if (i == plan.cutAfterChunks() && plan.fault() == Fault.STREAM_ERROR) {
            resp.end(protocol == Protocol.ANTHROPIC ? AnthropicWire.streamError() : OpenAiWire.streamError());
            return;
        }
        if (!struck && i == contentStart + plan.afterTokens() && i < frames.size()) {
            struck = true;
            switch (plan.fault()) {
                case CUT_AFTER_TOKENS -> {
                    ctx.request().connection().close();
                    return;
                }
                case STALL -> {
                    if (plan.stallMs() > 0) {
                        after(plan.stallMs(), () -> write(frames, i));
                    }
                    return; // stallMs 0: silent until the client closes (the close handler cleans up)
                }
                case MALFORMED_EVENT -> resp.write(protocol == Protocol.ANTHROPIC
                        ? "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_del\n\n"
                        : "data: {\"id\":\"garbage\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\n\n");
                case ECHO_KEY -> {
                    String key = presentedKey();
                    resp.end(protocol == Protocol.ANTHROPIC ? AnthropicWire.keyEchoStreamError(key) : OpenAiWire.keyEchoStreamError(key));
                    return;
                }
                default -> { }
            }
        }
        if (i == frames.size()) {
            resp.end();
            return;
        }
        resp.write(frames.get(i));
        after(i + 1 < frames.size() ? plan.chunkDelayMs() : 0, () -> write(frames, i + 1));
    }

    /** The key the caller sent (x-api-key, else the bearer token), or empty. */
    private String presentedKey() {
        String k = ctx.request().getHeader("x-api-key");
        if (k != null) {
            return k;
        }
        String auth = ctx.request().getHeader("Authorization");
        return auth == null ? "" : auth.startsWith("Bearer ") ? auth.substring(7) : auth;
    }

    private void malformed(boolean stream) {
        resp.setStatusCode(200);
        if (!stream) {
            resp.putHeader("content-type", "application/json").end(protocol == Protocol.ANTHROPIC
                    ? "{\"id\":\"msg_malformed\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hel"
                    : "{\"id\":\"chatcmpl-malformed\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hel");
            return;
        }
        resp.setChunked(true).putHeader("content-type", "text/event-stream");
        if (protocol == Protocol.ANTHROPIC) {
            resp.write("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_del\n\n");
            resp.end("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        } else {
            resp.write("data: {\"id\":\"chatcmpl-malformed\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\n\n");
            resp.end("data: [DONE]\n\n");
        }
    }
}
