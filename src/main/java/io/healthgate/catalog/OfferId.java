package io.healthgate.catalog;

import java.util.Objects;

/** Identifies one gateway serving one canonical model: the unit of health and of routing. */
public record OfferId(String gateway, String model) implements Comparable<OfferId> {
    public OfferId {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(model, "model");
        if (gateway.isBlank() || model.isBlank()) {
            throw new IllegalArgumentException("offer id needs a gateway and a model, got '" + gateway + "', '" + model + "'");
        }
    }

    @Override
    public int compareTo(OfferId o) {
        int c = model.compareTo(o.model);
        return c != 0 ? c : gateway.compareTo(o.gateway);
    }

    @Override
    public String toString() {
        return gateway + ":" + model;
    }
}
