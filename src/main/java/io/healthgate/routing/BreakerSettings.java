package io.healthgate.routing;

import java.time.Duration;

/**
 * How every offer's circuit breaker behaves. Defaults are the named constants; the compact
 * constructor rejects bad values and quotes them.
 *
 * @param consecutiveFailures counting failures in a row that open a closed breaker
 * @param failureRateThreshold failure share (0..1] over the window that opens a closed breaker...
 * @param minimumCalls ...but only once the window holds at least this many counting calls
 * @param window how far back the failure rate looks
 * @param openWait how long a breaker first stays open
 * @param maxOpenWait the cap on the wait, which doubles each time a half-open trial fails
 * @param successesToClose trial successes in a row that close a half-open breaker
 * @param trialTimeout how long a half-open trial permit may stay out before another is handed
 *        out (a trial whose outcome never came back must not hold the breaker shut forever)
 */
public record BreakerSettings(
        int consecutiveFailures,
        double failureRateThreshold,
        int minimumCalls,
        Duration window,
        Duration openWait,
        Duration maxOpenWait,
        int successesToClose,
        Duration trialTimeout) {

    public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
    public static final double DEFAULT_FAILURE_RATE_THRESHOLD = 0.5;
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_OPEN_WAIT = Duration.ofSeconds(30);
    /**
     * Short, so a recovered offer's half-open trial comes within 40 s however long the outage
     * was, and live traffic finds its recovery within a minute even with probes off.
     */
    public static final Duration DEFAULT_MAX_OPEN_WAIT = Duration.ofSeconds(40);
    public static final int DEFAULT_SUCCESSES_TO_CLOSE = 2;
    public static final Duration DEFAULT_TRIAL_TIMEOUT = Duration.ofSeconds(120);

    public static final BreakerSettings DEFAULTS = new BreakerSettings(
            DEFAULT_CONSECUTIVE_FAILURES, DEFAULT_FAILURE_RATE_THRESHOLD, DEFAULT_MINIMUM_CALLS, DEFAULT_WINDOW,
            DEFAULT_OPEN_WAIT, DEFAULT_MAX_OPEN_WAIT, DEFAULT_SUCCESSES_TO_CLOSE, DEFAULT_TRIAL_TIMEOUT);

    /** Messages name the {@code routing.breaker.*} key where there is one, and quote the value. */
    public BreakerSettings {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("routing.breaker.failure_threshold must be >= 1, got " + consecutiveFailures);
        }
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 1)) {
            throw new IllegalArgumentException("routing.breaker.failure_rate must be above 0 and at most 1, got " + failureRateThreshold);
        }
        if (minimumCalls < 1) {
            throw new IllegalArgumentException("routing.breaker.min_calls must be >= 1, got " + minimumCalls);
        }
        if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("routing.breaker.window_seconds must be >= 1, got " + Durations.inSeconds(window));
        }
        if (openWait == null || openWait.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("routing.breaker.open_seconds must be positive, got " + Durations.inSeconds(openWait));
        }
        requireAtLeast("max_open_wait", maxOpenWait, Duration.ofMillis(1));
        if (maxOpenWait.compareTo(openWait) < 0) {
            throw new IllegalArgumentException("breaker max_open_wait (" + maxOpenWait + ") must be >= open_wait (" + openWait + ")");
        }
        if (successesToClose < 1) {
            throw new IllegalArgumentException("routing.breaker.half_open_successes must be >= 1, got " + successesToClose);
        }
        requireAtLeast("trial_timeout", trialTimeout, Duration.ofMillis(1));
    }

    /**
     * The breaker of {@code routing.breaker}: the wait after a failed trial doubles up to
     * {@link #DEFAULT_MAX_OPEN_WAIT}, or stays at {@code openWait} when that is longer already.
     */
    public static BreakerSettings of(int failureThreshold, double failureRate, int minCalls, Duration window,
                                     Duration openWait, int halfOpenSuccesses) {
        Duration max = openWait != null && openWait.compareTo(DEFAULT_MAX_OPEN_WAIT) > 0 ? openWait : DEFAULT_MAX_OPEN_WAIT;
        return new BreakerSettings(failureThreshold, failureRate, minCalls, window, openWait, max, halfOpenSuccesses,
                DEFAULT_TRIAL_TIMEOUT);
    }

    private static void requireAtLeast(String name, Duration value, Duration min) {
        if (value == null || value.compareTo(min) < 0) {
            throw new IllegalArgumentException("breaker " + name + " must be >= " + min + ", got " + value);
        }
    }

    public BreakerSettings withConsecutiveFailures(int n) {
        return new BreakerSettings(n, failureRateThreshold, minimumCalls, window, openWait, maxOpenWait, successesToClose, trialTimeout);
    }

    public BreakerSettings withOpenWait(Duration wait, Duration max) {
        return new BreakerSettings(consecutiveFailures, failureRateThreshold, minimumCalls, window, wait, max, successesToClose, trialTimeout);
    }

    /** The wait after one more failed trial: doubled, capped at {@link #maxOpenWait}. */
    Duration nextWait(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(maxOpenWait) > 0 ? maxOpenWait : doubled;
    }
}
