package io.healthgate.providers.http;

import io.vertx.core.http.HttpHeaders;

/**
 * The header names the proxy sets on every call and every answer, made once as Vert.x's optimized
 * names. Set by a {@code String} name, Vert.x validates it char by char and encodes it char by
 * char each time (about 2% of the gateway's CPU at saturation); an optimized name is ASCII bytes
 * with a cached hash. The bytes on the wire are the same.
 */
public final class HeaderNames {
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("content-type");
    private static final CharSequence ACCEPT = HttpHeaders.createOptimized("accept");
    private static final CharSequence AUTHORIZATION = HttpHeaders.createOptimized("authorization");
    private static final CharSequence X_API_KEY = HttpHeaders.createOptimized("x-api-key");
    private static final CharSequence ANTHROPIC_VERSION = HttpHeaders.createOptimized("anthropic-version");
    private static final CharSequence X_HEALTHGATE_MODEL = HttpHeaders.createOptimized("x-healthgate-model");
    private static final CharSequence X_HEALTHGATE_GATEWAY = HttpHeaders.createOptimized("x-healthgate-gateway");
    private static final CharSequence X_HEALTHGATE_ATTEMPTS = HttpHeaders.createOptimized("x-healthgate-attempts");
    private static final CharSequence X_HEALTHGATE_UPSTREAM_MODEL = HttpHeaders.createOptimized("x-healthgate-upstream-model");
    private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("cache-control");

    private HeaderNames() {
    }

    /** The optimized name for one of the proxy's usual headers, else {@code name} itself. */
    public static CharSequence of(String name) {
        return switch (name) {
            case "content-type" -> CONTENT_TYPE;
            case "accept" -> ACCEPT;
            case "authorization" -> AUTHORIZATION;
            case "x-api-key" -> X_API_KEY;
            case "anthropic-version" -> ANTHROPIC_VERSION;
            case "x-healthgate-model" -> X_HEALTHGATE_MODEL;
            case "x-healthgate-gateway" -> X_HEALTHGATE_GATEWAY;
            case "x-healthgate-attempts" -> X_HEALTHGATE_ATTEMPTS;
            case "x-healthgate-upstream-model" -> X_HEALTHGATE_UPSTREAM_MODEL;
            case "cache-control" -> CACHE_CONTROL;
            default -> name;
        };
    }
}
