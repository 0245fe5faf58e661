package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny scripted upstream for the front-door tests (until the simulated fleet is used): answers
 * {@code /{gateway}/v1/chat/completions} and {@code /{gateway}/v1/messages} by the upstream model id
 * named in the body.
 */
final class FakeUpstream implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    record Seen(String path, Map<String, String> headers, JsonNode body) {
    }

    @FunctionalInterface
    interface Script {
        void reply(HttpServerRequest request, JsonNode body, FakeUpstream upstream);
    }

    final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger closedBeforeEnd = new AtomicInteger();

    FakeUpstream() {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(buf -> {
            JsonNode body;
            try {
                body = JSON.readTree(buf.getBytes());
            } catch (Exception e) {
                req.response().setStatusCode(400).end("{\"error\":{\"message\":\"bad json\"}}");
                return;
            }
            Map<String, String> h = new ConcurrentHashMap<>();
            req.headers().forEach(e -> h.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
            seen.add(new Seen(req.path(), h, body));
            HttpServerResponse resp = req.response();
            resp.closeHandler(v -> {
                if (!resp.ended()) {
                    closedBeforeEnd.incrementAndGet();
                }
            });
            Script s = scripts.get(body.path("model").asText());
            if (s == null) {
                resp.setStatusCode(404).putHeader("content-type", "application/json")
                        .end("{\"error\":{\"message\":\"The model `" + body.path("model").asText() + "` does not exist\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}");
                return;
            }
            s.reply(req, body, this);
        })).listen(0, "127.0.0.1").await();
    }

    String base(String gateway) {
        return "http://127.0.0.1:" + server.actualPort() + "/" + gateway + "/v1";
    }

    FakeUpstream on(String upstreamModel, Script script) {
        scripts.put(upstreamModel, script);
        return this;
    }

    void reset() {
        scripts.clear();
        seen.clear();
        closedBeforeEnd.set(0);
    }

    List<Seen> seenFor(String upstreamModel) {
        return seen.stream().filter(s -> s.body().path("model").asText().equals(upstreamModel)).toList();
    }

    // ---- scripts ----

    static Script json(int status, String body) {
        return (req, b, up) -> req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }

    static Script json(int status, String body, Map<String, String> headers) {
        return (req, b, up) -> {
            headers.forEach(req.response()::putHeader);
            req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
        };
    }

    static String openAiCompletion(String model, String text) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + model + "\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18},\"x_vendor_field\":\"kept\"}";
    }

    static String anthropicMessage(String model, String text) {
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":13,\"output_tokens\":5}}";
    }

    /** OpenAI SSE frames for the given text pieces (usage chunk when the request asked for it). */
    static List<String> openAiFrames(String model, List<String> pieces, boolean usage, boolean done) {
        List<String> f = new java.util.ArrayList<>();
        String head = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"" + model + "\",";
        f.add("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for (String p : pieces) {
            f.add("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + p + "\"},\"finish_reason\":null}]}\n\n");
        }
        f.add("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        if (usage) {
            f.add("data: " + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":" + pieces.size() + ",\"total_tokens\":" + (11 + pieces.size()) + "}}\n\n");
        }
        if (done) {
            f.add("data: [DONE]\n\n");
        }
        return f;
    }

    static List<String> anthropicFrames(String model, List<String> pieces, boolean stop) {
        List<String> f = new java.util.ArrayList<>();
        f.add("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
                + model + "\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":13,\"output_tokens\":1}}}\n\n");
        f.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        f.add("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        for (String p : pieces) {
            f.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + p + "\"}}\n\n");
        }
        f.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        f.add("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + pieces.size() + "}}\n\n");
        if (stop) {
            f.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        }
        return f;
    }

    /**
     * Streams frames: the head at once, the first frame after {@code firstDelayMs}, each next one
     * {@code perFrameMs} later; when {@code cut}, the connection is closed instead of ending the body.
     */
    static Script sse(List<String> frames, long firstDelayMs, long perFrameMs, boolean cut) {
        return (req, b, up) -> {
            HttpServerResponse r = req.response().setStatusCode(200).setChunked(true)
                    .putHeader("content-type", "text/event-stream");
            r.writeHead();
            up.sendFrames(r, frames, 0, firstDelayMs, perFrameMs, cut);
        };
    }

    private void sendFrames(HttpServerResponse r, List<String> frames, int i, long delay, long perFrameMs, boolean cut) {
        Runnable next = () -> {
            if (r.closed()) {
                return;
            }
            if (i >= frames.size()) {
                if (cut) {
                    r.reset();
                } else {
                    r.end();
                }
                return;
            }
            r.write(frames.get(i));
            sendFrames(r, frames, i + 1, perFrameMs, perFrameMs, cut);
        };
        if (delay <= 0) {
            next.run();
        } else {
            vertx.setTimer(delay, t -> next.run());
        }
    }

    /**
     * Streams frames in lock-step with the client: the head and the first frame at once, each
     * next frame only after the test releases one permit of {@code gate} (a client that releases
     * it per frame received). A relay that held frames back would starve this stream, so it shows
     * chunk-by-chunk relaying without measuring time.
     */
    static Script gatedSse(List<String> frames, java.util.concurrent.Semaphore gate) {
        return (req, b, up) -> {
            HttpServerResponse r = req.response().setStatusCode(200).setChunked(true)
                    .putHeader("content-type", "text/event-stream");
            r.writeHead();
            int[] sent = {0};
            up.vertx.setPeriodic(5, id -> {
                if (r.closed()) {
                    up.vertx.cancelTimer(id);
                } else if (sent[0] == frames.size()) {
                    up.vertx.cancelTimer(id);
                    r.end();
                } else if (sent[0] == 0 || gate.tryAcquire()) {
                    r.write(frames.get(sent[0]++));
                }
            });
        };
    }

    /** Never answers (until the connection is closed by the caller). */
    static Script hang() {
        return (req, b, up) -> {
        };
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
