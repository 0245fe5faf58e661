package io.healthgate.proxy;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Offer;
import io.healthgate.health.OutcomeClass;
import io.healthgate.routing.ClientPreferences;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Plain ordered failover, for a proxy without health-aware routing: the resolved offers on
 * configured gateways in catalog order (a pinned gateway keeps only its own; the client's
 * {@code order} first, its {@code ignore} dropped), and another attempt after any failure that
 * allows failover, while nothing has reached the client, attempts remain and the deadline has not
 * passed. No breakers, no per-model deadlines, no hedging.
 */
public final class OrderedAttemptPlanner implements AttemptPlanner {
    private final Catalog catalog;
    private final Predicate<Gateway> configured;
    private final int maxAttempts;
    private final Duration totalDeadline;

    public OrderedAttemptPlanner(Catalog catalog, Predicate<Gateway> configured, int maxAttempts, Duration totalDeadline) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.configured = Objects.requireNonNull(configured, "configured");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.totalDeadline = Objects.requireNonNull(totalDeadline, "totalDeadline");
    }

    @Override
    public AttemptPlan plan(Catalog.Resolution resolution, ClientPreferences preferences) {
        List<Offer> offers = candidates(resolution).stream()
                .filter(o -> preferences.permits(o.gateway()))
                .sorted(Comparator.comparingInt(o -> {
                    int p = preferences.positionOf(o.gateway());
                    return p >= 0 ? p : Integer.MAX_VALUE;
                }))
                .toList();
        return new AttemptPlan() {
            @Override
            public List<Offer> candidates() {
                return offers;
            }

            @Override
            public boolean permits(Offer offer) {
                return true;
            }

            @Override
            public boolean shouldTryNext(Offer failed, OutcomeClass outcome, int attemptsSoFar, boolean firstByteSent, Duration elapsed) {
                return OrderedAttemptPlanner.this.shouldTryNext(outcome, attemptsSoFar, firstByteSent, elapsed);
            }

            @Override
            public String reason() {
                return offers.isEmpty() ? "" : "ordered: configured offers in catalog order";
            }
        };
    }

    /** The resolved offers on configured gateways, in catalog order. */
    public List<Offer> candidates(Catalog.Resolution resolution) {
        return resolution.offers().stream()
                .filter(o -> catalog.gateway(o.gateway()).filter(configured).isPresent())
                .toList();
    }

    public boolean shouldTryNext(OutcomeClass outcome, int attemptsSoFar, boolean firstByteSent, Duration elapsed) {
        if (firstByteSent) {
            return false; // the client already has part of this answer; another offer would corrupt it
        }
        if (!outcome.allowsFailover()) {
            return false; // the client's own bad request fails the same everywhere; cancellation is final
        }
        if (attemptsSoFar >= maxAttempts) {
            return false;
        }
        return elapsed.compareTo(totalDeadline) < 0;
    }
}
