package io.healthgate.health;

import io.healthgate.catalog.Model;
import io.healthgate.catalog.Tier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Assigns tiers to models without an explicit one, from their share of live traffic. Models are
 * ranked by a decayed request count (each re-evaluation adds the requests since the last one to
 * half the previous score, so a model's score halves every period without traffic); of the
 * catalog's models, the top 5% by rank (at least one) are {@code critical}, the next 20% are
 * {@code popular}, any other model with traffic is {@code standard}, and a model with none is
 * {@code on_demand}. Counting is a {@link LongAdder} per model, so the hot path never contends.
 */
final class TrafficTiers {
    static final double CRITICAL_SHARE = 0.05;
    static final double POPULAR_SHARE = 0.20;

    private final ConcurrentHashMap<String, LongAdder> sinceLast = new ConcurrentHashMap<>();
    private Map<String, Double> scores = new HashMap<>();
    private volatile Map<String, Tier> assigned = Map.of();
    /** Operator overrides (admin "set tier"), which win over the catalog and traffic. */
    private final ConcurrentHashMap<String, Tier> overrides = new ConcurrentHashMap<>();
    /**
     * When a model's tier last changed (traffic or an override), for the stale rule: evidence
     * gathered under a longer interval is not stale the moment a promotion shortens it, only once
     * the new tier has been in force for two of its intervals without new evidence (the scheduler
     * probes a promoted offer at once).
     */
    private final ConcurrentHashMap<String, Instant> changedAt = new ConcurrentHashMap<>();

    void countRequest(String model) {
        sinceLast.computeIfAbsent(model, k -> new LongAdder()).increment();
    }

    /** The tier for a model: an operator's override, else the catalog's when given, else the one traffic earned. */
    Tier tierOf(Model model) {
        Tier forced = overrides.get(model.id());
        if (forced != null) {
            return forced;
        }
        return model.tier().orElseGet(() -> assigned.getOrDefault(model.id(), Tier.ON_DEMAND));
    }

    /** When the model's tier last changed, if it ever did since start. */
    Optional<Instant> since(Model model) {
        return Optional.ofNullable(changedAt.get(model.id()));
    }

    /** Sets (or, with null, clears) an operator's tier for a model. */
    void override(Model m, Tier tier, Instant now) {
        Tier before = tierOf(m);
        override(m.id(), tier);
        if (tierOf(m) != before) {
            changedAt.put(m.id(), now);
        }
    }

    private void override(String model, Tier tier) {
        if (tier == null) {
            overrides.remove(model);
        } else {
            overrides.put(model, tier);
        }
    }

    /** Re-derives tiers from the traffic since the last call. */
    synchronized void reevaluate(Collection<Model> catalogModels, Instant now) {
        Map<String, Tier> before = new HashMap<>();
        for (Model m : catalogModels) {
            before.put(m.id(), tierOf(m));
        }
        reevaluate(catalogModels);
        for (Model m : catalogModels) {
            if (tierOf(m) != before.get(m.id())) {
                changedAt.put(m.id(), now);
            }
        }
    }

    private void reevaluate(Collection<Model> catalogModels) {
        Map<String, Double> decayed = new HashMap<>();
        scores.forEach((id, score) -> decayed.put(id, score * 0.5));
        sinceLast.forEach((id, adder) -> {
            long n = adder.sumThenReset();
            if (n > 0) {
                decayed.merge(id, (double) n, Double::sum);
            }
        });
        decayed.values().removeIf(v -> v < 0.01);
        scores = decayed;
        List<String> ranked = new ArrayList<>();
        for (Model m : catalogModels) {
            if (scores.getOrDefault(m.id(), 0.0) > 0) {
                ranked.add(m.id());
            }
        }
        ranked.sort(Comparator.comparingDouble((String id) -> scores.get(id)).reversed().thenComparing(id -> id));
        int n = catalogModels.size();
        int critical = Math.max(1, (int) Math.ceil(n * CRITICAL_SHARE));
        int popular = critical + (int) Math.ceil(n * POPULAR_SHARE);
        Map<String, Tier> next = new HashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            next.put(ranked.get(i), i < critical ? Tier.CRITICAL : i < popular ? Tier.POPULAR : Tier.STANDARD);
        }
        assigned = Map.copyOf(next);
    }
}
