package io.healthgate.health;

import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Tier;

import java.util.Objects;

/**
 * One probe the scheduler decided to send: the catalog offer (so the prober uses the gateway's
 * own upstream model id, never the canonical one), the request, and whether this is the one
 * cold-start retry after a timeout.
 */
public record ProbeTask(Offer offer, Tier tier, Prober.ProbeRequest request, boolean coldStartRetry) {
    public ProbeTask {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(request, "request");
    }
}
