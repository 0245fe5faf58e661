package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds one {@link HealthSnapshot} from the engine's current evidence: offers first (status
 * per {@link StatusRules}), then models (best offer), providers, gateways and the system totals.
 */
final class SnapshotBuilder {
    private SnapshotBuilder() {
    }

    static HealthSnapshot build(HealthEngine engine, Catalog catalog, Instant now) {
        HealthSettings s = engine.settings();
        Map<OfferId, HealthSnapshot.OfferHealth> offers = new LinkedHashMap<>();
        Map<String, GatewayTally> gwTally = new LinkedHashMap<>();
        for (Gateway g : catalog.gateways()) {
            gwTally.put(g.name(), new GatewayTally());
        }
        Map<String, HealthSnapshot.ModelHealth> models = new LinkedHashMap<>();
        Map<String, ProviderTally> providers = new LinkedHashMap<>();
        int trackedModels = 0;
        int trackedOffers = 0;
        int configuredOffers = 0;
        int modelsWithConfigured = 0;
        int healthyModels = 0;
        int degradedModels = 0;
        int unhealthyModels = 0;
        int deprecatedModels = 0;
        int unknownModels = 0;
        int knownModels = 0;
        for (Model m : catalog.models()) {
            Tier tier = engine.tierOf(m);
            OfferStatus bestKnown = null;
            OfferId bestKnownId = null;
            OfferStatus bestAny = null;
            OfferId bestAnyId = null;
            int configured = 0;
            int healthyOffers = 0;
            boolean tracked = false;
            for (Offer o : m.offers()) {
                OfferState.OfferEvidence e = engine.evidence(o.id(), now);
                boolean circuitOpen = engine.circuitOpen(o.id());
                StatusRules.GatewayFacts facts = engine.facts(o.gateway());
                StatusRules.Verdict v = engine.judge(o.id(), e, facts, s.tier(tier).interval(), circuitOpen, now);
                GatewayState.GatewayEvidence ge = facts.evidence();
                Optional<Throttle> throttle = ge.throttledAt(now) ? ge.throttle() : e.throttle();
                offers.put(o.id(), new HealthSnapshot.OfferHealth(o.id(), m.provider(), o.upstreamModel(), v.status(), v.reason(),
                        e.window().successRate(), e.window().samples(), e.calls(), e.successes(), e.errors(), e.consecutiveFailures(),
                        e.window().p50(), e.window().p95(), e.lastCalled(), e.lastSuccess(), e.lastFailure(), e.lastOutcome(),
                        e.lastError(), tier, m.tier().isPresent(),
                        throttle.map(Throttle::until), circuitOpen, throttle, ge.suspect(),
                        v.status() == OfferStatus.HEALTHY && e.window().failures() > 0
                                && e.consecutiveSuccesses() >= s.recoverySuccesses(),
                        StatusRules.recovering(e, e.window()) && e.consecutiveSuccesses() < s.recoverySuccesses()));
                if (e.calls() > 0) {
                    tracked = true;
                    trackedOffers++;
                }
                if (facts.gateway().enabled() && facts.configured()) {
                    configured++;
                }
                OfferStatus st = v.status();
                if (st == OfferStatus.HEALTHY) {
                    healthyOffers++;
                }
                if (st.isKnownConfigured() && (bestKnown == null || st.ordinal() < bestKnown.ordinal())) {
                    bestKnown = st;
                    bestKnownId = o.id();
                }
                if (bestAny == null || st.ordinal() < bestAny.ordinal()) {
                    bestAny = st;
                    bestAnyId = o.id();
                }
                gwTally.get(o.gateway()).add(st, e.window());
            }
            OfferStatus status = bestKnown != null ? bestKnown : bestAny != null ? bestAny : OfferStatus.UNCONFIGURED;
            Optional<OfferId> best = Optional.ofNullable(bestKnown != null ? bestKnownId : bestAnyId);
            models.put(m.id(), new HealthSnapshot.ModelHealth(m.id(), m.provider(), status, best, m.offers().size(), configured,
                    healthyOffers, tier));
            configuredOffers += configured;
            if (configured > 0) {
                modelsWithConfigured++;
            }
            if (tracked) {
                trackedModels++;
            }
            ProviderTally p = providers.computeIfAbsent(m.provider(), k -> new ProviderTally());
            p.models++;
            if (bestKnown != null) {
                knownModels++;
                p.known++;
            }
            switch (status) {
                // A degrading model still serves: it counts as healthy in health %; the warning is its own alert.
                case HEALTHY, DEGRADING -> { healthyModels++; p.healthy++; }
                case DEGRADED -> { degradedModels++; p.degraded++; }
                case UNHEALTHY -> { unhealthyModels++; p.unhealthy++; }
                case DEPRECATED -> deprecatedModels++;
                case UNKNOWN -> unknownModels++;
                default -> { }
            }
        }

        Map<String, HealthSnapshot.GatewayHealth> gateways = new LinkedHashMap<>();
        int healthyGateways = 0;
        long probeRequests = 0;
        long probeTokens = 0;
        long falseTimeouts = 0;
        for (Gateway g : catalog.gateways()) {
            GatewayTally t = gwTally.get(g.name());
            StatusRules.GatewayFacts facts = engine.facts(g.name());
            StatusRules.GatewayVerdict v = StatusRules.gateway(facts, t.healthy, t.degraded, t.unhealthy, s, now);
            HealthSnapshot.ProbeSpend spend = engine.ledger().spend(g.name(), now);
            probeRequests += spend.requests();
            probeTokens += spend.tokens();
            falseTimeouts += spend.falseTimeoutsAvoided();
            long samples = t.successes + t.failures;
            GatewayState.GatewayEvidence ge = facts.evidence();
            gateways.put(g.name(), new HealthSnapshot.GatewayHealth(g.name(), v.status(), v.reason(), t.total, t.healthy, t.degraded,
                    t.unhealthy, t.deprecated, t.healthy + t.degraded + t.unhealthy,
                    samples == 0 ? Optional.empty() : Optional.of((double) t.failures / samples),
                    LatencyHistogram.quantile(t.latency, 0.5),
                    ge.throttledAt(now) ? ge.throttledUntil() : Optional.empty(), spend, engine.canaryLedger().spend(g.name(), now)));
            if (v.status() == GatewayStatus.HEALTHY) {
                healthyGateways++;
            }
        }

        Map<String, HealthSnapshot.ProviderHealth> providerHealth = new LinkedHashMap<>();
        providers.forEach((name, p) -> providerHealth.put(name, new HealthSnapshot.ProviderHealth(name, p.models, p.healthy,
                p.degraded, p.unhealthy, p.known, percent(p.healthy, p.known))));

        int catalogModels = catalog.models().size();
        int totalOffers = offers.size();
        HealthSnapshot.SystemHealth system = new HealthSnapshot.SystemHealth(percent(healthyModels, knownModels), healthyModels,
                degradedModels, unhealthyModels, deprecatedModels, unknownModels, knownModels, catalogModels, trackedModels,
                modelsWithConfigured, percent(modelsWithConfigured, catalogModels), totalOffers, configuredOffers,
                percent(configuredOffers, totalOffers), trackedOffers, healthyGateways, catalog.gateways().size(),
                probeRequests, probeTokens, falseTimeouts);
        return new HealthSnapshot(now, system, gateways, providerHealth, models, offers);
    }

    /** Empty when the denominator is zero: no data is never "0%". */
    static Optional<Double> percent(int part, int whole) {
        return whole == 0 ? Optional.empty() : Optional.of(100.0 * part / whole);
    }

    private static final class GatewayTally {
        int total;
        int healthy;
        int degraded;
        int unhealthy;
        int deprecated;
        long successes;
        long failures;
        final long[] latency = new long[LatencyHistogram.BINS];

        void add(OfferStatus st, RollingWindow.Summary w) {
            total++;
            switch (st) {
                case HEALTHY, DEGRADING -> healthy++;
                case DEGRADED -> degraded++;
                case UNHEALTHY -> unhealthy++;
                case DEPRECATED -> deprecated++;
                default -> { }
            }
            successes += w.successes();
            failures += w.failures();
            long[] bins = w.latencyBins();
            for (int i = 0; i < bins.length; i++) {
                latency[i] += bins[i];
            }
        }
    }

    private static final class ProviderTally {
        int models;
        int healthy;
        int degraded;
        int unhealthy;
        int known;
    }
}
