package io.healthgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.HealthStore;
import io.healthgate.health.OfferStatus;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The read-only health API on Vert.x. Views come from {@link HealthViews} and {@link DashboardView}
 * (computed from the in-memory snapshot on the event loop: no I/O); anything that reads the store
 * (readiness, history, uptime) runs on a worker thread.
 *
 * <pre>
 * GET /health                 liveness
 * GET /health/ready           readiness: 200 ready, 200 degraded (store or Redis unreachable, serving from memory), 503 draining
 * GET /health/system          totals
 * GET /health/models          one entry per offer; ?status= &amp;gateway= &amp;model=
 * GET /health/models/{model}  one model (ids contain slashes: the rest of the path), uptime 1 h / 24 h / 7 d
 * GET /health/providers       by provider
 * GET /health/gateways        by gateway
 * GET /health/dashboard       the operator summary with recommendations
 * GET /health/history?hours=  stored system snapshots (the dashboard's chart)
 * GET /health/sla?window=     SLA report (see SlaRoutes)
 * </pre>
 */
final class HealthRoutes {
    private static final Logger log = LoggerFactory.getLogger(HealthRoutes.class);
    static final int MAX_HISTORY_HOURS = 24 * 7;
    private static final String MODEL_PREFIX = "/health/models/";
    static final String NO_STORE = "no health store is configured (storage.url): history and uptime are not kept";
    static final String STORE_FAILED = "the health store did not answer: history and uptime are unavailable for now";

    private final OperatorServices svc;
    /** How old the cached store reading may get before a request refreshes it (in the background). */
    static final java.time.Duration STORE_READING_MAX_AGE = java.time.Duration.ofSeconds(2);
    private final java.util.concurrent.atomic.AtomicReference<CachedReachability> reachability = new java.util.concurrent.atomic.AtomicReference<>();

    HealthRoutes(OperatorServices svc) {
        this.svc = svc;
    }

    void mount(Router router, io.vertx.core.Handler<RoutingContext> viewAuth) {
        router.get("/health").handler(ctx -> ViewReplies.json(ctx, 200, ViewJson.tree(new ViewShapes.Status("ok", null))));
        router.get("/health/ready").handler(this::ready);
        router.get("/health/system").handler(viewAuth).handler(ctx -> ViewReplies.json(ctx, 200, HealthViews.system(svc.inputs())));
        router.get("/health/models").handler(viewAuth).handler(this::models);
        router.get("/health/models/*").handler(viewAuth).handler(this::model);
        router.get("/health/providers").handler(viewAuth).handler(ctx -> ViewReplies.json(ctx, 200, HealthViews.providers(svc.inputs())));
        router.get("/health/gateways").handler(viewAuth).handler(ctx -> ViewReplies.json(ctx, 200, HealthViews.gateways(svc.inputs())));
        router.get("/health/dashboard").handler(viewAuth).handler(this::dashboard);
        router.get("/health/history").handler(viewAuth).handler(this::history);
    }

    /** The summary from memory, plus the success figures, which read the store (on a worker thread). */
    private void dashboard(RoutingContext ctx) {
        HealthViews.Inputs in = svc.inputs();
        ObjectNode body = DashboardView.of(in);
        if (svc.sla().isEmpty()) {
            body.putArray("success_metrics");
            body.put("success_metrics_message", noStore().replace("history and uptime are", "the success figures are"));
            ViewReplies.json(ctx, 200, body);
            return;
        }
        io.healthgate.sla.SuccessMetrics metrics = svc.sla().get().successMetrics();
        Instant now = svc.engine().clock().instant();
        int open = (int) in.snapshot().offers().values().stream().filter(HealthSnapshot.OfferHealth::circuitOpen).count();
        ctx.vertx().<List<io.healthgate.sla.SuccessMetric>>executeBlocking(() -> metrics.compute(now, open), false).onComplete(r -> {
            if (r.succeeded()) {
                body.set("success_metrics", io.healthgate.sla.SlaFormats.successMetrics(r.result()));
            } else {
                log.warn("success metrics unavailable: {}", r.cause().toString());
                body.putArray("success_metrics");
                body.put("success_metrics_message", STORE_FAILED.replace("history and uptime are", "the success figures are"));
            }
            ViewReplies.json(ctx, 200, body);
        });
    }

    private void ready(RoutingContext ctx) {
        if (svc.draining().getAsBoolean()) {
            ViewReplies.json(ctx, 503, ViewJson.tree(new ViewShapes.Status("draining",
                    "shutting down: finishing in-flight requests, taking no new ones")));
            return;
        }
        int models = svc.engine().catalog().models().size();
        String problem = problem();
        if (svc.store().isEmpty() && !problem.isEmpty()) {
            reply(ctx, new ViewShapes.Readiness("degraded", models, "unavailable", null,
                    "degraded but serving: " + problem + "; health is kept in memory only"));
            return;
        }
        if (svc.store().isEmpty()) {
            reply(ctx, new ViewShapes.Readiness("ready", models, "none", null,
                    "serving; no health store configured: health lives in memory and restarts from unknown"));
            return;
        }
        HealthStore store = svc.store().get();
        Optional<io.healthgate.health.StoreStatus> status = svc.storeStatus().get();
        reachability(ctx, store).read().onSuccess(reading -> {
            boolean reachable = reading.reachable();
            // Up only when it answers and takes writes: a store that answers again but has not taken the buffered writes yet is still down.
            boolean up = reachable && status.map(io.healthgate.health.StoreStatus::up).orElse(true);
            String lost = up ? "" : problem();
            ViewShapes.Readiness r = new ViewShapes.Readiness(up ? "ready" : "degraded", models, reachable ? "reachable" : "unreachable",
                    Math.max(0, java.time.Duration.between(reading.at(), java.time.Instant.now()).toMillis()),
                    up ? "serving; health store reachable"
                            : "degraded but serving: the health store is unreachable, so health is kept in memory and written when it returns; "
                            + "history and uptime are unavailable meanwhile" + (lost.isEmpty() ? "" : "; " + lost));
            reply(ctx, status.map(r::withStore).orElse(r));
        });
    }

    /**
     * Readiness answers 200 while serving. With a fleet it also says whether Redis answers; when it
     * does not, this instance is {@code degraded} (it serves on its own view) and the reasons list
     * says why, beside any store problem.
     */
    private void reply(RoutingContext ctx, ViewShapes.Readiness readiness) {
        ViewShapes.Readiness r = readiness;
        java.util.Optional<io.healthgate.fleet.FleetView> fleet = svc.fleet().get();
        if (fleet.isPresent()) {
            io.healthgate.fleet.FleetView f = fleet.get();
            r = r.withFleet(f.redisUp() ? "ok" : "down", f.self());
            if (!f.redisUp()) {
                String why = f.problem() + "; serving on this instance's own view (its own breakers, throttles and probes) "
                        + "until Redis returns, then it resyncs with the fleet";
                r = r.degraded("ready".equals(r.status()) ? "degraded but serving: " + why : r.message() + "; also " + why);
            }
        }
        ViewReplies.json(ctx, 200, ViewJson.tree(r));
    }

    private CachedReachability reachability(RoutingContext ctx, HealthStore store) {
        CachedReachability c = reachability.get();
        if (c == null) {
            io.vertx.core.Vertx vertx = ctx.vertx();
            reachability.compareAndSet(null, new CachedReachability(store::isReachable,
                    work -> vertx.executeBlocking(work::get, false), java.time.Clock.systemUTC(), STORE_READING_MAX_AGE));
            c = reachability.get();
        }
        return c;
    }

    private String noStore() {
        String p = problem();
        return p.isEmpty() ? NO_STORE : p + ": history and uptime are unavailable";
    }

    private String problem() {
        try {
            String p = svc.storeProblem().get();
            return p == null ? "" : p;
        } catch (RuntimeException e) {
            return "health store state unknown: " + e.getMessage();
        }
    }

    private void models(RoutingContext ctx) {
        Catalog catalog = svc.engine().catalog();
        Optional<OfferStatus> status = Optional.empty();
        String s = ctx.request().getParam("status");
        if (s != null && !s.isBlank()) {
            try {
                status = Optional.of(OfferStatus.fromWireName(s));
            } catch (IllegalArgumentException e) {
                ViewReplies.error(ctx, 400, "invalid_request", "unknown status '" + s + "'; use one of "
                        + Arrays.stream(OfferStatus.values()).map(OfferStatus::wireName).collect(Collectors.joining(", ")));
                return;
            }
        }
        Optional<String> gateway = Optional.ofNullable(ctx.request().getParam("gateway")).filter(g -> !g.isBlank());
        if (gateway.isPresent() && catalog.gateway(gateway.get()).isEmpty()) {
            ViewReplies.error(ctx, 400, "invalid_request", "unknown gateway '" + gateway.get() + "'; see GET /health/gateways for the names");
            return;
        }
        Optional<String> model = Optional.ofNullable(ctx.request().getParam("model")).filter(m -> !m.isBlank());
        if (model.isPresent()) {
            Optional<Catalog.Resolution> r = catalog.resolve(model.get());
            if (r.isEmpty()) {
                ViewReplies.error(ctx, 400, "invalid_request", "unknown model '" + model.get() + "'; see GET /v1/models for the ids");
                return;
            }
            model = Optional.of(r.get().model().id());
        }
        ViewReplies.json(ctx, 200, HealthViews.models(svc.inputs(), new HealthViews.ModelFilter(status, gateway, model)));
    }

    private void model(RoutingContext ctx) {
        String raw = ctx.request().path();
        String requested = raw.length() > MODEL_PREFIX.length()
                ? URLDecoder.decode(raw.substring(MODEL_PREFIX.length()), StandardCharsets.UTF_8) : "";
        if (requested.isBlank()) {
            ViewReplies.error(ctx, 400, "invalid_request", "name a model: GET /health/models/{model id}");
            return;
        }
        HealthViews.Inputs in = svc.inputs();
        Optional<HealthSnapshot.ModelHealth> m = in.catalog().resolve(requested)
                .flatMap(r -> in.snapshot().model(r.model().id()));
        if (m.isEmpty()) {
            ViewReplies.error(ctx, 404, "not_found", "unknown model '" + requested + "'; see GET /v1/models for the ids");
            return;
        }
        String id = m.get().model();
        if (svc.store().isEmpty()) {
            ViewReplies.json(ctx, 200, HealthViews.model(in, m.get(), Map.of(), Optional.of(noStore())));
            return;
        }
        HealthStore store = svc.store().get();
        Instant now = svc.engine().clock().instant();
        blocking(ctx, () -> {
            Map<String, Map<OfferId, Double>> uptimes = new LinkedHashMap<>();
            try {
                uptimes.put("1h", store.uptime(id, now.minus(Duration.ofHours(1)), now));
                uptimes.put("24h", store.uptime(id, now.minus(Duration.ofHours(24)), now));
                uptimes.put("7d", store.uptime(id, now.minus(Duration.ofDays(7)), now));
                return Optional.of(uptimes);
            } catch (RuntimeException e) {
                log.warn("uptime for {} unavailable: {}", id, e.toString());
                return Optional.<Map<String, Map<OfferId, Double>>>empty();
            }
        }).onSuccess(u -> ViewReplies.json(ctx, 200, HealthViews.model(in, m.get(), u.orElse(Map.of()),
                u.isPresent() ? Optional.empty() : Optional.of(STORE_FAILED))));
    }

    private void history(RoutingContext ctx) {
        String h = ctx.request().getParam("hours");
        int hours = 24;
        if (h != null && !h.isBlank()) {
            try {
                hours = Integer.parseInt(h.trim());
            } catch (NumberFormatException e) {
                hours = -1;
            }
            if (hours < 1 || hours > MAX_HISTORY_HOURS) {
                ViewReplies.error(ctx, 400, "invalid_request", "hours must be a whole number from 1 to " + MAX_HISTORY_HOURS + ", got '" + h + "'");
                return;
            }
        }
        Instant now = svc.engine().clock().instant();
        int span = hours;
        if (svc.store().isEmpty()) {
            ViewReplies.json(ctx, 200, HealthViews.history(List.of(), span, now, Optional.of(noStore())));
            return;
        }
        HealthStore store = svc.store().get();
        blocking(ctx, () -> {
            try {
                return Optional.of(store.systemSnapshots(now.minus(Duration.ofHours(span)), now.plusSeconds(1)));
            } catch (RuntimeException e) {
                log.warn("health history unavailable: {}", e.toString());
                return Optional.<List<HealthStore.SystemSnapshot>>empty();
            }
        }).onSuccess(rows -> ViewReplies.json(ctx, 200, HealthViews.history(rows.orElse(List.of()), span, now,
                rows.isPresent() ? Optional.empty() : Optional.of(STORE_FAILED))));
    }

    /** Runs store work on a worker thread (unordered: requests need not queue behind each other). */
    private static <T> Future<T> blocking(RoutingContext ctx, java.util.concurrent.Callable<T> work) {
        return ctx.vertx().<T>executeBlocking(work, false).onFailure(e -> {
            log.warn("{} {} failed: {}", ctx.request().method(), ctx.request().path(), e.toString());
            ViewReplies.error(ctx, 503, "unavailable", "the health store did not answer; try again shortly");
        });
    }
}
