package io.healthgate.simulator;

import java.util.Map;

/**
 * Requests the simulator served for one offer (or one gateway, with {@code model} empty), by
 * what it did: {@code ok} or a {@link Fault} wire name, plus {@code bad_request} and
 * {@code unknown_model} for gateway-level answers. {@code cancelled} counts requests whose
 * client went away before the answer ended (they are also counted under what was planned).
 */
public record OfferStats(String gateway, String model, long requests, long cancelled, Map<String, Long> outcomes) {
    public OfferStats {
        outcomes = Map.copyOf(outcomes);
    }

    public long count(String outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }
}
