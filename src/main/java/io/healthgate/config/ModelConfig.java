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
 * @param fallbackModels {@code fallback_models}: model ids tried in order when every offer failed
 *        (and at once when the prompt is too long)
 * @param streamRescue {@code stream_rescue}: this model's own setting; empty: {@code routing.stream_rescue}
 */
public record ModelConfig(
        String id,
        String provider,
        Optional<Tier> tier,
        List<String> aliases,
        boolean reasoning,
        int contextTokens,
        List<OfferConfig> offers,
        List<String> fallbackModels,
        Optional<Boolean> streamRescue) {

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
        fallbackModels = fallbackModels == null ? List.of() : List.copyOf(fallbackModels);
        streamRescue = streamRescue == null ? Optional.empty() : streamRescue;
    }

    public ModelConfig(String id, String provider, Optional<Tier> tier, List<String> aliases, boolean reasoning, int contextTokens,
                       List<OfferConfig> offers) {
        this(id, provider, tier, aliases, reasoning, contextTokens, offers, List.of(), Optional.empty());
    }

    public Model toModel() {
        List<Offer> os = offers.stream().map(o -> new Offer(o.gateway(), id, o.model())).toList();
        return new Model(id, provider, tier, reasoning, contextTokens, aliases, os, fallbackModels, streamRescue);
    }
}
