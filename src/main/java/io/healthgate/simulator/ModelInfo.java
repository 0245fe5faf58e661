package io.healthgate.simulator;

import io.healthgate.catalog.Tier;

import java.util.List;
import java.util.Objects;

/**
 * What the catalog built from a scenario says about a model beyond its offers. Optional in a
 * scenario: a model without an entry gets its provider from its id and no tier.
 */
public record ModelInfo(String id, String provider, boolean reasoning, int contextTokens, String tier, List<String> aliases) {
    public ModelInfo {
        Objects.requireNonNull(id, "id");
        provider = provider == null ? "" : provider;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        if (tier != null && !tier.isBlank()) {
            Tier.fromWireName(tier); // fails early, naming nothing secret, on a typo
        }
    }
}
