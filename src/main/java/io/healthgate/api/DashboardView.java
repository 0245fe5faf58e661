package io.healthgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Gateway;
import io.healthgate.health.GatewayStatus;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.OfferStatus;

import java.util.Optional;

/**
 * {@code GET /health/dashboard}: the operator's one-call summary, in the shape the original
 * platform's operators scripted against ({@code curl .../health/dashboard | jq}). Plain Jackson,
 * no HTTP. Before there is any health data {@code overall_health.status} is {@code "unknown"},
 * {@code health_percentage} is null and {@code message} says "Health data not yet available":
 * never "0%".
 */
public final class DashboardView {
    private DashboardView() {
    }

    public static ObjectNode of(HealthViews.Inputs in) {
        HealthSnapshot snap = in.snapshot();
        HealthSnapshot.SystemHealth s = snap.system();
        ObjectNode root = ViewJson.object();
        root.put("timestamp", snap.at().toString());

        ObjectNode overall = root.putObject("overall_health");
        overall.put("status", HealthViews.overallStatus(s.healthPercentage()));
        Optional<String> pct = ViewJson.percentText(s.healthPercentage());
        if (pct.isPresent()) {
            overall.put("health_percentage", pct.get());
        } else {
            overall.putNull("health_percentage");
            overall.put("message", HealthViews.NO_DATA);
        }
        overall.put("healthy_models", s.healthyModels());
        overall.put("degraded_models", s.degradedModels());
        // Counted within healthy_models (they still serve): how many of those drift from their baseline.
        overall.put("degrading_models", snap.models().values().stream().filter(m -> m.status() == OfferStatus.DEGRADING).count());
        overall.put("unhealthy_models", s.unhealthyModels());
        overall.put("deprecated_models", s.deprecatedModels());
        overall.put("total_models", s.knownModels());
        ViewJson.percentText(s.offerCoveragePercentage()).ifPresentOrElse(
                c -> overall.put("coverage_percentage", c), () -> overall.putNull("coverage_percentage"));
        overall.put("catalog_models", s.catalogModels());
        overall.put("tracked_models", s.trackedModels());
        overall.put("tracked_offers", s.trackedOffers());
        overall.put("total_offers", s.totalOffers());
        overall.put("configured_offers", s.configuredOffers());

        in.fleet().ifPresent(f -> root.set("fleet", HealthViews.fleet(f)));

        ObjectNode gw = root.putObject("gateways");
        gw.put("total", s.totalGateways());
        gw.put("healthy", s.healthyGateways());
        gw.put("unconfigured", count(snap, GatewayStatus.UNCONFIGURED));
        gw.put("misconfigured", count(snap, GatewayStatus.MISCONFIGURED));
        gw.put("out_of_credits", count(snap, GatewayStatus.OUT_OF_CREDITS));
        gw.put("down", count(snap, GatewayStatus.DOWN));
        gw.put("degraded", count(snap, GatewayStatus.DEGRADED));
        gw.put("throttled", count(snap, GatewayStatus.THROTTLED));
        gw.put("disabled", count(snap, GatewayStatus.DISABLED));

        ObjectNode byProvider = root.putObject("unhealthy_models_by_provider");
        for (HealthSnapshot.ModelHealth m : snap.models().values()) {
            if (m.status() != OfferStatus.UNHEALTHY) {
                continue;
            }
            ArrayNode list = byProvider.has(m.provider()) ? (ArrayNode) byProvider.get(m.provider()) : byProvider.putArray(m.provider());
            ObjectNode e = list.addObject();
            e.put("model_id", m.model());
            e.put("status", m.status().wireName());
            Optional<HealthSnapshot.OfferHealth> best = m.bestOffer().flatMap(snap::offer);
            e.put("reason", best.map(HealthSnapshot.OfferHealth::reason).orElse(""));
            e.put("last_error", best.map(HealthSnapshot.OfferHealth::lastError).orElse(""));
            ViewJson.put(e, "last_checked", best.flatMap(HealthSnapshot.OfferHealth::lastChecked));
            ArrayNode offers = e.putArray("offers");
            for (HealthSnapshot.OfferHealth o : snap.offers().values()) {
                if (o.offer().model().equals(m.model())) {
                    offers.addObject().put("gateway", o.offer().gateway()).put("status", o.status().wireName()).put("reason", o.reason())
                            .put("last_error", o.lastError());
                }
            }
        }

        ArrayNode problematic = root.putArray("problematic_providers");
        for (Recommendations.ProblematicProvider p : Recommendations.problematicProviders(snap)) {
            problematic.addObject()
                    .put("provider", p.provider())
                    .put("failure_rate", ViewJson.percentText(Optional.of(p.failureRate() * 100)).orElseThrow())
                    .put("unhealthy_models", p.unhealthyModels())
                    .put("total_models", p.knownModels());
        }

        ArrayNode unconfigured = root.putArray("unconfigured_gateways");
        for (HealthSnapshot.GatewayHealth g : snap.gateways().values()) {
            if (g.status() == GatewayStatus.UNCONFIGURED) {
                unconfigured.addObject()
                        .put("gateway", g.gateway())
                        .put("api_key_env", in.catalog().gateway(g.gateway()).map(Gateway::apiKeyEnv).orElse(""))
                        .put("offers", g.totalOffers());
            }
        }

        ArrayNode recs = root.putArray("recommendations");
        for (Recommendations.Recommendation r : Recommendations.of(in)) {
            recs.addObject().put("priority", r.priority().name()).put("action", r.action()).put("details", r.details());
        }

        root.put("routing_mode", in.routingMode().wireName());
        ObjectNode spend = root.putObject("probe_spend");
        spend.put("requests", s.probeRequests());
        spend.put("tokens", s.probeTokens());
        spend.put("false_timeouts_avoided", s.falseTimeoutsAvoided());
        ObjectNode perGateway = spend.putObject("by_gateway");
        for (HealthSnapshot.GatewayHealth g : snap.gateways().values()) {
            if (g.probes().requests() > 0 || g.probes().tokens() > 0) {
                perGateway.putObject(g.gateway())
                        .put("requests", g.probes().requests())
                        .put("tokens", g.probes().tokens())
                        .put("requests_this_hour", g.probes().requestsThisHour());
            }
        }
        return root;
    }

    private static int count(HealthSnapshot snap, GatewayStatus status) {
        return (int) snap.gateways().values().stream().filter(g -> g.status() == status).count();
    }
}
