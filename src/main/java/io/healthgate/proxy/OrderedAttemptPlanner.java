package io.healthgate.proxy;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Offer;
import io.healthgate.health.OfferStatus;
import io.healthgate.routing.Candidate;
import io.healthgate.routing.ClientPreferences;
import io.healthgate.routing.FailoverPolicy;
import io.healthgate.routing.RoutePlan;
import io.healthgate.routing.RoutingMode;
import io.healthgate.routing.RoutingSettings;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Plain ordered failover, for a proxy without health-aware routing (and the fallback when
 * routing itself fails): the resolved offers on configured gateways in catalog order (a pinned
 * gateway keeps only its own; the client's {@code order} first, its {@code ignore} dropped).
 * Retry-or-stop is the same {@link FailoverPolicy} as health-aware routing; no breakers, no
 * per-model deadlines, no hedging.
 */
public final class OrderedAttemptPlanner implements AttemptPlanner {
    private final Catalog catalog;
    private final Predicate<Gateway> configured;
    private final FailoverPolicy failover;

    public OrderedAttemptPlanner(Catalog catalog, Predicate<Gateway> configured, int maxAttempts, Duration totalDeadline) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.configured = Objects.requireNonNull(configured, "configured");
        this.failover = new FailoverPolicy(new RoutingSettings(maxAttempts, totalDeadline, RoutingSettings.DEFAULT_RANK_BY, false));
    }

    @Override
    public AttemptPlan plan(Catalog.Resolution resolution, ClientPreferences preferences) {
        List<Candidate> candidates = candidates(resolution).stream()
                .filter(o -> preferences.permits(o.gateway()))
                .sorted(Comparator.comparingInt(o -> {
                    int p = preferences.positionOf(o.gateway());
                    return p >= 0 ? p : Integer.MAX_VALUE;
                }))
                .map(o -> new Candidate(o, catalog.gateway(o.gateway()).orElseThrow(), OfferStatus.UNKNOWN, false, "catalog order"))
                .toList();
        String reason = candidates.isEmpty() ? "" : "ordered: configured offers in catalog order";
        RoutePlan route = new RoutePlan(resolution.model().id(), RoutingMode.ORDERED, candidates, false, reason, List.of());
        return new AttemptPlan(route, failover, offer -> true, Optional.empty(), Optional.empty());
    }

    /** The resolved offers on configured gateways, in catalog order. */
    public List<Offer> candidates(Catalog.Resolution resolution) {
        return resolution.offers().stream()
                .filter(o -> catalog.gateway(o.gateway()).filter(configured).isPresent())
                .toList();
    }
}
