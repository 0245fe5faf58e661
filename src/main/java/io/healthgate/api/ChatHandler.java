package io.healthgate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Catalog;
import io.healthgate.providers.RequestScan;
import io.healthgate.proxy.ChatProxy;
import io.healthgate.proxy.FrontDoor;
import io.healthgate.proxy.ProxyRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One proxied front door ({@code /v1/chat/completions}, {@code /v1/messages}, {@code /v1/responses},
 * {@code /v1/embeddings}, {@code /v1/completions}): checks the body (each door's required field:
 * {@code messages}, {@code input} or {@code prompt}), resolves the model (an embedding model serves
 * the embeddings door only, and only embedding models serve it) and hands the request to the proxy. Each bad input gets its own clear 4xx
 * in the door's shape; nothing here can produce a 500. The model is resolved in the catalog served
 * when the request arrives, and the request finishes on that catalog.
 */
final class ChatHandler {
    private static final String[] FORWARDED_HEADERS = {"anthropic-version", "anthropic-beta"};

    private final FrontDoor door;
    private final Supplier<Catalog> catalog;
    private final ChatProxy proxy;
    private final ObjectMapper json;
    private final InFlight inFlight;

    ChatHandler(FrontDoor door, Supplier<Catalog> catalog, ChatProxy proxy, ObjectMapper json, InFlight inFlight) {
        this.door = door;
        this.catalog = catalog;
        this.proxy = proxy;
        this.json = json;
        this.inFlight = inFlight;
    }

    /** Rejects a declared non-JSON body before it is read. A missing content type is tolerated. */
    void checkContentType(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        if (type != null && !type.isBlank()) {
            int semicolon = type.indexOf(';');
            String base = (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
            if (!base.equals("application/json") && !base.endsWith("+json")) {
                Replies.error(ctx.response(), door, 415, "content type must be application/json, got '" + base + "'", "unsupported_media_type");
                return;
            }
        }
        if ("100-continue".equalsIgnoreCase(ctx.request().getHeader("expect"))) {
            // Only now, with the key and type accepted, invite the client to send its body (curl waits otherwise).
            ctx.response().writeContinue();
        }
        ctx.next();
    }

    void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        Buffer raw = ctx.body().buffer();
        byte[] bytes = raw == null ? new byte[0] : raw.getBytes();
        RequestScan scan = RequestScan.of(kind(door), bytes);
        RequestScan.Problem problem = scan.shapeProblem(); // the strict checks follow in the proxy, after provider preferences
        if (problem != null) {
            Replies.error(ctx.response(), door, 400, problem.message(), "invalid_request", problem.param());
            return;
        }
        if (door == FrontDoor.EMBEDDINGS && scan.stream()) {
            bad(ctx, "'stream' is not supported for embeddings");
            return;
        }
        String model = scan.model();
        Catalog catalog = this.catalog.get();
        Optional<Catalog.Resolution> resolution = catalog.resolve(model);
        if (resolution.isEmpty()) {
            Replies.error(ctx.response(), door, 404, "model '" + model + "' does not exist; GET /v1/models lists the models served",
                    "model_not_found");
            return;
        }
        boolean embedding = resolution.get().model().isEmbedding();
        if (embedding != (door == FrontDoor.EMBEDDINGS)) {
            bad(ctx, embedding ? "model '" + model + "' is an embedding model; send it to POST /v1/embeddings"
                    : "model '" + model + "' is not an embedding model; POST /v1/embeddings needs one (GET /v1/models lists them)");
            return;
        }
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (String h : FORWARDED_HEADERS) {
            String v = ctx.request().getHeader(h);
            if (v != null) {
                forwarded.put(h, v);
            }
        }
        // The tree is built only if the journey needs it (translation, preferences, the Responses door).
        inFlight.onInterrupt(ctx.response(), proxy.handle(new ProxyRequest(door, RequestIds.of(ctx), resolution.get(), scan, forwarded, start),
                catalog, ctx.response()));
    }

    /** Which rules a door's body is checked by. */
    static RequestScan.Kind kind(FrontDoor door) {
        return switch (door) {
            case OPENAI -> RequestScan.Kind.OPENAI_CHAT;
            case ANTHROPIC -> RequestScan.Kind.ANTHROPIC_MESSAGES;
            case RESPONSES -> RequestScan.Kind.RESPONSES;
            case EMBEDDINGS -> RequestScan.Kind.EMBEDDINGS;
            case COMPLETIONS -> RequestScan.Kind.COMPLETIONS;
        };
    }

    private void bad(RoutingContext ctx, String message) {
        Replies.error(ctx.response(), door, 400, message, "invalid_request");
    }
}
