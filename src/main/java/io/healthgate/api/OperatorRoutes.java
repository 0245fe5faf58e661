package io.healthgate.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;

/**
 * Mounts every operator endpoint (health API, dashboard, metrics, admin) on a router:
 * {@code new OperatorRoutes(services).mount(router)}. Safe to mount on one router per event loop:
 * the handlers share nothing mutable but the services, which are thread-safe.
 *
 * <p>With {@code auth.protect_health} and client keys configured, the health views, the dashboard's
 * data and {@code /metrics} need a client key; liveness, readiness and the page itself never do
 * (the page asks for the key when its data answers 401).
 */
public final class OperatorRoutes {
    private final OperatorServices services;
    private final HealthRoutes health;
    private final DashboardRoutes dashboard;
    private final AdminRoutes admin;
    private final SlaRoutes sla;
    private final Handler<RoutingContext> viewAuth;

    public OperatorRoutes(OperatorServices services) {
        this.services = Objects.requireNonNull(services, "services");
        this.health = new HealthRoutes(services);
        this.dashboard = new DashboardRoutes();
        this.admin = new AdminRoutes(services);
        this.sla = new SlaRoutes(services);
        KeyCheck clients = new KeyCheck(services.settings().clientKeys());
        boolean protect = services.settings().protectHealth() && !clients.isEmpty();
        this.viewAuth = ctx -> {
            if (!protect || clients.allows(ctx.request())) {
                ctx.next();
            } else {
                ViewReplies.error(ctx, 401, "invalid_api_key",
                        "health views need a client key here (auth.protect_health): send Authorization: Bearer <key> or x-api-key");
            }
        };
    }

    public OperatorServices services() {
        return services;
    }

    /** Adds the routes; call before any catch-all route of the router. */
    public Router mount(Router router) {
        health.mount(router, viewAuth);
        sla.mount(router, viewAuth);
        dashboard.mount(router);
        router.get("/metrics").handler(viewAuth).handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(io.healthgate.providers.Secrets.mask(services.metrics().scrape())));
        admin.mount(router);
        return router;
    }
}
