package io.healthgate.routing;

import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Offer;
import io.healthgate.health.OfferStatus;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** The health ranking: the configured keys in order, then catalog order, so it is stable. */
final class Ranking {
    private Ranking() {
    }

    /** One offer with the health figures read for it. */
    record Scored(int catalogIndex, Offer offer, Gateway gateway, OfferStatus status, OptionalDouble uptime,
                  Optional<Duration> ttfbP50, OptionalDouble price, boolean trial, boolean throttled) {

        String describe() {
            StringBuilder b = new StringBuilder(status.wireName());
            uptime.ifPresent(u -> b.append(String.format(Locale.ROOT, ", uptime %.1f%%", u * 100)));
            ttfbP50.ifPresent(d -> b.append(", ttfb p50 ").append(d.toMillis()).append(" ms"));
            price.ifPresent(p -> b.append(String.format(Locale.ROOT, ", price %.4g", p)));
            if (trial) {
                b.append(", circuit half-open (trial)");
            }
            if (throttled) {
                b.append(", rate limited (ranked last)");
            }
            return b.toString();
        }
    }

    /** A throttled offer ranks after every other, whatever the keys: a call now would most likely get a 429. */
    static Comparator<Scored> by(List<RankKey> keys) {
        Comparator<Scored> c = Comparator.comparing(Scored::throttled);
        for (RankKey k : keys) {
            c = c.thenComparing(key(k));
        }
        return c.thenComparingInt(Scored::catalogIndex);
    }

    private static Comparator<Scored> key(RankKey k) {
        return switch (k) {
            case STATUS -> Comparator.comparingInt(s -> statusRank(s.status()));
            case UPTIME -> (a, b) -> knownFirst(a.uptime(), b.uptime(), true);
            case LATENCY -> (a, b) -> knownFirst(
                    a.ttfbP50().map(d -> (double) d.toNanos()).map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                    b.ttfbP50().map(d -> (double) d.toNanos()).map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                    false);
            case PRICE -> (a, b) -> knownFirst(a.price(), b.price(), false);
        };
    }

    /**
     * healthy > degrading > degraded > unknown > unhealthy; statuses that are never routed to sort
     * last. A degrading offer (drifting from its own baseline) still serves, but any healthy peer
     * goes first, so traffic moves off it before it fails.
     */
    static int statusRank(OfferStatus s) {
        return switch (s) {
            case HEALTHY -> 0;
            case DEGRADING -> 1;
            case DEGRADED -> 2;
            case UNKNOWN -> 3;
            case UNHEALTHY -> 4;
            default -> 5;
        };
    }

    private static int knownFirst(OptionalDouble a, OptionalDouble b, boolean higherIsBetter) {
        if (a.isPresent() && b.isPresent()) {
            int c = Double.compare(a.getAsDouble(), b.getAsDouble());
            return higherIsBetter ? -c : c;
        }
        if (a.isPresent() != b.isPresent()) {
            return a.isPresent() ? -1 : 1;
        }
        return 0;
    }
}
