package io.healthgate.health;

import io.healthgate.catalog.OfferId;

/**
 * Lets routing's circuit breakers tell the health engine which offers they have opened, so
 * status says {@code unhealthy} for them. The engine only reads it; the default knows of none.
 */
@FunctionalInterface
public interface CircuitView {
    CircuitView NONE = offer -> false;

    boolean isOpen(OfferId offer);
}
