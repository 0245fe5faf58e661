package io.healthgate.catalog;

import java.util.Objects;

/**
 * One gateway serving one model under its own upstream name.
 *
 * @param dimensions for an embedding model, this offer's vector length when it differs from the
 *     model's (a gateway serving a shortened variant); 0 = the model's
 */
public record Offer(OfferId id, String upstreamModel, int dimensions) {
    public Offer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        if (upstreamModel.isBlank()) {
            throw new IllegalArgumentException("offer " + id + " needs an upstream model id");
        }
        if (dimensions < 0) {
            throw new IllegalArgumentException("offer " + id + ": dimensions must be >= 0, got " + dimensions);
        }
    }

    public Offer(OfferId id, String upstreamModel) {
        this(id, upstreamModel, 0);
    }

    public Offer(String gateway, String model, String upstreamModel) {
        this(new OfferId(gateway, model), upstreamModel, 0);
    }

    public String gateway() {
        return id.gateway();
    }

    public String model() {
        return id.model();
    }
}
