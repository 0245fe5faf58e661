package io.healthgate.routing;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When to start a second attempt while the first still has no first byte. Off by default; on
 * globally or per model (a per-model setting wins). The delay is the first candidate's p95 time
 * to first byte, clamped to [floor, cap]; the cap when its p95 is unknown or unreadable. No hedge
 * without a second candidate.
 */
public record HedgePolicy(boolean enabled, Map<String, Boolean> perModel, Duration floor, Duration cap) {

    public static final Duration DEFAULT_FLOOR = Duration.ofMillis(500);
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(10);
    public static final HedgePolicy OFF = new HedgePolicy(false, Map.of(), DEFAULT_FLOOR, DEFAULT_CAP);

    public HedgePolicy {
        perModel = perModel == null ? Map.of() : Map.copyOf(perModel);
        floor = floor == null ? DEFAULT_FLOOR : floor;
        cap = cap == null ? DEFAULT_CAP : cap;
        if (floor.isNegative() || floor.isZero()) {
            throw new IllegalArgumentException("hedge floor must be positive, got " + floor);
        }
        if (cap.compareTo(floor) < 0) {
            throw new IllegalArgumentException("hedge cap (" + cap + ") must be >= its floor (" + floor + ")");
        }
    }

    /**
     * {@code routing.hedging}: on or off for every model; {@code minDelay} is the floor under the
     * first offer's p95 (0 means "as soon as possible", i.e. 1 ms), and the cap is never below it.
     */
    public static HedgePolicy of(boolean enabled, Duration minDelay) {
        if (minDelay == null || minDelay.isNegative()) {
            throw new IllegalArgumentException("routing.hedging.min_delay_ms must be >= 0, got " + (minDelay == null ? null : minDelay.toMillis()));
        }
        Duration floor = minDelay.isZero() ? Duration.ofMillis(1) : minDelay;
        return new HedgePolicy(enabled, Map.of(), floor, floor.compareTo(DEFAULT_CAP) > 0 ? floor : DEFAULT_CAP);
    }

    public boolean enabledFor(String model) {
        return perModel.getOrDefault(model, enabled);
    }

    /** How long to wait for the first candidate's first byte before starting the second; empty: no hedge. */
    public Optional<Duration> hedgeDelay(RoutePlan plan, HealthSignals signals) {
        Objects.requireNonNull(plan, "plan");
        if (!enabledFor(plan.model()) || plan.candidates().size() < 2) {
            return Optional.empty();
        }
        Optional<Duration> p95;
        try {
            p95 = signals.ttfbP95(plan.candidates().get(0).id());
        } catch (RuntimeException e) {
            p95 = Optional.empty();
        }
        Duration d = p95 == null ? cap : p95.orElse(cap);
        return Optional.of(d.compareTo(floor) < 0 ? floor : d.compareTo(cap) > 0 ? cap : d);
    }
}
