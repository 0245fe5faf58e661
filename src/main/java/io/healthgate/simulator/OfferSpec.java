package io.healthgate.simulator;

import java.util.Objects;

/**
 * One simulated offer: the gateway serves canonical {@code model} under the name {@code upstream}.
 *
 * @param upstream the id clients send in the request's {@code model} field (defaults to {@code model})
 */
public record OfferSpec(String model, String upstream, Behaviour behaviour) {
    public OfferSpec {
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("an offer needs a model");
        }
        upstream = upstream == null || upstream.isBlank() ? model : upstream;
        behaviour = behaviour == null ? Behaviour.NORMAL : behaviour;
    }

    public static OfferSpec of(String model, String upstream) {
        return new OfferSpec(model, upstream, Behaviour.NORMAL);
    }

    public OfferSpec with(Behaviour b) {
        return new OfferSpec(model, upstream, b);
    }
}
