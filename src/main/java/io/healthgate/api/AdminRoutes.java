package io.healthgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Tier;
import io.healthgate.health.GatewayStatus;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.ProbeScheduler;
import io.healthgate.routing.RoutingMode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The admin endpoints. Every one needs the admin key ({@code Authorization: Bearer <key>} or
 * {@code x-api-key}), compared in constant time: missing or wrong is 401; with no admin key
 * configured the endpoints are disabled (403, saying which env var enables them). The key is
 * checked before the body is read. Errors are JSON with a message, never a stack trace.
 *
 * <pre>
 * POST /admin/routing  {"health_aware": false}                  flip health-aware routing (the rollback lever)
 * POST /admin/probe    {"model": "..."} or {"gateway": "..."}   probe those offers in the next batch
 * POST /admin/tier     {"model": "...", "tier": "critical"}     override a tier ("tier": null clears it)
 * POST /admin/reload                                            reload catalog and config without a restart
 * </pre>
 */
final class AdminRoutes {
    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Gateways the probe scheduler never probes; "probe now" says so instead of pretending. */
    private static final Set<GatewayStatus> NOT_PROBED = EnumSet.of(GatewayStatus.UNCONFIGURED, GatewayStatus.MISCONFIGURED,
            GatewayStatus.OUT_OF_CREDITS, GatewayStatus.THROTTLED, GatewayStatus.DISABLED);

    private final OperatorServices svc;
    private final KeyCheck adminKey;

    AdminRoutes(OperatorServices svc) {
        this.svc = svc;
        this.adminKey = new KeyCheck(svc.settings().adminKey().map(List::of).orElse(List.of()));
    }

    void mount(Router router) {
        router.route("/admin/*").handler(this::auth);
        router.post("/admin/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.post("/admin/routing").handler(ctx -> withBody(ctx, this::routing));
        router.post("/admin/probe").handler(ctx -> withBody(ctx, this::probe));
        router.post("/admin/tier").handler(ctx -> withBody(ctx, this::tier));
        router.post("/admin/reload").handler(this::reload);
        router.route("/admin/*").handler(ctx -> ViewReplies.error(ctx, 404, "not_found",
                "no admin endpoint " + ctx.request().method() + " " + ctx.request().path()
                        + "; there are POST /admin/routing, /admin/probe, /admin/tier, /admin/reload"));
        router.route("/admin/*").failureHandler(ctx -> {
            if (ctx.statusCode() == 413) {
                ViewReplies.error(ctx, 413, "request_too_large", "admin request bodies are at most " + MAX_BODY_BYTES + " bytes");
            } else {
                log.warn("admin {} failed: {}", ctx.request().path(), String.valueOf(ctx.failure()));
                ViewReplies.error(ctx, ctx.statusCode() >= 400 && ctx.statusCode() < 500 ? ctx.statusCode() : 500,
                        "admin_error", "the admin request could not be completed; see the server log");
            }
        });
    }

    private void auth(RoutingContext ctx) {
        if (adminKey.isEmpty()) {
            ViewReplies.error(ctx, 403, "admin_disabled", "admin endpoints are disabled: no admin key is configured. Set the env var "
                    + (svc.settings().adminKeyEnv().isEmpty() ? "" : svc.settings().adminKeyEnv() + " ")
                    + "(named by auth.admin_key_env) and restart");
        } else if (!adminKey.allows(ctx.request())) {
            ViewReplies.error(ctx, 401, "invalid_admin_key", "missing or invalid admin key (send Authorization: Bearer <key> or x-api-key)");
        } else {
            ctx.next();
        }
    }

    private interface BodyAction {
        void run(RoutingContext ctx, JsonNode body);
    }

    private void withBody(RoutingContext ctx, BodyAction action) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        JsonNode body;
        try {
            body = text == null || text.isBlank() ? ViewJson.object() : ViewJson.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            ViewReplies.error(ctx, 400, "invalid_request", "the body is not valid JSON");
            return;
        }
        if (body == null || !body.isObject()) {
            ViewReplies.error(ctx, 400, "invalid_request", "the body must be a JSON object");
            return;
        }
        action.run(ctx, body);
    }

