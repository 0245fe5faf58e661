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
 * @param kind {@code chat} or {@code embedding} (embedding models serve {@code /v1/embeddings} only)
 * @param dimensions an embedding model's vector length, 0 when unknown
 */
public record ModelConfig(
        String id,
        String provider,
        Optional<Tier> tier,
        List<String> aliases,
        boolean reasoning,
        int contextTokens,
        List<OfferConfig> offers,
        Model.Kind kind,
        int dimensions) {

    /**
     * One gateway serving this model under its own upstream id.
     *
     * @param source where the fact came from (the built-in catalog's source keys, e.g. "LL+MD"), "" if unsaid
     * @param dimensions an embedding offer's own vector length when it differs from the model's, else 0
     */
    public record OfferConfig(String gateway, String model, String source, int dimensions) {
        public OfferConfig(String gateway, String model, String source) {
            this(gateway, model, source, 0);
        }

        public OfferConfig {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(model, "model");
            source = source == null ? "" : source;
        }
    }

    /** A chat model. */
    public ModelConfig(String id, String provider, Optional<Tier> tier, List<String> aliases, boolean reasoning, int contextTokens,
                       List<OfferConfig> offers) {
        this(id, provider, tier, aliases, reasoning, contextTokens, offers, Model.Kind.CHAT, 0);
    }

    public ModelConfig {
        kind = kind == null ? Model.Kind.CHAT : kind;
        Objects.requireNonNull(id, "id");
        provider = provider == null ? "" : provider;
        tier = tier == null ? Optional.empty() : tier;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        offers = offers == null ? List.of() : List.copyOf(offers);
    }

    public Model toModel() {
        List<Offer> os = offers.stream().map(o -> new Offer(new io.healthgate.catalog.OfferId(o.gateway(), id), o.model(), o.dimensions())).toList();
        return new Model(id, provider, tier, reasoning, contextTokens, aliases, os, kind, dimensions);
    }
}
