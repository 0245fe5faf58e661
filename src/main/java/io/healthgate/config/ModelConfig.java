package io.healthgate.config;

import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Tier;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code models:}.
 *
 * @param tier explicit tier, or empty to assign one from traffic
 * @param reasoning may spend hidden reasoning tokens, so a tiny probe can come back empty
 * @param contextTokens context length, 0 when unknown
 */
public record ModelConfig(
        String id,
        String provider,
        Optional<Tier> tier,
        List<String> aliases,
        boolean reasoning,
        int contextTokens,
        List<OfferConfig> offers) {

    /**
     * One gateway serving this model under its own upstream id.
     *
     * @param source where the fact came from (the built-in catalog's source keys, e.g. "LL+MD"), "" if unsaid
     */
    public record OfferConfig(String gateway, String model, String source) {
        public OfferConfig {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(model, "model");
            source = source == null ? "" : source;
        }
    }

    public ModelConfig {
        Objects.requireNonNull(id, "id");
        provider = provider == null ? "" : provider;
        tier = tier == null ? Optional.empty() : tier;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        offers = offers == null ? List.of() : List.copyOf(offers);
    }

    public Model toModel() {
        List<Offer> os = offers.stream().map(o -> new Offer(o.gateway(), id, o.model())).toList();
        return new Model(id, provider, tier, reasoning, contextTokens, aliases, os);
    }
}