    private void routing(RoutingContext ctx, JsonNode body) {
        JsonNode flag = body.get("health_aware");
        if (flag == null || !flag.isBoolean()) {
            ViewReplies.error(ctx, 400, "invalid_request", "send {\"health_aware\": true} or {\"health_aware\": false}");
            return;
        }
        RoutingMode next = flag.booleanValue() ? RoutingMode.HEALTH_AWARE : RoutingMode.ORDERED;
        RoutingMode before = svc.routing().set(next);
        log.warn("admin: routing mode {} -> {}", before.wireName(), next.wireName());
        ViewReplies.json(ctx, 200, ViewJson.tree(new ViewShapes.RoutingSwitched(next.wireName(), before.wireName(),
                next == RoutingMode.HEALTH_AWARE, next == RoutingMode.HEALTH_AWARE ? "health-aware routing is on"
                        : "health-aware routing is off: plain catalog order with failover, from the next request")));
    }

    private void probe(RoutingContext ctx, JsonNode body) {
        Optional<String> model = text(body, "model");
        Optional<String> gateway = text(body, "gateway");
        if (model.isPresent() == gateway.isPresent()) {
            ViewReplies.error(ctx, 400, "invalid_request", "send exactly one of {\"model\": \"<model id>\"} or {\"gateway\": \"<gateway name>\"}");
            return;
        }
        if (svc.probes().isEmpty()) {
            ViewReplies.error(ctx, 409, "probes_disabled", "probing is not running in this process, so nothing can be probed now");
            return;
        }
        Catalog catalog = svc.engine().catalog();
        List<Offer> offers;
        if (model.isPresent()) {
            Optional<Catalog.Resolution> r = catalog.resolve(model.get());
            if (r.isEmpty()) {
                ViewReplies.error(ctx, 404, "not_found", "unknown model '" + model.get() + "'; see GET /v1/models for the ids");
                return;
            }
            offers = r.get().offers();
        } else {
            if (catalog.gateway(gateway.get()).isEmpty()) {
                ViewReplies.error(ctx, 404, "not_found", "unknown gateway '" + gateway.get() + "'; see GET /health/gateways for the names");
                return;
            }
            offers = catalog.offers().stream().filter(o -> o.gateway().equals(gateway.get())).toList();
        }
        ProbeScheduler scheduler = svc.probes().get();
        HealthSnapshot snap = svc.engine().snapshot();
        List<ViewShapes.OfferRef> scheduled = new java.util.ArrayList<>();
        List<ViewShapes.NotProbed> skipped = new java.util.ArrayList<>();
        for (Offer o : offers) {
            Optional<HealthSnapshot.GatewayHealth> g = snap.gateway(o.gateway());
            if (g.isPresent() && NOT_PROBED.contains(g.get().status())) {
                skipped.add(new ViewShapes.NotProbed(o.model(), o.gateway(),
                        "gateway " + o.gateway() + " is " + g.get().status().wireName() + ": " + g.get().reason()));
                continue;
            }
            scheduler.probeSoon(o.id());
            scheduled.add(new ViewShapes.OfferRef(o.model(), o.gateway()));
        }
        String message = scheduled.size() + " offer(s) will be probed in the next batch"
                + (skipped.isEmpty() ? "" : "; " + skipped.size() + " cannot be probed now (see not_probed)");
        log.info("admin: probe now {} -> {} scheduled, {} not probed", model.orElse(gateway.orElse("")), scheduled.size(), skipped.size());
        ViewReplies.json(ctx, 200, ViewJson.tree(new ViewShapes.ProbeScheduled(scheduled, skipped, message)));
    }

