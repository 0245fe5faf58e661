package io.healthgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
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
            String base = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
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
        if (raw == null || raw.length() == 0) {
            bad(ctx, "request body is empty; expected a JSON object");
            return;
        }
        JsonNode root;
        try {
            root = json.readTree(raw.getBytes());
        } catch (JsonProcessingException e) {
            bad(ctx, "request body is not valid JSON: " + e.getOriginalMessage());
            return;
        } catch (java.io.IOException e) {
            bad(ctx, "request body could not be read");
            return;
        }
        if (root == null || !root.isObject()) {
            bad(ctx, "request body must be a JSON object");
            return;
        }
        ObjectNode body = (ObjectNode) root;
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            bad(ctx, "missing required field 'model'");
            return;
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            bad(ctx, "'model' must be a non-empty string");
            return;
        }
        String problem = requiredField(body);
        if (problem != null) {
            bad(ctx, problem);
            return;
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            bad(ctx, "'stream' must be a boolean");
            return;
        }
        if (door == FrontDoor.EMBEDDINGS && stream != null && stream.asBoolean(false)) {
            bad(ctx, "'stream' is not supported for embeddings");
            return;
        }
        Catalog catalog = this.catalog.get();
        Optional<Catalog.Resolution> resolution = catalog.resolve(model.asText());
        if (resolution.isEmpty()) {
            Replies.error(ctx.response(), door, 404, "model '" + model.asText() + "' does not exist; GET /v1/models lists the models served",
                    "model_not_found");
            return;
        }
        boolean embedding = resolution.get().model().isEmbedding();
        if (embedding != (door == FrontDoor.EMBEDDINGS)) {
            bad(ctx, embedding ? "model '" + model.asText() + "' is an embedding model; send it to POST /v1/embeddings"
                    : "model '" + model.asText() + "' is not an embedding model; POST /v1/embeddings needs one (GET /v1/models lists them)");
            return;
        }
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (String h : FORWARDED_HEADERS) {
            String v = ctx.request().getHeader(h);
            if (v != null) {
                forwarded.put(h, v);
            }
        }
        boolean streaming = stream != null && stream.asBoolean(false);
        inFlight.onInterrupt(ctx.response(), proxy.handle(new ProxyRequest(door, RequestIds.of(ctx), resolution.get(), body, streaming,
                forwarded, start), catalog, ctx.response()));
    }

    /** The door's own required field, checked for shape: a message for the client, or null when it is fine. */
    private String requiredField(ObjectNode body) {
        return switch (door) {
            case OPENAI, ANTHROPIC -> arrayField(body, "messages");
            case RESPONSES -> stringOrArray(body, "input", false);
            case EMBEDDINGS -> stringOrArray(body, "input", true);
            case COMPLETIONS -> stringOrArray(body, "prompt", false);
        };
    }

    private static String arrayField(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return "missing required field '" + field + "'";
        }
        return v.isArray() ? null : "'" + field + "' must be an array";
    }

    private static String stringOrArray(ObjectNode body, String field, boolean nonEmpty) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return "missing required field '" + field + "'";
        }
        if (!v.isTextual() && !v.isArray()) {
            return "'" + field + "' must be a string or an array";
        }
        return nonEmpty && v.isArray() && v.isEmpty() ? "'" + field + "' must not be empty" : null;
    }

    private void bad(RoutingContext ctx, String message) {
        Replies.error(ctx.response(), door, 400, message, "invalid_request");
    }
}
