package io.healthgate.health;

import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where offer health survives restarts and where history for charts, uptime and SLA reports
 * lives. The health engine writes behind, in batches, off the request path; nothing on the hot
 * path ever waits on it. Implemented by {@code store} (JDBC: SQLite or PostgreSQL).
 */
public interface HealthStore extends AutoCloseable {

    /**
     * Applies a batch of per-offer updates. Counters are increments applied atomically by the
     * database ({@code call_count = call_count + ?}), so concurrent writers (threads or instances)
     * lose nothing; the other fields overwrite when present.
     */
    void applyOfferUpdates(List<OfferUpdate> updates);

    /** Every stored offer row, to restore status at start. */
    List<OfferRecord> loadOffers();

    /** Removes offer rows (cleanup); returns how many were removed. */
    int deleteOffers(List<OfferId> offers);

    void writeSystemSnapshot(SystemSnapshot snapshot);

    void writeGatewaySnapshots(List<GatewaySnapshot> snapshots);

    void writeOfferSnapshots(List<OfferSnapshot> snapshots);

    /** System snapshots with {@code from <= at < to}, oldest first. */
    List<SystemSnapshot> systemSnapshots(Instant from, Instant to);

    /** Gateway snapshots with {@code from <= at < to}, oldest first. */
    List<GatewaySnapshot> gatewaySnapshots(Instant from, Instant to);

    /**
     * Fraction (0..1) of offer snapshots with status healthy or degraded for each offer of the
     * model, over {@code [from, to)}; offers with no snapshot in the range are absent.
     */
    Map<OfferId, Double> uptime(String model, Instant from, Instant to);

    /** Deletes snapshots older than the cutoff; returns rows removed. */
    int pruneSnapshotsBefore(Instant cutoff);

    /** A cheap round trip to the database, for readiness. */
    boolean isReachable();

    @Override
    void close();

    /**
     * One offer's change since the last flush.
     *
     * @param callsDelta calls since the last flush (every outcome class)
     * @param successesDelta successes since the last flush
     * @param errorsDelta counting failures since the last flush
     * @param notFoundDelta not_found outcomes since the last flush (the store keeps the first and
     *     last not_found time, which cleanup reads: "not_found on 3 checks over 24 h")
     * @param latencyP50 / latencyP95 time to first byte, when known
     */
    record OfferUpdate(
            OfferId offer,
            String provider,
            String upstreamModel,
            OfferStatus status,
            Optional<Tier> tier,
            long callsDelta,
            long successesDelta,
            long errorsDelta,
            long notFoundDelta,
            int consecutiveFailures,
            Optional<Instant> lastCalled,
            Optional<Instant> lastSuccess,
            Optional<Instant> lastFailure,
            Optional<Instant> lastNotFound,
            Optional<OutcomeClass> lastOutcome,
            String lastError,
            Optional<Duration> latencyP50,
            Optional<Duration> latencyP95,
            Instant updatedAt) {
    }

    /** A stored offer row (the original platform's {@code model_health_tracking}). */
    record OfferRecord(
            OfferId offer,
            String provider,
            String upstreamModel,
            OfferStatus status,
            Optional<Tier> tier,
            long callCount,
            long successCount,
            long errorCount,
            long notFoundCount,
            int consecutiveFailures,
            Optional<Instant> lastCalled,
            Optional<Instant> lastSuccess,
            Optional<Instant> lastFailure,
            Optional<Instant> firstNotFound,
            Optional<Instant> lastNotFound,
            Optional<OutcomeClass> lastOutcome,
            String lastError,
            Optional<Duration> latencyP50,
            Optional<Duration> latencyP95,
            Instant createdAt,
            Instant updatedAt) {
    }

    /** System totals at one moment (written every minute). */
    record SystemSnapshot(
            Instant at,
            double healthPercentage,
            double coveragePercentage,
            int healthyModels,
            int unhealthyModels,
            int trackedModels,
            int catalogModels,
            int healthyGateways,
            int totalGateways) {
    }

    /** One gateway's totals at one moment (written every minute). */
    record GatewaySnapshot(
            Instant at,
            String gateway,
            GatewayStatus status,
            int healthyOffers,
            int totalOffers,
            double errorRate,
            Optional<Duration> latencyP50) {
    }

    /** One offer's status at one moment (written less often), for uptime and SLA reports. */
    record OfferSnapshot(Instant at, OfferId offer, OfferStatus status, double successRate, long calls) {
    }
}
