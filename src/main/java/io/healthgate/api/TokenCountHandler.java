package io.healthgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.proxy.FrontDoor;
import io.healthgate.proxy.TokenCounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /v1/messages/count_tokens} on the Anthropic door: {@code {"input_tokens": n}}, with
 * {@value #SOURCE_HEADER} saying where the number came from: {@code upstream} (an Anthropic
 * offer counted it; {@code x-healthgate-gateway} names it) or {@code estimate} (counted here with
 * a general tokenizer, since no Anthropic offer could).
 */
final class TokenCountHandler {
    static final String SOURCE_HEADER = "x-healthgate-token-count";
    private static final String[] FORWARDED_HEADERS = {"anthropic-version", "anthropic-beta"};

    private final Supplier<Catalog> catalog;
    private final TokenCounts counts;
    private final ObjectMapper json;

    TokenCountHandler(Supplier<Catalog> catalog, TokenCounts counts, ObjectMapper json) {
        this.catalog = catalog;
        this.counts = counts;
        this.json = json;
    }

    void handle(RoutingContext ctx) {
        Buffer raw = ctx.body().buffer();
        JsonNode root;
        try {
            root = raw == null || raw.length() == 0 ? null : json.readTree(raw.getBytes());
        } catch (java.io.IOException e) {
            bad(ctx, "request body is not valid JSON");
            return;
        }
        if (root == null || !root.isObject()) {
            bad(ctx, "request body must be a JSON object");
            return;
        }
        ObjectNode body = (ObjectNode) root;
        if (!body.path("model").isTextual() || body.path("model").asText().isBlank()) {
            bad(ctx, "missing required field 'model'");
            return;
        }
        if (!body.path("messages").isArray()) {
            bad(ctx, "missing required field 'messages' (an array)");
            return;
        }
        Catalog served = catalog.get();
        String model = body.path("model").asText();
        Optional<Catalog.Resolution> resolution = served.resolve(model);
        if (resolution.isEmpty()) {
            Replies.error(ctx.response(), FrontDoor.ANTHROPIC, 404, "model '" + model + "' does not exist; GET /v1/models lists the models served",
                    "model_not_found");
            return;
        }
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (String h : FORWARDED_HEADERS) {
            String v = ctx.request().getHeader(h);
            if (v != null) {
                forwarded.put(h, v);
            }
        }
        counts.count(served, resolution.get(), body, forwarded).onComplete(ar -> {
            if (ctx.response().ended()) {
                return;
            }
            if (ar.failed()) {
                Replies.error(ctx.response(), FrontDoor.ANTHROPIC, 500, "tokens could not be counted (request " + RequestIds.of(ctx) + ")",
                        "internal_error");
                return;
            }
            TokenCounts.Count c = ar.result();
            ctx.response().putHeader(SOURCE_HEADER, c.estimated() ? "estimate" : "upstream");
            c.gateway().ifPresent(g -> ctx.response().putHeader("x-healthgate-gateway", g));
            Replies.json(ctx.response(), 200, "{\"input_tokens\":" + c.inputTokens() + "}");
        });
    }

    private static void bad(RoutingContext ctx, String message) {
        Replies.error(ctx.response(), FrontDoor.ANTHROPIC, 400, message, "invalid_request");
    }
}
