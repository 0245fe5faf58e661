package io.healthgate.alerting;

import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.health.GatewayStatus;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.OfferStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the engine's {@link HealthSnapshot}s into {@link HealthFacts}, one after another. Stateful
 * only to know since when each breaker has been open (the snapshot says open, not since when):
 * an offer's breaker counts as open since the first snapshot that showed it open.
 *
 * <p>A critical-tier model "has no healthy offer" when it has a configured offer and its status
 * is unhealthy, deprecated or misconfigured. Unknown (no evidence yet) and unconfigured (no key)
 * do not count: not knowing is not an outage, and a missing key is coverage, reported elsewhere.
 */
public final class SnapshotFacts {
    private final Map<OfferId, Instant> openSince = new HashMap<>();

    public synchronized HealthFacts next(HealthSnapshot s) {
        double health = s.system().healthPercentage().orElse(Double.NaN);
        List<String> critical = new ArrayList<>();
        for (HealthSnapshot.ModelHealth m : s.models().values()) {
            if (m.tier() == Tier.CRITICAL && m.configuredOffers() > 0 && isDown(m.status())) {
                critical.add(m.model());
            }
        }
        Map<String, GatewayStatus> gateways = new LinkedHashMap<>();
        s.gateways().forEach((name, g) -> gateways.put(name, g.status()));
        List<HealthFacts.OpenBreaker> breakers = new ArrayList<>();
        List<HealthFacts.DriftingOffer> drifting = new ArrayList<>();
        Map<OfferId, Instant> stillOpen = new HashMap<>();
        for (HealthSnapshot.OfferHealth o : s.offers().values()) {
            if (o.status() == OfferStatus.DEGRADING) {
                drifting.add(new HealthFacts.DriftingOffer(o.offer(), o.tier(), false, o.reason()));
            } else if (o.status() == OfferStatus.DEGRADED || o.status() == OfferStatus.UNHEALTHY) {
                drifting.add(new HealthFacts.DriftingOffer(o.offer(), o.tier(), true, o.reason()));
            }
            if (o.circuitOpen()) {
                Instant since = openSince.getOrDefault(o.offer(), s.at());
                stillOpen.put(o.offer(), since);
                breakers.add(new HealthFacts.OpenBreaker(o.offer(), o.tier(), since));
            }
        }
        openSince.clear();
        openSince.putAll(stillOpen);
        return new HealthFacts(s.at(), health, critical, gateways, breakers, drifting);
    }

    private static boolean isDown(OfferStatus st) {
        return st == OfferStatus.UNHEALTHY || st == OfferStatus.DEPRECATED || st == OfferStatus.MISCONFIGURED;
    }
}
