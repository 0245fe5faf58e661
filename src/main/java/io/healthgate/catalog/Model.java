package io.healthgate.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A canonical model a client may ask for.
 *
 * @param provider the organisation that makes it (meta-llama, openai, ...)
 * @param tier explicit tier from the catalog, or empty to assign one from traffic
 * @param reasoning true when it may spend hidden reasoning tokens, so a tiny probe can come back empty
 * @param contextTokens context length, 0 when unknown
 * @param aliases other names that resolve to it
 * @param offers its offers, in catalog order
 * @param fallbackModels model ids tried in order once every offer of this one failed, and at once
 *        when the prompt is too long for it ({@code models[].fallback_models})
 * @param streamRescue this model's own {@code stream_rescue} setting; empty: the routing default
 */
public record Model(
        String id,
        String provider,
        Optional<Tier> tier,
        boolean reasoning,
        int contextTokens,
        List<String> aliases,
        List<Offer> offers,
        List<String> fallbackModels,
        Optional<Boolean> streamRescue) {

    public Model {
        Objects.requireNonNull(id, "id");
        provider = provider == null || provider.isBlank() ? providerFromId(id) : provider;
        tier = tier == null ? Optional.empty() : tier;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        offers = offers == null ? List.of() : List.copyOf(offers);
        fallbackModels = fallbackModels == null ? List.of() : List.copyOf(fallbackModels);
        streamRescue = streamRescue == null ? Optional.empty() : streamRescue;
        for (Offer o : offers) {
            if (!o.model().equals(id)) {
                throw new IllegalArgumentException("offer " + o.id() + " listed under model " + id);
            }
        }
    }

    /** A model with no fallbacks and the routing default for stream rescue. */
    public Model(String id, String provider, Optional<Tier> tier, boolean reasoning, int contextTokens, List<String> aliases,
                 List<Offer> offers) {
        this(id, provider, tier, reasoning, contextTokens, aliases, offers, List.of(), Optional.empty());
    }

    public Model withFallbacks(List<String> fallbacks, Optional<Boolean> rescue) {
        return new Model(id, provider, tier, reasoning, contextTokens, aliases, offers, fallbacks, rescue);
    }

    static String providerFromId(String id) {
        int slash = id.indexOf('/');
        return slash > 0 ? id.substring(0, slash) : "unknown";
    }
}
