package io.healthgate.health;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Adapts an offer's probe interval within its tier's bounds, so probes are spent where they tell
 * something ({@code monitoring.adaptive.*}). The tier interval is multiplied by a pace factor:
 * <ul>
 *   <li><b>hot</b> ({@code hotMinFactor}, default 0.25): the offer flaps (its counting outcomes
 *       switched between success and failure at least {@value #FLAPPING_FLIPS} times within the
 *       window), is {@code degrading} (a drift from its own baseline while its newest outcome
 *       succeeded), or carries at least {@value #HOT_TRAFFIC_SHARE} of its model's live counting
 *       outcomes in the window (at least {@code minSamples} of them): these are where an outage
 *       costs most or is most likely next;</li>
 *   <li><b>stable</b> ({@code stableMaxFactor}, default 2): its last {@code stableAfterProbes}
 *       probes succeeded, its window holds no counting failure and no live outcome (nobody uses
 *       it), and it is not drifting: probed half as often. The stretched interval is kept at most
 *       {@code 2 × interval − jitter − batchInterval}, so an outage beginning just after a probe
 *       is still seen within two tier intervals;</li>
 *   <li>otherwise 1.</li>
 * </ul>
 * A failing offer backs off to its tier interval (to the paced one when it is hot) and no further,
 * however long it has been down: stretching a long-dead offer like a stable one would halve what
 * a dead model costs, but also double how long a recovered one waits to be seen (measured in the
 * retired real-time accuracy test, since replaced by the fake-clock day run
 * {@code io.healthgate.app.AccuracyDay} and its CI slice {@code AccuracyDaySmokeTest}: the recovery
 * of a 30 s gateway-wide outage came after its grace), and a dead model is better removed ({@code ./healthgate cleanup}) than
 * watched less. Pure functions; the scheduler applies the pace before its per-gateway, switch and
 * hourly limits, which no pace can lift.
 */
public final class AdaptiveProbing {
    /** At least this share of its model's live outcomes in the window makes an offer hot. */
    static final double HOT_TRAFFIC_SHARE = 0.5;
    /** Success/failure switches within the window that make an offer flapping. */
    static final int FLAPPING_FLIPS = 3;

    /**
     * The knobs ({@code monitoring.adaptive.*}); validation names the key and quotes the value.
     *
     * @param enabled false: every offer at its tier interval (the fixed schedule)
     * @param stableMaxFactor interval factor for stable unused offers, 1..4
     * @param stableAfterProbes successful probes in a row before an offer counts as stable
     * @param hotMinFactor interval factor for flapping, degrading or heavily used offers, 0.05..1
     */
    public record Settings(boolean enabled, double stableMaxFactor, int stableAfterProbes, double hotMinFactor) {
        public static final boolean DEFAULT_ENABLED = true;
        public static final double DEFAULT_STABLE_MAX_FACTOR = 2.0;
        public static final int DEFAULT_STABLE_AFTER_PROBES = 3;
        public static final double DEFAULT_HOT_MIN_FACTOR = 0.25;

        public Settings {
            if (!(stableMaxFactor >= 1.0 && stableMaxFactor <= 4.0)) {
                throw new IllegalArgumentException("monitoring.adaptive.stable_max_factor must be between 1 and 4, got " + stableMaxFactor);
            }
            if (stableAfterProbes < 1) {
                throw new IllegalArgumentException("monitoring.adaptive.stable_after_probes must be >= 1, got " + stableAfterProbes);
            }
            if (!(hotMinFactor >= 0.05 && hotMinFactor <= 1.0)) {
                throw new IllegalArgumentException("monitoring.adaptive.hot_min_factor must be between 0.05 and 1, got " + hotMinFactor);
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_ENABLED, DEFAULT_STABLE_MAX_FACTOR, DEFAULT_STABLE_AFTER_PROBES, DEFAULT_HOT_MIN_FACTOR);
        }
    }

    /** How an offer is paced now. */
    public enum Kind { STABLE, STEADY, HOT }

    /**
     * @param factor the tier interval's multiplier
     * @param why the reason, built only when read: the scheduler paces every offer on every tick
     */
    public record Pace(Kind kind, double factor, java.util.function.Supplier<String> why) {
        static final Pace STEADY = new Pace(Kind.STEADY, 1.0, () -> "steady");
        static final Pace OFF = new Pace(Kind.STEADY, 1.0, () -> "adaptive probing off");

        /** In words, for tests and people ("stable: 3 probes in a row succeeded, ..."). */
        public String reason() {
            return why.get();
        }
    }

    private final HealthSettings settings;
    private final Settings s;

    AdaptiveProbing(HealthSettings settings) {
        this.settings = settings;
        this.s = settings.adaptive();
    }

    boolean enabled() {
        return s.enabled();
    }

    /**
     * The pace of one offer.
     *
     * @param probeSuccesses successful probes in a row (the scheduler's count)
     * @param trafficShare its share of its model's live counting outcomes in the window, asked only when needed
     */
    Pace pace(OfferState.OfferEvidence ev, int probeSuccesses, DoubleSupplier trafficShare) {
        if (!s.enabled()) {
            return Pace.OFF;
        }
        RollingWindow.Summary w = ev.window();
        if (w.flips() >= FLAPPING_FLIPS) {
            return new Pace(Kind.HOT, s.hotMinFactor(), () -> "flapping: " + w.flips() + " switches between success and failure in the window");
        }
        if (ev.consecutiveFailures() == 0 && ev.drift().isPresent()) {
            return new Pace(Kind.HOT, s.hotMinFactor(), () -> "degrading: " + ev.drift().get().evidence());
        }
        if (w.live() >= settings.minSamples()) {
            double share = trafficShare.getAsDouble();
            if (share >= HOT_TRAFFIC_SHARE) {
                return new Pace(Kind.HOT, s.hotMinFactor(), () -> String.format(java.util.Locale.ROOT,
                        "carries %.0f%% of its model's live traffic", share * 100));
            }
        }
        if (probeSuccesses >= s.stableAfterProbes() && w.failures() == 0 && w.live() == 0 && ev.consecutiveFailures() == 0) {
            return new Pace(Kind.STABLE, s.stableMaxFactor(), () -> "stable: " + probeSuccesses + " probes in a row succeeded, no failure and no live traffic in the window");
        }
        return Pace.STEADY;
    }

    /** The tier interval under this pace (see the class comment for the stable bound). */
    Duration interval(Duration tierInterval, Pace pace) {
        if (pace.factor() == 1.0) {
            return tierInterval;
        }
        Duration paced = Duration.ofMillis(Math.max(1000, Math.round(tierInterval.toMillis() * pace.factor())));
        if (pace.factor() > 1.0) {
            Duration bound = tierInterval.multipliedBy(2).minus(settings.jitter()).minus(settings.batchInterval());
            if (paced.compareTo(bound) > 0) {
                paced = bound.compareTo(tierInterval) > 0 ? bound : tierInterval;
            }
        }
        return paced;
    }
}
