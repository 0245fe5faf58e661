package io.healthgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.RoutingContext;

/** Writes the operator endpoints' JSON answers and errors (never a stack trace). */
final class ViewReplies {
    private ViewReplies() {
    }

    static void json(RoutingContext ctx, int status, JsonNode body) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .end(ViewJson.text(body));
    }

    static void error(RoutingContext ctx, int status, String type, String message) {
        json(ctx, status, ViewJson.error(type, message));
    }
}
