package io.healthgate.health;

import io.healthgate.catalog.OfferId;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offer statuses other instances reported, so an instance that has no traffic of its own to an
 * offer still knows what the fleet saw. The rule: a peer's report replaces the local verdict when
 * it is newer than the local evidence, younger than the offer's tier interval, and both are
 * evidence statuses (healthy, degraded, unknown, unhealthy). Configuration facts (unconfigured,
 * misconfigured, deprecated) and a locally open circuit are this instance's own and always win.
 */
final class PeerStatuses {
    private static final Set<OfferStatus> EVIDENCE =
            EnumSet.of(OfferStatus.HEALTHY, OfferStatus.DEGRADING, OfferStatus.DEGRADED, OfferStatus.UNKNOWN, OfferStatus.UNHEALTHY);

    private final ConcurrentHashMap<OfferId, Report> reports = new ConcurrentHashMap<>();

    /** One peer's word on one offer. */
    record Report(OfferStatus status, String reason, String origin, Instant at) {
    }

    /** Keeps the newest report per offer. */
    void put(OfferId offer, Report r) {
        reports.merge(offer, r, (old, neu) -> neu.at().isBefore(old.at()) ? old : neu);
    }

    void retainOnly(java.util.function.Predicate<OfferId> keep) {
        reports.keySet().removeIf(id -> !keep.test(id));
    }

    /** The peer's verdict when it overrides {@code local} (see the class rule), else empty. */
    Optional<StatusRules.Verdict> override(OfferId id, StatusRules.Verdict local, Optional<Instant> lastLocalEvidence,
                                           boolean circuitOpen, Duration interval, Instant now) {
        Report r = reports.get(id);
        if (r == null || circuitOpen || !EVIDENCE.contains(local.status()) || !EVIDENCE.contains(r.status())) {
            return Optional.empty();
        }
        if (!r.at().plus(interval).isAfter(now)) {
            return Optional.empty();
        }
        if (lastLocalEvidence.map(t -> !r.at().isAfter(t)).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(new StatusRules.Verdict(r.status(), r.reason() + " (seen by instance " + r.origin() + ")"));
    }
}
