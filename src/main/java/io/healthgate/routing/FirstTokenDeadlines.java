package io.healthgate.routing;

import io.healthgate.catalog.Model;
import io.healthgate.catalog.Tier;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How long an attempt may go without a first byte before it is abandoned (and counted as a
 * timeout) and the next candidate tried. A per-model setting wins over the model's tier; a model
 * with no tier yet gets the standard tier's deadline.
 */
public record FirstTokenDeadlines(Map<Tier, Duration> byTier, Map<String, Duration> byModel) {

    public static final Duration DEFAULT_CRITICAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_POPULAR = Duration.ofSeconds(45);
    public static final Duration DEFAULT_STANDARD = Duration.ofSeconds(60);
    public static final Duration DEFAULT_ON_DEMAND = Duration.ofSeconds(60);

    public static final FirstTokenDeadlines DEFAULTS = new FirstTokenDeadlines(Map.of(), Map.of());

    /** Tiers left out of {@code byTier} keep their default. */
    public FirstTokenDeadlines {
        EnumMap<Tier, Duration> tiers = new EnumMap<>(Map.of(
                Tier.CRITICAL, DEFAULT_CRITICAL, Tier.POPULAR, DEFAULT_POPULAR,
                Tier.STANDARD, DEFAULT_STANDARD, Tier.ON_DEMAND, DEFAULT_ON_DEMAND));
        if (byTier != null) {
            byTier.forEach((t, d) -> tiers.put(t, requirePositive("routing.first_token_timeout_seconds." + t.wireName(), d)));
        }
        byTier = Map.copyOf(tiers);
        byModel = byModel == null ? Map.of() : Map.copyOf(byModel);
        byModel.forEach((m, d) -> requirePositive("first-token deadline for model " + m, d));
    }

    private static Duration requirePositive(String what, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + Durations.inSeconds(d));
        }
        return d;
    }

    /** The longest deadline of any tier or model: the plain first-byte limit for anything planned without one. */
    public Duration longest() {
        return java.util.stream.Stream.concat(byTier.values().stream(), byModel.values().stream())
                .max(Duration::compareTo).orElseThrow();
    }

    public Duration forModel(String modelId, Optional<Tier> tier) {
        Duration d = byModel.get(modelId);
        return d != null ? d : byTier.get(tier.orElse(Tier.STANDARD));
    }

    /** By the model's own settings: its per-model deadline, else its catalog tier's. */
    public Duration forModel(Model model) {
        return forModel(model.id(), model.tier());
    }
}
