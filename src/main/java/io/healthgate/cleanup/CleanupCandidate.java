package io.healthgate.cleanup;

import io.healthgate.catalog.OfferId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An offer the rules would remove, with why in words.
 *
 * @param detail the reason with its numbers ("not_found on 4 checks over 3 days")
 */
public record CleanupCandidate(OfferId offer, String upstreamModel, CleanupReason reason, String detail,
                               Optional<Instant> lastCalled, long calls, long errors) {
    public CleanupCandidate {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(reason, "reason");
        upstreamModel = upstreamModel == null ? "" : upstreamModel;
        detail = detail == null || detail.isBlank() ? reason.wireName() : detail;
        lastCalled = lastCalled == null ? Optional.empty() : lastCalled;
    }

    public String gateway() {
        return offer.gateway();
    }

    public String model() {
        return offer.model();
    }
}
