package io.healthgate.fleet;

import java.time.Instant;
import java.util.Objects;

/**
 * One event on the wire: who sent it and when the sender observed what it says (the receiver's
 * clock minus {@code observedAt} is the staleness it measures).
 */
public record FleetMessage(String origin, Instant observedAt, FleetEvent event) {
    public FleetMessage {
        if (origin == null || origin.isBlank()) {
            throw new IllegalArgumentException("a fleet message needs its origin instance id, got '" + origin + "'");
        }
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(event, "event");
    }
}
