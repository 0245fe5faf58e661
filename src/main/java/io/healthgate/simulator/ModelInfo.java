package io.healthgate.simulator;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.healthgate.catalog.Tier;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the catalog built from a scenario says about a model beyond its offers. Optional in a
 * scenario: a model without an entry gets its provider from its id, no tier, the default
 * context window and is a chat model.
 *
 * @param contextTokens the context window the simulator enforces (a longer prompt gets the
 *     protocol's context-length 400); 0 = {@link #DEFAULT_CONTEXT_TOKENS}. {@code context_length} in a file is the same key
 * @param kind {@code chat} (default) or {@code embedding}: an embedding model answers only
 *     {@code /v1/embeddings}, a chat model everything else
 * @param dimensions an embedding model's vector length (0 = {@link #DEFAULT_DIMENSIONS})
 */
public record ModelInfo(String id, String provider, boolean reasoning, @JsonAlias("context_length") int contextTokens, String tier,
                        List<String> aliases, String kind, int dimensions) {
    /** The window of a model whose scenario entry does not say. */
    public static final int DEFAULT_CONTEXT_TOKENS = 131_072;
    /** The vector length of an embedding model whose entry does not say. */
    public static final int DEFAULT_DIMENSIONS = 256;
    public static final String CHAT = "chat";
    public static final String EMBEDDING = "embedding";

    public ModelInfo {
        Objects.requireNonNull(id, "id");
        provider = provider == null ? "" : provider;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        if (tier != null && !tier.isBlank()) {
            Tier.fromWireName(tier); // fails early, naming nothing secret, on a typo
        }
        kind = kind == null || kind.isBlank() ? CHAT : kind.trim().toLowerCase(Locale.ROOT);
        if (!kind.equals(CHAT) && !kind.equals(EMBEDDING)) {
            throw new IllegalArgumentException("model '" + id + "': kind must be chat or embedding, got '" + kind + "'");
        }
        if (contextTokens < 0 || dimensions < 0) {
            throw new IllegalArgumentException("model '" + id + "': context_tokens and dimensions must be >= 0");
        }
    }

    /** A chat model (the shape scenarios had before embedding models). */
    public ModelInfo(String id, String provider, boolean reasoning, int contextTokens, String tier, List<String> aliases) {
        this(id, provider, reasoning, contextTokens, tier, aliases, CHAT, 0);
    }

    /** An embedding model with {@code dimensions}-long vectors. */
    public static ModelInfo embedding(String id, String provider, int dimensions) {
        return new ModelInfo(id, provider, false, 8192, null, List.of(), EMBEDDING, dimensions);
    }

    @JsonIgnore
    public boolean isEmbedding() {
        return EMBEDDING.equals(kind);
    }

    /** The window the simulator enforces. */
    @JsonIgnore
    public int contextWindow() {
        return contextTokens > 0 ? contextTokens : DEFAULT_CONTEXT_TOKENS;
    }

    /** The vector length the simulator answers with. */
    @JsonIgnore
    public int vectorDimensions() {
        return dimensions > 0 ? dimensions : DEFAULT_DIMENSIONS;
    }
}
