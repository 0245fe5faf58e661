package io.healthgate.sla;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Knobs of SLA tracking, defaults as named constants.
 *
 * @param retention outcome history older than this is pruned (also the longest report window)
 * @param defaultTarget availability target in percent for gateways without their own
 * @param targets per-gateway targets in percent
 * @param badMinuteErrorRate a minute of an offer is bad when at least this share of its counting
 *     calls failed
 * @param minIncidentFailures an episode of bad minutes with fewer counting failures is noise, not an incident
 * @param mergeGap episodes of one gateway's offers closer than this are one incident
 * @param quietClose an episode with no evidence for this long after its last bad minute has ended
 */
public record SlaSettings(
        Duration retention,
        double defaultTarget,
        Map<String, Double> targets,
        double badMinuteErrorRate,
        int minIncidentFailures,
        Duration mergeGap,
        Duration quietClose) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final double DEFAULT_TARGET = 99.5;
    public static final double DEFAULT_BAD_MINUTE_ERROR_RATE = 0.5;
    public static final int DEFAULT_MIN_INCIDENT_FAILURES = 2;
    public static final Duration DEFAULT_MERGE_GAP = Duration.ofMinutes(5);
    public static final Duration DEFAULT_QUIET_CLOSE = Duration.ofMinutes(15);

    public SlaSettings {
        Objects.requireNonNull(retention, "retention");
        if (retention.toDays() < 1) {
            throw new IllegalArgumentException("storage.history_retention_days must be >= 1, got " + retention.toDays());
        }
        checkTarget("sla.target_percent", defaultTarget);
        targets = targets == null ? Map.of() : Map.copyOf(targets);
        targets.forEach((g, t) -> checkTarget("sla.gateway_targets." + g, t));
        if (!(badMinuteErrorRate > 0 && badMinuteErrorRate <= 1)) {
            throw new IllegalArgumentException("bad-minute error rate must be in (0, 1], got " + badMinuteErrorRate);
        }
        if (minIncidentFailures < 1) {
            throw new IllegalArgumentException("incident minimum failures must be >= 1, got " + minIncidentFailures);
        }
        Objects.requireNonNull(mergeGap, "mergeGap");
        Objects.requireNonNull(quietClose, "quietClose");
    }

    public static SlaSettings defaults() {
        return new SlaSettings(DEFAULT_RETENTION, DEFAULT_TARGET, Map.of(), DEFAULT_BAD_MINUTE_ERROR_RATE,
                DEFAULT_MIN_INCIDENT_FAILURES, DEFAULT_MERGE_GAP, DEFAULT_QUIET_CLOSE);
    }

    /** From the configuration: {@code storage.history_retention_days}, {@code sla.target_percent}, {@code sla.gateway_targets}. */
    public static SlaSettings of(int retentionDays, double targetPercent, Map<String, Double> gatewayTargets) {
        return new SlaSettings(Duration.ofDays(retentionDays), targetPercent, gatewayTargets, DEFAULT_BAD_MINUTE_ERROR_RATE,
                DEFAULT_MIN_INCIDENT_FAILURES, DEFAULT_MERGE_GAP, DEFAULT_QUIET_CLOSE);
    }

    /** The availability target of a gateway, in percent. */
    public double target(String gateway) {
        return targets.getOrDefault(gateway, defaultTarget);
    }

    public SlaSettings withTargets(double defaultTarget, Map<String, Double> targets) {
        return new SlaSettings(retention, defaultTarget, targets, badMinuteErrorRate, minIncidentFailures, mergeGap, quietClose);
    }

    public SlaSettings withRetention(Duration d) {
        return new SlaSettings(d, defaultTarget, targets, badMinuteErrorRate, minIncidentFailures, mergeGap, quietClose);
    }

    private static void checkTarget(String what, double t) {
        if (!(t > 0 && t < 100)) {
            throw new IllegalArgumentException(what + " must be a percentage above 0 and below 100, got " + t);
        }
    }
}
