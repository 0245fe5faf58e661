package io.healthgate.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable set of gateways and models the gateway knows. Replaced whole on reload, never
 * mutated, so readers on the hot path need no locks.
 */
public final class Catalog {
    private final Map<String, Gateway> gateways;
    private final Map<String, Model> models;
    private final Map<String, Model> byAlias;
    private final Map<OfferId, Offer> offers;

    public Catalog(Collection<Gateway> gateways, Collection<Model> models) {
        Map<String, Gateway> gw = new LinkedHashMap<>();
        for (Gateway g : gateways) {
            if (gw.putIfAbsent(g.name(), g) != null) {
                throw new IllegalArgumentException("gateway '" + g.name() + "' is listed twice");
            }
        }
        Map<String, Model> ms = new LinkedHashMap<>();
        Map<String, Model> aliases = new LinkedHashMap<>();
        Map<OfferId, Offer> os = new LinkedHashMap<>();
        for (Model m : models) {
            if (ms.putIfAbsent(m.id(), m) != null) {
                throw new IllegalArgumentException("model '" + m.id() + "' is listed twice");
            }
            for (Offer o : m.offers()) {
                if (!gw.containsKey(o.gateway())) {
                    throw new IllegalArgumentException("model '" + m.id() + "' has an offer on unknown gateway '" + o.gateway() + "'");
                }
                if (os.putIfAbsent(o.id(), o) != null) {
                    throw new IllegalArgumentException("offer " + o.id() + " is listed twice");
                }
            }
        }
        for (Model m : models) {
            for (String a : m.aliases()) {
                if (!ms.containsKey(a)) {
                    aliases.putIfAbsent(a, m);
                }
            }
        }
        this.gateways = java.util.Collections.unmodifiableMap(gw);
        this.models = java.util.Collections.unmodifiableMap(ms);
        this.byAlias = java.util.Collections.unmodifiableMap(aliases);
        this.offers = java.util.Collections.unmodifiableMap(os);
    }

    public Collection<Gateway> gateways() {
        return gateways.values();
    }

    public Collection<Model> models() {
        return models.values();
    }

    public Collection<Offer> offers() {
        return offers.values();
    }

    public Optional<Gateway> gateway(String name) {
        return Optional.ofNullable(gateways.get(name));
    }

    public Optional<Model> model(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public Optional<Offer> offer(OfferId id) {
        return Optional.ofNullable(offers.get(id));
    }

    /**
     * Resolves what a client asked for: a canonical id, an alias, or {@code gateway/model} to pin
     * one gateway (the model part may itself be a canonical id, an alias, or that gateway's own
     * upstream id). Canonical ids win over pins, since many ids contain a slash.
     */
    public Optional<Resolution> resolve(String requested) {
        if (requested == null || requested.isBlank()) {
            return Optional.empty();
        }
        Model direct = models.getOrDefault(requested, byAlias.get(requested));
        if (direct != null) {
            return Optional.of(new Resolution(direct, Optional.empty()));
        }
        int slash = requested.indexOf('/');
        if (slash > 0 && gateways.containsKey(requested.substring(0, slash))) {
            String gateway = requested.substring(0, slash);
            String rest = requested.substring(slash + 1);
            Model m = models.getOrDefault(rest, byAlias.get(rest));
            if (m == null) {
                m = models.values().stream()
                        .filter(x -> x.offers().stream().anyMatch(o -> o.gateway().equals(gateway) && o.upstreamModel().equals(rest)))
                        .findFirst().orElse(null);
            }
            if (m != null && m.offers().stream().anyMatch(o -> o.gateway().equals(gateway))) {
                return Optional.of(new Resolution(m, Optional.of(gateway)));
            }
        }
        return Optional.empty();
    }

    /** A resolved request: the model, and the one gateway it is pinned to, if any. */
    public record Resolution(Model model, Optional<String> pinnedGateway) {
        public List<Offer> offers() {
            return pinnedGateway
                    .map(g -> model.offers().stream().filter(o -> o.gateway().equals(g)).toList())
                    .orElse(model.offers());
        }
    }
}
