package io.healthgate.routing;

import io.healthgate.catalog.OfferId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ordered candidates for one request, and why. Empty only when no offer of the model may be
 * used at all (none configured, or the client ignored or excluded every one); {@link #reason}
 * then says which, for the error the client gets.
 *
 * @param failOpen true when health filtering left nothing (or health was unreadable) and the
 *        configured offers are tried anyway
 * @param skipped the offers left out, each with a one-line reason
 */
public record RoutePlan(String model, RoutingMode mode, List<Candidate> candidates, boolean failOpen, String reason,
                        List<Skipped> skipped) {

    /** An offer left out of the plan, and why. */
    public record Skipped(OfferId offer, String reason) {
        public Skipped {
            Objects.requireNonNull(offer, "offer");
            reason = reason == null ? "" : reason;
        }
    }

    public RoutePlan {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(mode, "mode");
        candidates = List.copyOf(candidates);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        reason = reason == null ? "" : reason;
    }

    public boolean isEmpty() {
        return candidates.isEmpty();
    }

    public Optional<Candidate> first() {
        return candidates.stream().findFirst();
    }

    /** The candidate after {@code offer} in plan order; empty when it was the last or is not in the plan. */
    public Optional<Candidate> after(OfferId offer) {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).id().equals(offer)) {
                return i + 1 < candidates.size() ? Optional.of(candidates.get(i + 1)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    public List<OfferId> offers() {
        return candidates.stream().map(Candidate::id).toList();
    }
}
