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
 * @param kind what it does: chat (every chat door) or embedding ({@code /v1/embeddings} only)
 * @param dimensions an embedding model's vector length (0 when unknown or not an embedding model);
 *     failover never crosses to an offer of other dimensions
 */
public record Model(
        String id,
        String provider,
        Optional<Tier> tier,
        boolean reasoning,
        int contextTokens,
        List<String> aliases,
        List<Offer> offers,
        Kind kind,
        int dimensions) {

    /** What a model does. */
    public enum Kind {
        CHAT, EMBEDDING;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind fromWireName(String s) {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A chat model. */
    public Model(String id, String provider, Optional<Tier> tier, boolean reasoning, int contextTokens, List<String> aliases,
                 List<Offer> offers) {
        this(id, provider, tier, reasoning, contextTokens, aliases, offers, Kind.CHAT, 0);
    }

    /** An embedding model whose vectors have {@code dimensions} entries. */
    public static Model embedding(String id, String provider, int dimensions, List<String> aliases, List<Offer> offers) {
        return new Model(id, provider, Optional.empty(), false, 0, aliases, offers, Kind.EMBEDDING, dimensions);
    }

    /** An offer's vector length: its own when it says, else the model's (0 when unknown). */
    public int dimensions(Offer offer) {
        return offer.dimensions() > 0 ? offer.dimensions() : dimensions;
    }

    public boolean isEmbedding() {
        return kind == Kind.EMBEDDING;
    }

    public Model {
        Objects.requireNonNull(id, "id");
        provider = provider == null || provider.isBlank() ? providerFromId(id) : provider;
        tier = tier == null ? Optional.empty() : tier;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        offers = offers == null ? List.of() : List.copyOf(offers);
        kind = kind == null ? Kind.CHAT : kind;
        if (dimensions < 0) {
            throw new IllegalArgumentException("model '" + id + "': dimensions must be >= 0, got " + dimensions);
        }
        for (Offer o : offers) {
            if (!o.model().equals(id)) {
                throw new IllegalArgumentException("offer " + o.id() + " listed under model " + id);
            }
        }
    }

    static String providerFromId(String id) {
        int slash = id.indexOf('/');
        return slash > 0 ? id.substring(0, slash) : "unknown";
    }
}
