package io.healthgate.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /dashboard}: one self-contained HTML page (inline CSS and JS, no outside resources,
 * so it works in closed networks) that reads the JSON health endpoints and refreshes itself. Its
 * Content-Security-Policy forbids loading anything from elsewhere, so a stray CDN link fails loudly.
 */
final class DashboardRoutes {
    static final String RESOURCE = "/dashboard/index.html";
    private static final String CSP = "default-src 'none'; connect-src 'self'; img-src 'self' data:; "
            + "style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Buffer page;

    DashboardRoutes() {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard page " + RESOURCE + " is missing from the jar");
            }
            page = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard page " + RESOURCE, e);
        }
    }

    void mount(Router router) {
        router.get("/dashboard").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("content-security-policy", CSP)
                .putHeader("x-content-type-options", "nosniff")
                // A copy per response: a written buffer must never be shared between responses.
                .end(page.copy()));
    }
}
