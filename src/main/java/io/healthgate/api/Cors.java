package io.healthgate.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin access for browser apps, off unless {@code server.cors.allowed_origins} lists
 * origins ({@code "*"} for any). For an allowed origin a preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) is answered 204 before any key check (browsers send no
 * credentials on it), and every answer carries {@code Access-Control-Allow-Origin} and exposes the
 * headers clients read: ours ({@code x-healthgate-*}, {@code x-request-id}) and the rate-limit
 * ones. A disallowed origin gets no CORS headers, so the browser refuses the answer.
 */
final class Cors {
    static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    static final String EXPOSED_HEADERS = String.join(", ", List.of(
            "x-request-id", "x-healthgate-gateway", "x-healthgate-attempts", "x-healthgate-upstream-model", "x-healthgate-model",
            TokenCountHandler.SOURCE_HEADER, "retry-after", "request-id",
            "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"));
    /** Browsers cache a preflight for this long (seconds), saving one round trip per request. */
    static final String MAX_AGE = "600";

    private final Set<String> origins;
    private final boolean any;

    Cors(List<String> allowedOrigins) {
        this.origins = allowedOrigins.stream().map(o -> o.trim().toLowerCase(Locale.ROOT))
                .filter(o -> !o.isEmpty()).map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
                .collect(Collectors.toUnmodifiableSet());
        this.any = origins.contains("*");
    }

    static Cors off() {
        return new Cors(List.of());
    }

    boolean enabled() {
        return !origins.isEmpty();
    }

    /** Mounts first on the router, so preflights never reach the key check. */
    void mount(Router router) {
        if (enabled()) {
            router.route().order(-1).handler(this::handle);
        }
    }

    private void handle(RoutingContext ctx) {
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        if (origin == null || !allows(origin)) {
            ctx.next();
            return;
        }
        var response = ctx.response();
        response.putHeader("access-control-allow-origin", any ? "*" : origin);
        if (!any) {
            response.putHeader(HttpHeaders.VARY, "Origin");
        }
        response.putHeader("access-control-expose-headers", EXPOSED_HEADERS);
        if (ctx.request().method() == HttpMethod.OPTIONS && ctx.request().getHeader("access-control-request-method") != null) {
            String asked = ctx.request().getHeader("access-control-request-headers");
            response.putHeader("access-control-allow-methods", ALLOWED_METHODS)
                    // Whatever the SDKs send (authorization, x-api-key, anthropic-*, x-stainless-*): echoed back.
                    .putHeader("access-control-allow-headers", asked == null || asked.isBlank() ? "authorization, content-type" : asked)
                    .putHeader("access-control-max-age", MAX_AGE)
                    .setStatusCode(204).end();
            return;
        }
        ctx.next();
    }

    private boolean allows(String origin) {
        return any || origins.contains(origin.trim().toLowerCase(Locale.ROOT));
    }
}
