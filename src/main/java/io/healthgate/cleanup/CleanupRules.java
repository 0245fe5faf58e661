package io.healthgate.cleanup;

import io.healthgate.catalog.Catalog;
import io.healthgate.health.HealthStore.OfferRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which stored offers are dead. The rules, tried in this order (the first that matches is the
 * reason given):
 * <ol>
 *   <li>{@code not_in_catalog}: the offer is in no current catalog.</li>
 *   <li>{@code not_found}: at least {@code minNotFoundChecks} not_found answers, the first and
 *       last at least {@code notFoundSpread} apart, and none of them followed by a success.</li>
 *   <li>{@code all_errors}: at least {@code minAllErrorCalls} calls and every one a counting error.</li>
 *   <li>{@code never_checked}: no call at all, and added more than {@code staleAfter} ago.</li>
 *   <li>{@code stale}: last called (or probed) {@code staleAfter} ago or longer.</li>
 * </ol>
 * Above all of them: an offer with a success within {@code recentSuccessGuard} is <b>never</b> a
 * candidate, whatever else its row says; something that worked last week is not dead.
 */
public final class CleanupRules {
    private final CleanupSettings settings;

    public CleanupRules(CleanupSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The candidates among {@code offers}, sorted by gateway then model. */
    public List<CleanupCandidate> candidates(List<OfferRecord> offers, Catalog catalog, Instant now) {
        return offers.stream()
                .map(o -> judge(o, catalog, now))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(CleanupCandidate::gateway).thenComparing(CleanupCandidate::model))
                .toList();
    }

    /** The candidate this offer is, or empty when it must stay. */
    public Optional<CleanupCandidate> judge(OfferRecord o, Catalog catalog, Instant now) {
        if (recentlySucceeded(o, now)) {
            return Optional.empty();
        }
        if (catalog.offer(o.offer()).isEmpty()) {
            return candidate(o, CleanupReason.NOT_IN_CATALOG, "no longer in the catalog");
        }
        if (notFoundRepeatedly(o)) {
            Duration spread = Duration.between(o.firstNotFound().orElseThrow(), o.lastNotFound().orElseThrow());
            return candidate(o, CleanupReason.NOT_FOUND, "not_found on " + o.notFoundCount() + " checks over " + span(spread));
        }
        if (o.callCount() >= settings.minAllErrorCalls() && o.errorCount() >= o.callCount()) {
            return candidate(o, CleanupReason.ALL_ERRORS, "100% errors: all " + o.callCount() + " calls failed");
        }
        if (o.callCount() == 0) {
            Duration age = Duration.between(o.createdAt(), now);
            return age.compareTo(settings.staleAfter()) > 0
                    ? candidate(o, CleanupReason.NEVER_CHECKED, "never checked since added " + span(age) + " ago")
                    : Optional.empty();
        }
        Instant lastActivity = o.lastCalled().orElse(o.createdAt());
        Duration idle = Duration.between(lastActivity, now);
        if (idle.compareTo(settings.staleAfter()) >= 0) {
            return candidate(o, CleanupReason.STALE, "not called or checked for " + span(idle));
        }
        return Optional.empty();
    }

    private boolean recentlySucceeded(OfferRecord o, Instant now) {
        return o.lastSuccess().filter(s -> s.isAfter(now.minus(settings.recentSuccessGuard()))).isPresent();
    }

    private boolean notFoundRepeatedly(OfferRecord o) {
        if (o.notFoundCount() < settings.minNotFoundChecks() || o.firstNotFound().isEmpty() || o.lastNotFound().isEmpty()) {
            return false;
        }
        Instant last = o.lastNotFound().get();
        boolean spread = Duration.between(o.firstNotFound().get(), last).compareTo(settings.notFoundSpread()) >= 0;
        // A success after the last not_found means the model came back; the old not_founds are history.
        boolean succeededSince = o.lastSuccess().filter(s -> s.isAfter(last)).isPresent();
        return spread && !succeededSince;
    }

    private static Optional<CleanupCandidate> candidate(OfferRecord o, CleanupReason reason, String detail) {
        return Optional.of(new CleanupCandidate(o.offer(), o.upstreamModel(), reason, detail, o.lastCalled(), o.callCount(), o.errorCount()));
    }

    /** "3 days", "26 hours", "45 minutes". */
    static String span(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 2) {
            return d.toHours() + " hours";
        }
        return d.toMinutes() + " minutes";
    }
}
