package io.healthgate.fleet;

import java.time.Duration;
import java.util.Objects;

/**
 * How the instances of one fleet keep each other informed. Defaults are the named constants;
 * the compact constructor rejects bad values and quotes them.
 *
 * @param stalenessBound the most a peer's news may lag (configured as {@code redis.staleness_ms}):
 *     status changes are looked for four times within it, and a Redis that has not answered
 *     within it is reported down
 * @param leaseTime how long a probe lease lasts unless renewed ({@code redis.lease_seconds}); a
 *     dead instance's offers move to the others within it (plus one rebalance, a third of it)
 * @param heartbeat how often an instance says it is alive and checks that Redis answers
 * @param viewInterval how often the health views are published; they live three times as long
 */
public record FleetSettings(Duration stalenessBound, Duration leaseTime, Duration heartbeat, Duration viewInterval) {
    public static final Duration DEFAULT_STALENESS_BOUND = Duration.ofMillis(1_000);
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_VIEW_INTERVAL = Duration.ofSeconds(5);
    /** Fleet state older than this is not replayed to an instance that (re)joins. */
    public static final Duration REPLAY_WINDOW = Duration.ofMinutes(10);

    public static final FleetSettings DEFAULTS =
            new FleetSettings(DEFAULT_STALENESS_BOUND, DEFAULT_LEASE_TIME, DEFAULT_HEARTBEAT, DEFAULT_VIEW_INTERVAL);

    public FleetSettings {
        atLeast("staleness bound", stalenessBound, Duration.ofMillis(100));
        atLeast("lease time", leaseTime, Duration.ofSeconds(1));
        atLeast("heartbeat", heartbeat, Duration.ofMillis(50));
        atLeast("view interval", viewInterval, Duration.ofMillis(100));
        if (heartbeat.compareTo(leaseTime) >= 0) {
            throw new IllegalArgumentException("heartbeat (" + heartbeat + ") must be shorter than the lease time (" + leaseTime + ")");
        }
    }

    public FleetSettings withLeaseTime(Duration d) {
        return new FleetSettings(stalenessBound, d, heartbeat, viewInterval);
    }

    public FleetSettings withStalenessBound(Duration d) {
        return new FleetSettings(d, leaseTime, heartbeat, viewInterval);
    }

    /** How often leases are renewed and rebalanced: a third of the lease time. */
    public Duration rebalanceInterval() {
        return leaseTime.dividedBy(3);
    }

    /** How often snapshots are compared for status changes to share. */
    public Duration statusInterval() {
        return stalenessBound.dividedBy(4);
    }

    /** An instance not seen for this long is gone: the lease time. */
    public Duration liveness() {
        return leaseTime;
    }

    private static void atLeast(String what, Duration d, Duration min) {
        Objects.requireNonNull(d, what);
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException(what + " must be at least " + min.toMillis() + " ms, got " + d.toMillis() + " ms");
        }
    }
}
