package io.healthgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Gateway;
import io.healthgate.health.GatewayStatus;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.OfferStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /health/dashboard}: the operator's one-call summary, in the shape the original
 * platform's operators scripted against ({@code curl .../health/dashboard | jq}), as the
 * {@link ViewShapes.Dashboard} record; no HTTP. Before there is any health data {@code overall_health.status} is {@code "unknown"},
 * {@code health_percentage} is null and {@code message} says "Health data not yet available":
 * never "0%".
 */
public final class DashboardView {
    private DashboardView() {
    }

    public static ObjectNode of(HealthViews.Inputs in) {
        return ViewJson.tree(dashboard(in));
    }

    static ViewShapes.Dashboard dashboard(HealthViews.Inputs in) {
        HealthSnapshot snap = in.snapshot();
        HealthSnapshot.SystemHealth s = snap.system();
        ViewShapes.OverallHealth overall = new ViewShapes.OverallHealth(HealthViews.overallStatus(s.healthPercentage()),
                ViewJson.percentText(s.healthPercentage()).orElse(null),
                ViewJson.percentText(s.healthPercentage()).isPresent() ? null : HealthViews.NO_DATA,
                s.healthyModels(), s.degradedModels(),
                // Counted within healthy_models (they still serve): how many of those drift from their baseline.
                snap.models().values().stream().filter(m -> m.status() == OfferStatus.DEGRADING).count(),
                s.unhealthyModels(), s.deprecatedModels(), s.knownModels(),
                ViewJson.percentText(s.offerCoveragePercentage()).orElse(null), s.catalogModels(), s.trackedModels(), s.trackedOffers(),
                s.totalOffers(), s.configuredOffers());
        ViewShapes.GatewayCounts gateways = new ViewShapes.GatewayCounts(s.totalGateways(), s.healthyGateways(),
                count(snap, GatewayStatus.UNCONFIGURED), count(snap, GatewayStatus.MISCONFIGURED), count(snap, GatewayStatus.OUT_OF_CREDITS),
                count(snap, GatewayStatus.DOWN), count(snap, GatewayStatus.DEGRADED), count(snap, GatewayStatus.THROTTLED),
                count(snap, GatewayStatus.DISABLED));

        Map<String, List<ViewShapes.UnhealthyModel>> byProvider = new LinkedHashMap<>();
        for (HealthSnapshot.ModelHealth m : snap.models().values()) {
            if (m.status() != OfferStatus.UNHEALTHY) {
                continue;
            }
            Optional<HealthSnapshot.OfferHealth> best = m.bestOffer().flatMap(snap::offer);
            List<ViewShapes.UnhealthyOffer> offers = snap.offers().values().stream().filter(o -> o.offer().model().equals(m.model()))
                    .map(o -> new ViewShapes.UnhealthyOffer(o.offer().gateway(), o.status().wireName(), o.reason(), o.lastError())).toList();
            byProvider.computeIfAbsent(m.provider(), p -> new ArrayList<>()).add(new ViewShapes.UnhealthyModel(m.model(),
                    m.status().wireName(), best.map(HealthSnapshot.OfferHealth::reason).orElse(""),
                    best.map(HealthSnapshot.OfferHealth::lastError).orElse(""),
                    ViewJson.at(best.flatMap(HealthSnapshot.OfferHealth::lastChecked)), offers));
        }

        List<ViewShapes.ProblematicProvider> problematic = Recommendations.problematicProviders(snap).stream()
                .map(p -> new ViewShapes.ProblematicProvider(p.provider(),
                        ViewJson.percentText(Optional.of(p.failureRate() * 100)).orElseThrow(), p.unhealthyModels(), p.knownModels()))
                .toList();
        List<ViewShapes.UnconfiguredGateway> unconfigured = snap.gateways().values().stream()
                .filter(g -> g.status() == GatewayStatus.UNCONFIGURED)
                .map(g -> new ViewShapes.UnconfiguredGateway(g.gateway(),
                        in.catalog().gateway(g.gateway()).map(Gateway::apiKeyEnv).orElse(""), g.totalOffers()))
                .toList();
        List<ViewShapes.Recommendation> recs = Recommendations.of(in).stream()
                .map(r -> new ViewShapes.Recommendation(r.priority().name(), r.action(), r.details())).toList();

        Map<String, ViewShapes.GatewaySpend> perGateway = new LinkedHashMap<>();
        long canaryRequests = 0;
        long canaryTokens = 0;
        for (HealthSnapshot.GatewayHealth g : snap.gateways().values()) {
            HealthSnapshot.ProbeSpend p = g.probes();
            HealthSnapshot.ProbeSpend c = g.canaries();
            canaryRequests += c.requests();
            canaryTokens += c.tokens();
            if (p.requests() > 0 || p.tokens() > 0 || c.requests() > 0) {
                perGateway.put(g.gateway(), new ViewShapes.GatewaySpend(p.requests(), p.tokens(), p.requestsThisHour(),
                        c.requests(), c.tokens()));
            }
        }
        ViewShapes.ProbeSpend spend = new ViewShapes.ProbeSpend(s.probeRequests(), s.probeTokens(), s.falseTimeoutsAvoided(),
                canaryRequests, canaryTokens, perGateway);
        return new ViewShapes.Dashboard(snap.at().toString(), overall, in.fleet().map(HealthViews::fleet).orElse(null), gateways,
                byProvider, problematic, unconfigured, recs, in.routingMode().wireName(), spend);
    }

    private static int count(HealthSnapshot snap, GatewayStatus status) {
        return (int) snap.gateways().values().stream().filter(g -> g.status() == status).count();
    }
}
