package io.healthgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.fleet.FleetView;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The read-only health views, built as the records of {@link ViewShapes} (serialised by Jackson) from one {@link Inputs} (a health snapshot
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
        return ViewJson.tree(totals(in));
    }

    static ViewShapes.Totals totals(Inputs in) {
        HealthSnapshot.SystemHealth s = in.snapshot().system();
        return new ViewShapes.Totals(overallStatus(s.healthPercentage()), s.knownModels(), s.healthyModels(), s.degradedModels(),
                s.unhealthyModels(), s.deprecatedModels(), s.unknownModels(), ViewJson.percent(s.healthPercentage()),
                ViewJson.percent(s.offerCoveragePercentage()), ViewJson.percent(s.modelCoveragePercentage()), s.catalogModels(),
                s.trackedModels(), s.modelsWithConfiguredOffer(), s.totalOffers(), s.configuredOffers(), s.trackedOffers(),
                s.totalGateways(), s.healthyGateways(), in.routingMode().wireName(), s.probeRequests(), s.probeTokens(),
                s.falseTimeoutsAvoided(), in.snapshot().at().toString(), s.healthPercentage().isEmpty() ? NO_DATA : null,
                in.fleet().map(HealthViews::fleet).orElse(null));
    }

    /**
     * The {@code fleet} block: {@code instances} (live count), staleness of peers' news on arrival
     * ({@code staleness_ms_p50}, {@code staleness_ms_max}, null before any arrived) against its
     * bound, {@code redis: ok|down}, {@code answered_by} (this instance) and {@code members}
     * (id, started, last seen, leases held).
     */
    static ViewShapes.Fleet fleet(FleetView f) {
        List<ViewShapes.Member> members = f.instances().stream().map(i -> new ViewShapes.Member(i.id(), i.started().toString(),
                i.lastSeen().toString(), i.leasesHeld(), i.url(), i.id().equals(f.self()))).toList();
        return new ViewShapes.Fleet(f.instances().size(), f.staleness().map(x -> x.p50().toMillis()).orElse(null),
                f.staleness().map(x -> x.max().toMillis()).orElse(null), f.stalenessBound().toMillis(), f.redisUp() ? "ok" : "down",
                f.redisUp() ? null : f.problem(), f.self(), f.leasesHeld(), f.probingEverything(), f.published(), f.received(), f.lost(),
                members);
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
        List<ViewShapes.Offer> list = in.snapshot().offers().values().stream().filter(filter::matches).map(h -> offer(in, h)).toList();
        return ViewJson.tree(new ViewShapes.OfferList(list.size(), in.snapshot().at().toString(), list));
    }

    /** One offer's entry in {@code /health/models}. */
    static ViewShapes.Offer offer(Inputs in, HealthSnapshot.OfferHealth h) {
        return new ViewShapes.Offer(h.offer().model(), h.provider(), h.offer().gateway(), h.upstreamModel(), h.status().wireName(),
                h.reason(), h.tier().wireName(), ViewJson.percent(h.successRate().map(r -> r * 100.0)), h.errors(), h.calls(),
                h.windowSamples(), ViewJson.millis(h.latencyP50()), ViewJson.millis(h.latencyP95()), ViewJson.at(h.lastChecked()),
                ViewJson.at(h.lastSuccess()), h.lastOutcome().map(o -> o.wireName()).orElse(null),
                h.lastError().isBlank() ? null : h.lastError(), ViewJson.at(h.throttledUntil()),
                h.throttle().map(t -> t.scope().wireName()).orElse(null), h.throttle().map(t -> t.reason()).orElse(null),
                in.circuitState(h));
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
        List<ViewShapes.OfferDetail> offers = in.snapshot().offers().values().stream()
                .filter(h -> h.offer().model().equals(m.model()))
                .map(h -> new ViewShapes.OfferDetail(offer(in, h),
                        new ViewShapes.Window(h.windowSamples(), ViewJson.percent(h.successRate().map(r -> r * 100.0)),
                                ViewJson.millis(h.latencyP50()), ViewJson.millis(h.latencyP95()), h.consecutiveFailures()),
                        new ViewShapes.Uptime(uptime(uptimes, "1h", h), uptime(uptimes, "24h", h), uptime(uptimes, "7d", h))))
                .toList();
        Optional<OfferId> best = m.bestOffer();
        return ViewJson.tree(new ViewShapes.Model(m.model(), m.provider(), m.status().wireName(), m.tier().wireName(), m.offers(),
                m.configuredOffers(), m.healthyOffers(), best.map(OfferId::gateway).orElse(null),
                best.map(b -> in.snapshot().offer(b).map(HealthSnapshot.OfferHealth::reason).orElse("")).orElse("no offers"),
                uptimeNote.orElse(null), in.snapshot().at().toString(), offers));
    }

    private static Double uptime(Map<String, Map<OfferId, Double>> uptimes, String window, HealthSnapshot.OfferHealth h) {
        return ViewJson.percent(Optional.ofNullable(uptimes.getOrDefault(window, Map.of()).get(h.offer())).map(x -> x * 100.0));
    }

    /** {@code GET /health/providers}: an object keyed by provider. */
    public static ObjectNode providers(Inputs in) {
        Map<String, ViewShapes.Provider> out = new LinkedHashMap<>();
        for (HealthSnapshot.ProviderHealth p : in.snapshot().providers().values()) {
            out.put(p.provider(), new ViewShapes.Provider(overallStatus(p.healthPercentage()), p.models(), p.knownModels(),
                    p.healthyModels(), p.degradedModels(), p.unhealthyModels(), ViewJson.percent(p.healthPercentage())));
        }
        return ViewJson.tree(out);
    }

    /** Gateway statuses that are a problem an operator can name (the {@code error} field). */
    private static boolean isProblem(GatewayStatus s) {
        return s != GatewayStatus.HEALTHY && s != GatewayStatus.UNKNOWN;
    }

    /** {@code GET /health/gateways}: an object keyed by gateway name, catalog order. */
    public static ObjectNode gateways(Inputs in) {
        Map<String, ViewShapes.Gateway> out = new LinkedHashMap<>();
        for (HealthSnapshot.GatewayHealth g : in.snapshot().gateways().values()) {
            Optional<Gateway> def = in.catalog().gateway(g.gateway());
            out.put(g.gateway(), new ViewShapes.Gateway(def.map(Gateway::displayName).orElse(g.gateway()), g.status().wireName(),
                    g.reason(), def.map(Gateway::apiKeyEnv).orElse(""), in.configured().test(g.gateway()),
                    def.map(Gateway::enabled).orElse(false), isProblem(g.status()) ? g.reason() : null, g.healthyOffers(),
                    g.degradedOffers(), g.unhealthyOffers(), g.deprecatedOffers(), g.knownOffers(), g.totalOffers(),
                    ViewJson.percent(g.errorRate().map(r -> r * 100.0)), ViewJson.millis(g.latencyP50()), ViewJson.at(g.throttledUntil()),
                    in.breakersOpen(g.gateway()), g.probes().requests(), g.probes().tokens(), g.probes().falseTimeoutsAvoided(),
                    g.canaries().requests(), g.canaries().tokens()));
        }
        return ViewJson.tree(out);
    }

    /** {@code GET /health/history?hours=N}: stored system snapshots, oldest first. */
    public static ObjectNode history(List<HealthStore.SystemSnapshot> rows, int hours, Instant now, Optional<String> note) {
        List<ViewShapes.Point> points = rows.stream().map(s -> new ViewShapes.Point(s.at().toString(),
                ViewJson.percent(Optional.of(s.healthPercentage())), ViewJson.percent(Optional.of(s.coveragePercentage())),
                s.healthyModels(), s.unhealthyModels(), s.healthyGateways(), s.totalGateways())).toList();
        return ViewJson.tree(new ViewShapes.History(hours, now.minusSeconds(hours * 3600L).toString(), now.toString(), note.orElse(null),
                points));
    }
}
