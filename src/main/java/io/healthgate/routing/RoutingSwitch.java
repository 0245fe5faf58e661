package io.healthgate.routing;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runtime lever between health-aware and plain ordered routing ({@code routing.health_aware}).
 * Flipped by the admin endpoint, read by every plan; a flip takes effect on the next plan.
 */
public final class RoutingSwitch {
    private final AtomicReference<RoutingMode> mode;

    public RoutingSwitch(RoutingMode initial) {
        this.mode = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** From the {@code routing.health_aware} setting. */
    public static RoutingSwitch healthAware(boolean healthAware) {
        return new RoutingSwitch(healthAware ? RoutingMode.HEALTH_AWARE : RoutingMode.ORDERED);
    }

    public RoutingMode mode() {
        return mode.get();
    }

    /** Sets the mode; returns the one it replaced. */
    public RoutingMode set(RoutingMode next) {
        return mode.getAndSet(Objects.requireNonNull(next, "mode"));
    }

    public boolean isHealthAware() {
        return mode.get() == RoutingMode.HEALTH_AWARE;
    }
}
