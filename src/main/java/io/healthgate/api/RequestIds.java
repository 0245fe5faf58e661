package io.healthgate.api;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id and echoes it as {@code x-request-id} on every response: the client's
 * own when it sent a sane one (so its logs and ours line up), else a fresh one.
 */
final class RequestIds {
    static final String HEADER = "x-request-id";
    static final String KEY = "healthgate.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private RequestIds() {
    }

    static void assign(RoutingContext ctx) {
        if (ctx.get(KEY) != null) {
            ctx.next(); // a rerouted request (HEAD answered as GET) keeps its id
            return;
        }
        String given = ctx.request().getHeader(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : "req_" + UUID.randomUUID().toString().replace("-", "");
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }

    static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id == null ? "" : id;
    }
}