    private void tier(RoutingContext ctx, JsonNode body) {
        Optional<String> model = text(body, "model");
        JsonNode t = body.get("tier");
        String tiers = Arrays.stream(Tier.values()).map(Tier::wireName).collect(Collectors.joining(", "));
        if (model.isEmpty() || t == null || !(t.isTextual() || t.isNull())) {
            ViewReplies.error(ctx, 400, "invalid_request", "send {\"model\": \"<model id>\", \"tier\": \"<" + tiers + ">\"} (\"tier\": null clears the override)");
            return;
        }
        Optional<Catalog.Resolution> r = svc.engine().catalog().resolve(model.get());
        if (r.isEmpty()) {
            ViewReplies.error(ctx, 404, "not_found", "unknown model '" + model.get() + "'; see GET /v1/models for the ids");
            return;
        }
        Optional<Tier> tier = Optional.empty();
        if (t.isTextual()) {
            try {
                tier = Optional.of(Tier.fromWireName(t.textValue()));
            } catch (IllegalArgumentException e) {
                ViewReplies.error(ctx, 400, "invalid_request", "unknown tier '" + t.textValue() + "'; use one of " + tiers);
                return;
            }
        }
        String id = r.get().model().id();
        Tier before = svc.engine().overrideTier(id, tier);
        // tierOf reads only the model part of the offer id.
        Tier now = svc.engine().tierOf(new io.healthgate.catalog.OfferId("any", id));
        log.warn("admin: tier of {} {} -> {}", id, before.wireName(), tier.map(Tier::wireName).orElse("(override cleared)"));
        ViewReplies.json(ctx, 200, ViewJson.tree(new ViewShapes.TierSet(id, tier.map(Tier::wireName).orElse(now.wireName()),
                before.wireName(), tier.isPresent(), tier.isPresent()
                        ? "tier overridden until restart; probes follow the new interval from the next batch"
                        : "override cleared: the catalog's tier or traffic share decides again")));
    }

    /**
     * 200 with what changed; 400 with every problem when the new configuration is invalid (the
     * running one stays); 501 when the process cannot reload.
     */
    private void reload(RoutingContext ctx) {
        ctx.vertx().<Reloader.Result>executeBlocking(() -> svc.reloader().reload(), false).onComplete(ar -> {
            if (ar.succeeded()) {
                Reloader.Result r = ar.result();
                log.warn("admin: reloaded: {} gateways, {} models, offers +{} -{}, restart required for {}", r.gateways(), r.models(),
                        r.addedOffers().size(), r.removedOffers().size(), r.restartRequired());
                String message = "catalog reloaded: " + r.addedOffers().size() + " offer(s) added, " + r.removedOffers().size()
                        + " removed; requests already under way finish on the catalog they started with"
                        + (r.restartRequired().isEmpty() ? "" : "; " + r.restartRequired().size()
                        + " changed setting(s) take effect only after a restart (see restart_required)");
                ViewReplies.json(ctx, 200, ViewJson.tree(new ViewShapes.Reloaded(true, r.gateways(), r.models(), offers(r.addedOffers()),
                        offers(r.removedOffers()), List.copyOf(r.restartRequired()), message)));
                return;
            }
            Throwable e = ar.cause();
            log.warn("admin: reload failed: {}", e.toString());
            if (e instanceof Reloader.Rejected rejected) {
                ViewReplies.json(ctx, 400, ViewJson.tree(new ViewShapes.ErrorReply(new ViewShapes.ErrorBody("invalid_config",
                        "the new configuration is invalid (" + rejected.problems().size() + " problem(s)); the running configuration is unchanged"),
                        false, List.copyOf(rejected.problems()))));
                return;
            }
            int status = e instanceof UnsupportedOperationException ? 501 : 422;
            ViewReplies.json(ctx, status, ViewJson.tree(new ViewShapes.ErrorReply(new ViewShapes.ErrorBody("reload_failed",
                    "reload failed, the running configuration is unchanged: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())),
                    false, null)));
        });
    }

    private static List<ViewShapes.GatewayModel> offers(List<io.healthgate.catalog.OfferId> offers) {
        return offers.stream().map(o -> new ViewShapes.GatewayModel(o.gateway(), o.model())).toList();
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() && !n.textValue().isBlank() ? Optional.of(n.textValue().trim()) : Optional.empty();
    }
}
