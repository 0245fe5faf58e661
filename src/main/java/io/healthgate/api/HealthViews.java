package io.healthgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.fleet.FleetView;
import io.healthgate.fleet.Instance;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.GatewayStatus;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.HealthStore;
import io.healthgate.health.OfferStatus;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.routing.BreakerState;
import io.healthgate.routing.BreakerView;
import io.healthgate.routing.RoutingMode;
import io.healthgate.routing.RoutingSwitch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The read-only health views as Jackson trees, built from one {@link Inputs} (a health snapshot
 * plus breaker views, the routing mode and the catalog) with no HTTP in sight, so every field is
 * unit-tested without a server. Field names are a contract with operators' scripts: change none.
 *
 * <p>Counting rules (from the snapshot): {@code total_models} is the denominator of
 * {@code health_percentage}: models with at least one configured offer of known status (healthy,
 * degraded, unhealthy or deprecated); {@code healthy_models + degraded_models + unhealthy_models +
 * deprecated_models = total_models}. {@code catalog_models} is everything the gateway can route;
 * {@code coverage_percentage} is configured offers / all offers. Unknown numbers are null.
 */
public final class HealthViews {
    /** At or above this health % the system reads healthy; below it, recommendations say so. */
    public static final double HEALTHY_THRESHOLD = 90.0;
    /** Below this the system reads unhealthy (between the two: degraded). */
    public static final double UNHEALTHY_THRESHOLD = 70.0;
    static final String NO_DATA = "Health data not yet available";

    private HealthViews() {
    }

    /**
     * Everything a view reads, taken once per request so one answer is self-consistent.
     *
     * @param breakers breaker views by offer (offers never heard of are absent: closed)
     * @param configured whether a gateway's key env var is set
     */
    public record Inputs(HealthSnapshot snapshot, Catalog catalog, Map<OfferId, BreakerView> breakers, RoutingMode routingMode,
                         Predicate<String> configured, Map<String, String> keyHints, Optional<FleetView> fleet) {
        public Inputs {
            fleet = fleet == null ? Optional.empty() : fleet;
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(catalog, "catalog");
            breakers = breakers == null ? Map.of() : Map.copyOf(breakers);
            Objects.requireNonNull(routingMode, "routingMode");
            Objects.requireNonNull(configured, "configured");
            keyHints = keyHints == null ? Map.of() : Map.copyOf(keyHints);
        }

        public Inputs(HealthSnapshot snapshot, Catalog catalog, Map<OfferId, BreakerView> breakers, RoutingMode routingMode,
                      Predicate<String> configured) {
            this(snapshot, catalog, breakers, routingMode, configured, Map.of(), Optional.empty());
        }

        /** The same inputs with the key audit's hints per gateway (a similarly named variable is set, ...). */
        public Inputs withKeyHints(Map<String, String> hints) {
            return new Inputs(snapshot, catalog, breakers, routingMode, configured, hints, fleet);
        }

        /** The same inputs with the fleet as this instance sees it (several instances on Redis). */
        public Inputs withFleet(Optional<FleetView> view) {
            return new Inputs(snapshot, catalog, breakers, routingMode, configured, keyHints, view);
        }

        /** Reads the engine's newest snapshot, the breakers (when routing has them) and the switch, now. */
        public static Inputs of(HealthEngine engine, Optional<BreakerRegistry> breakers, RoutingSwitch routing) {
            HealthSnapshot snap = engine.snapshot();
            Instant now = engine.clock().instant();
            Map<OfferId, BreakerView> views = breakers.map(b -> b.views(now).stream()
                    .collect(Collectors.toMap(BreakerView::offer, v -> v, (a, b2) -> a))).orElse(Map.of());
            return new Inputs(snap, engine.catalog(), views, routing.mode(), engine::isConfigured);
        }

        String circuitState(HealthSnapshot.OfferHealth h) {
            BreakerView v = breakers.get(h.offer());
            if (v != null) {
                return v.state().wireName();
            }
            return h.circuitOpen() ? BreakerState.OPEN.wireName() : BreakerState.CLOSED.wireName();
        }

        long breakersOpen(String gateway) {
            return breakers.values().stream()
                    .filter(v -> v.offer().gateway().equals(gateway) && v.state() == BreakerState.OPEN).count();
        }
    }

