package io.healthgate.catalog;

import java.util.Objects;

/** One gateway serving one model under its own upstream name. */
public record Offer(OfferId id, String upstreamModel) {
    public Offer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        if (upstreamModel.isBlank()) {
            throw new IllegalArgumentException("offer " + id + " needs an upstream model id");
        }
    }

    public Offer(String gateway, String model, String upstreamModel) {
        this(new OfferId(gateway, model), upstreamModel);
    }

    public String gateway() {
        return id.gateway();
    }

    public String model() {
        return id.model();
    }
}
