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
        // Messages start with the configuration key that sets the value, so a bad file names it.
        Objects.requireNonNull(stalenessBound, "stalenessBound");
        Objects.requireNonNull(leaseTime, "leaseTime");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(viewInterval, "viewInterval");
        if (stalenessBound.toMillis() < 100) {
            throw new IllegalArgumentException("redis.staleness_ms must be >= 100, got " + stalenessBound.toMillis());
        }
        if (leaseTime.toSeconds() < 1 || leaseTime.toSeconds() > 3_600) {
            throw new IllegalArgumentException("redis.lease_seconds must be 1..3600, got " + leaseTime.toSeconds());
        }
        if (heartbeat.toMillis() < 50) {
            throw new IllegalArgumentException("redis.heartbeat_ms must be >= 50, got " + heartbeat.toMillis());
        }
        if (heartbeat.compareTo(leaseTime) >= 0) {
            throw new IllegalArgumentException("redis.heartbeat_ms must be shorter than redis.lease_seconds (an instance must "
                    + "say it is alive before its leases lapse), got " + heartbeat.toMillis() + " ms and " + leaseTime.toSeconds() + " s");
        }
        if (viewInterval.toMillis() < 100) {
            throw new IllegalArgumentException("view interval must be >= 100 ms, got " + viewInterval.toMillis() + " ms");
        }
    }

    /** From config's {@code redis.staleness_ms}, {@code redis.lease_seconds} and {@code redis.heartbeat_ms}. */
    public static FleetSettings of(int stalenessMs, int leaseSeconds, int heartbeatMs) {
        return new FleetSettings(Duration.ofMillis(stalenessMs), Duration.ofSeconds(leaseSeconds), Duration.ofMillis(heartbeatMs),
                DEFAULT_VIEW_INTERVAL);
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
}