    /** "unknown" without a health %, else healthy / degraded / unhealthy by the thresholds above. */
    static String overallStatus(Optional<Double> healthPercentage) {
        if (healthPercentage.isEmpty()) {
            return "unknown";
        }
        double p = healthPercentage.get();
        return p >= HEALTHY_THRESHOLD ? "healthy" : p >= UNHEALTHY_THRESHOLD ? "degraded" : "unhealthy";
    }

    /**
     * The views every instance publishes for the fleet, under stable names: {@code health:system},
     * {@code health:models}, {@code health:providers}, {@code health:gateways}, {@code health:dashboard}.
     */
    public static Map<String, String> shared(Inputs in) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("health:system", system(in).toString());
        out.put("health:models", models(in, ModelFilter.ALL).toString());
        out.put("health:providers", providers(in).toString());
        out.put("health:gateways", gateways(in).toString());
        out.put("health:dashboard", DashboardView.of(in).toString());
        return out;
    }

    /** {@code GET /health/system}. */
    public static ObjectNode system(Inputs in) {
        HealthSnapshot.SystemHealth s = in.snapshot().system();
        ObjectNode n = ViewJson.object();
        n.put("overall_status", overallStatus(s.healthPercentage()));
        n.put("total_models", s.knownModels());
        n.put("healthy_models", s.healthyModels());
        n.put("degraded_models", s.degradedModels());
        n.put("unhealthy_models", s.unhealthyModels());
        n.put("deprecated_models", s.deprecatedModels());
        n.put("unknown_models", s.unknownModels());
        ViewJson.putPercent(n, "health_percentage", s.healthPercentage());
        ViewJson.putPercent(n, "coverage_percentage", s.offerCoveragePercentage());
        ViewJson.putPercent(n, "model_coverage_percentage", s.modelCoveragePercentage());
        n.put("catalog_models", s.catalogModels());
        n.put("tracked_models", s.trackedModels());
        n.put("models_with_configured_offer", s.modelsWithConfiguredOffer());
        n.put("total_offers", s.totalOffers());
        n.put("configured_offers", s.configuredOffers());
        n.put("tracked_offers", s.trackedOffers());
        n.put("total_gateways", s.totalGateways());
        n.put("healthy_gateways", s.healthyGateways());
        n.put("routing_mode", in.routingMode().wireName());
        n.put("probe_requests", s.probeRequests());
        n.put("probe_tokens", s.probeTokens());
        n.put("false_timeouts_avoided", s.falseTimeoutsAvoided());
        n.put("last_updated", in.snapshot().at().toString());
        if (s.healthPercentage().isEmpty()) {
            n.put("message", NO_DATA);
        }
        in.fleet().ifPresent(f -> n.set("fleet", fleet(f)));
        return n;
    }

    /**
     * The {@code fleet} block: {@code instances} (live count), staleness of peers' news on arrival
     * ({@code staleness_ms_p50}, {@code staleness_ms_max}, null before any arrived) against its
     * bound, {@code redis: ok|down}, {@code answered_by} (this instance) and {@code members}
     * (id, started, last seen, leases held).
     */
    static ObjectNode fleet(FleetView f) {
        ObjectNode n = ViewJson.object();
        n.put("instances", f.instances().size());
        if (f.staleness().isPresent()) {
            n.put("staleness_ms_p50", f.staleness().get().p50().toMillis());
            n.put("staleness_ms_max", f.staleness().get().max().toMillis());
        } else {
            n.putNull("staleness_ms_p50");
            n.putNull("staleness_ms_max");
        }
        n.put("staleness_bound_ms", f.stalenessBound().toMillis());
        n.put("redis", f.redisUp() ? "ok" : "down");
        if (!f.redisUp()) {
            n.put("redis_problem", f.problem());
        }
        n.put("answered_by", f.self());
        n.put("leases_held", f.leasesHeld());
        n.put("probing_every_offer", f.probingEverything());
        n.put("messages_published", f.published());
        n.put("messages_received", f.received());
        n.put("messages_lost", f.lost());
        var members = n.putArray("members");
        for (Instance i : f.instances()) {
            members.addObject().put("id", i.id()).put("started", i.started().toString()).put("last_seen", i.lastSeen().toString())
                    .put("leases_held", i.leasesHeld()).put("url", i.url()).put("this_instance", i.id().equals(f.self()));
        }
        return n;
    }

    /** Filters of {@code GET /health/models}; empty means "any". */
    public record ModelFilter(Optional<OfferStatus> status, Optional<String> gateway, Optional<String> model) {
        public static final ModelFilter ALL = new ModelFilter(Optional.empty(), Optional.empty(), Optional.empty());

        boolean matches(HealthSnapshot.OfferHealth h) {
            return status.map(s -> s == h.status()).orElse(true)
                    && gateway.map(g -> g.equals(h.offer().gateway())).orElse(true)
                    && model.map(m -> m.equals(h.offer().model())).orElse(true);
        }
    }

    /** {@code GET /health/models}: one entry per offer, catalog order. */
    public static ObjectNode models(Inputs in, ModelFilter filter) {
        ObjectNode root = ViewJson.object();
        ArrayNode list = ViewJson.MAPPER.createArrayNode();
        for (HealthSnapshot.OfferHealth h : in.snapshot().offers().values()) {
            if (filter.matches(h)) {
                list.add(offer(in, h));
            }
        }
        root.put("count", list.size());
        root.put("last_updated", in.snapshot().at().toString());
        root.set("models", list);
        return root;
    }

    /** One offer's entry in {@code /health/models}. */
    static ObjectNode offer(Inputs in, HealthSnapshot.OfferHealth h) {
        ObjectNode n = ViewJson.object();
        n.put("model_id", h.offer().model());
        n.put("provider", h.provider());
        n.put("gateway", h.offer().gateway());
        n.put("upstream_model", h.upstreamModel());
        n.put("status", h.status().wireName());
        n.put("reason", h.reason());
        n.put("tier", h.tier().wireName());
        ViewJson.putPercent(n, "uptime_percentage", h.successRate().map(r -> r * 100.0));
        n.put("error_count", h.errors());
        n.put("call_count", h.calls());
        n.put("window_samples", h.windowSamples());
        ViewJson.putMillis(n, "latency_p50_ms", h.latencyP50());
        ViewJson.putMillis(n, "latency_p95_ms", h.latencyP95());
        ViewJson.put(n, "last_checked", h.lastChecked());
        ViewJson.put(n, "last_success", h.lastSuccess());
        if (h.lastOutcome().isPresent()) {
            n.put("last_outcome", h.lastOutcome().get().wireName());
        } else {
            n.putNull("last_outcome");
        }
        if (h.lastError().isBlank()) {
            n.putNull("last_error");
        } else {
            n.put("last_error", h.lastError());
        }
        ViewJson.put(n, "throttled_until", h.throttledUntil());
        if (h.throttle().isPresent()) {
            n.put("throttle_scope", h.throttle().get().scope().wireName());
            n.put("throttle_reason", h.throttle().get().reason());
        } else {
            n.putNull("throttle_scope");
            n.putNull("throttle_reason");
        }
        n.put("circuit_state", in.circuitState(h));
        return n;
    }

    /**
     * {@code GET /health/models/{model}}: the model and each offer with its window and uptime over
     * 1 h / 24 h / 7 d ({@code uptime} values are percentages of offer snapshots that were healthy or
     * degraded, null when the store has none in that range or there is no store; {@code uptime_note} then says why).
     *
     * @param uptimes uptime fractions (0..1) by window name ("1h", "24h", "7d"), then by offer
     */
    public static ObjectNode model(Inputs in, HealthSnapshot.ModelHealth m, Map<String, Map<OfferId, Double>> uptimes,
                                   Optional<String> uptimeNote) {
        ObjectNode n = ViewJson.object();
        n.put("model_id", m.model());
        n.put("provider", m.provider());
        n.put("status", m.status().wireName());
        n.put("tier", m.tier().wireName());
        n.put("offers_total", m.offers());
        n.put("offers_configured", m.configuredOffers());
        n.put("offers_healthy", m.healthyOffers());
        if (m.bestOffer().isPresent()) {
            n.put("best_gateway", m.bestOffer().get().gateway());
            n.put("reason", in.snapshot().offer(m.bestOffer().get()).map(HealthSnapshot.OfferHealth::reason).orElse(""));
        } else {
            n.putNull("best_gateway");
            n.put("reason", "no offers");
        }
        uptimeNote.ifPresent(note -> n.put("uptime_note", note));
        n.put("last_updated", in.snapshot().at().toString());
        ArrayNode offers = n.putArray("offers");
        for (HealthSnapshot.OfferHealth h : in.snapshot().offers().values()) {
            if (!h.offer().model().equals(m.model())) {
                continue;
            }
            ObjectNode o = offer(in, h);
            ObjectNode w = o.putObject("window");
            w.put("samples", h.windowSamples());
            ViewJson.putPercent(w, "success_rate", h.successRate().map(r -> r * 100.0));
            ViewJson.putMillis(w, "latency_p50_ms", h.latencyP50());
            ViewJson.putMillis(w, "latency_p95_ms", h.latencyP95());
            w.put("consecutive_failures", h.consecutiveFailures());
            ObjectNode up = o.putObject("uptime");
            for (String window : List.of("1h", "24h", "7d")) {
                Double u = uptimes.getOrDefault(window, Map.of()).get(h.offer());
                ViewJson.putPercent(up, window, Optional.ofNullable(u).map(x -> x * 100.0));
            }
            offers.add(o);
        }
        return n;
    }

    /** {@code GET /health/providers}: an object keyed by provider. */
    public static ObjectNode providers(Inputs in) {
        ObjectNode root = ViewJson.object();
        for (HealthSnapshot.ProviderHealth p : in.snapshot().providers().values()) {
            ObjectNode n = root.putObject(p.provider());
            n.put("status", overallStatus(p.healthPercentage()));
            n.put("models", p.models());
            n.put("known_models", p.knownModels());
            n.put("healthy_models", p.healthyModels());
            n.put("degraded_models", p.degradedModels());
            n.put("unhealthy_models", p.unhealthyModels());
            ViewJson.putPercent(n, "health_percentage", p.healthPercentage());
        }
        return root;
    }

    /** Gateway statuses that are a problem an operator can name (the {@code error} field). */
    private static boolean isProblem(GatewayStatus s) {
        return s != GatewayStatus.HEALTHY && s != GatewayStatus.UNKNOWN;
    }

    /** {@code GET /health/gateways}: an object keyed by gateway name, catalog order. */
    public static ObjectNode gateways(Inputs in) {
        ObjectNode root = ViewJson.object();
        for (HealthSnapshot.GatewayHealth g : in.snapshot().gateways().values()) {
            Optional<Gateway> def = in.catalog().gateway(g.gateway());
            ObjectNode n = root.putObject(g.gateway());
            n.put("display_name", def.map(Gateway::displayName).orElse(g.gateway()));
            n.put("status", g.status().wireName());
            n.put("reason", g.reason());
            n.put("api_key_env", def.map(Gateway::apiKeyEnv).orElse(""));
            n.put("configured", in.configured().test(g.gateway()));
            n.put("enabled", def.map(Gateway::enabled).orElse(false));
            if (isProblem(g.status())) {
                n.put("error", g.reason());
            } else {
                n.putNull("error");
            }
            n.put("healthy_offers", g.healthyOffers());
            n.put("degraded_offers", g.degradedOffers());
            n.put("unhealthy_offers", g.unhealthyOffers());
            n.put("deprecated_offers", g.deprecatedOffers());
            n.put("known_offers", g.knownOffers());
            n.put("total_offers", g.totalOffers());
            ViewJson.putPercent(n, "error_rate_percentage", g.errorRate().map(r -> r * 100.0));
            ViewJson.putMillis(n, "latency_p50_ms", g.latencyP50());
            ViewJson.put(n, "throttled_until", g.throttledUntil());
            n.put("breakers_open", in.breakersOpen(g.gateway()));
            n.put("probe_requests", g.probes().requests());
            n.put("probe_tokens", g.probes().tokens());
            n.put("false_timeouts_avoided", g.probes().falseTimeoutsAvoided());
            n.put("canary_requests", g.canaries().requests());
            n.put("canary_tokens", g.canaries().tokens());
        }
        return root;
    }

    /** {@code GET /health/history?hours=N}: stored system snapshots, oldest first. */
    public static ObjectNode history(List<HealthStore.SystemSnapshot> rows, int hours, Instant now, Optional<String> note) {
        ObjectNode root = ViewJson.object();
        root.put("hours", hours);
        root.put("from", now.minusSeconds(hours * 3600L).toString());
        root.put("to", now.toString());
        note.ifPresent(m -> root.put("message", m));
        ArrayNode points = root.putArray("points");
        for (HealthStore.SystemSnapshot s : rows) {
            ObjectNode p = points.addObject();
            p.put("at", s.at().toString());
            ViewJson.putPercent(p, "health_percentage", Optional.of(s.healthPercentage()));
            ViewJson.putPercent(p, "coverage_percentage", Optional.of(s.coveragePercentage()));
            p.put("healthy_models", s.healthyModels());
            p.put("unhealthy_models", s.unhealthyModels());
            p.put("healthy_gateways", s.healthyGateways());
            p.put("total_gateways", s.totalGateways());
        }
        return root;
    }
}
