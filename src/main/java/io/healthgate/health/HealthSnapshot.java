package io.healthgate.health;

import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable picture of fleet health, rebuilt by the engine at most about once a second and
 * swapped in atomically, so routing and the API read it without locks. Maps keep catalog order.
 * Percentages are 0..100 and empty when their denominator is zero: no data is never "0%".
 */
public record HealthSnapshot(
        Instant at,
        SystemHealth system,
        Map<String, GatewayHealth> gateways,
        Map<String, ProviderHealth> providers,
        Map<String, ModelHealth> models,
        Map<OfferId, OfferHealth> offers) {

    public HealthSnapshot {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(system, "system");
        gateways = java.util.Collections.unmodifiableMap(gateways);
        providers = java.util.Collections.unmodifiableMap(providers);
        models = java.util.Collections.unmodifiableMap(models);
        offers = java.util.Collections.unmodifiableMap(offers);
    }

    public Optional<OfferHealth> offer(OfferId id) {
        return Optional.ofNullable(offers.get(id));
    }

    /** The offer's status, {@code unknown} for an offer the snapshot does not list. */
    public OfferStatus offerStatus(OfferId id) {
        OfferHealth h = offers.get(id);
        return h == null ? OfferStatus.UNKNOWN : h.status();
    }

    public Optional<ModelHealth> model(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public Optional<GatewayHealth> gateway(String name) {
        return Optional.ofNullable(gateways.get(name));
    }

    /**
     * System totals.
     *
     * @param healthPercentage healthy models / models with at least one configured offer of known
     *     status (healthy, degraded, unhealthy or deprecated), in percent; empty when there are none
     * @param knownModels that denominator
     * @param catalogModels every model in the catalog: what the gateway can route
     * @param trackedModels models with any health evidence (called or probed at least once)
     * @param modelsWithConfiguredOffer models with at least one offer on a configured, enabled gateway
     * @param modelCoveragePercentage modelsWithConfiguredOffer / catalogModels
     * @param configuredOffers offers on configured, enabled gateways
     * @param offerCoveragePercentage configuredOffers / totalOffers
     * @param trackedOffers offers with any health evidence
     * @param falseTimeoutsAvoided probe timeouts a cold-start retry proved false
     */
    public record SystemHealth(
            Optional<Double> healthPercentage,
            int healthyModels,
            int degradedModels,
            int unhealthyModels,
            int deprecatedModels,
            int unknownModels,
            int knownModels,
            int catalogModels,
            int trackedModels,
            int modelsWithConfiguredOffer,
            Optional<Double> modelCoveragePercentage,
            int totalOffers,
            int configuredOffers,
            Optional<Double> offerCoveragePercentage,
            int trackedOffers,
            int healthyGateways,
            int totalGateways,
            long probeRequests,
            long probeTokens,
            long falseTimeoutsAvoided) {
    }

    /**
     * One gateway.
     *
     * @param knownOffers offers with status healthy, degraded or unhealthy (the denominator of "down")
     * @param errorRate counting errors / counting outcomes in the window over all its offers; empty with none
     * @param latencyP50 time to first byte p50 over all its offers' windows
     * @param throttledUntil when its gateway-wide rate limit ends, if one is in force
     * @param canaries what its canaries cost (counted apart from probes, with their own cap)
     */
    public record GatewayHealth(
            String gateway,
            GatewayStatus status,
            String reason,
            int totalOffers,
            int healthyOffers,
            int degradedOffers,
            int unhealthyOffers,
            int deprecatedOffers,
            int knownOffers,
            Optional<Double> errorRate,
            Optional<Duration> latencyP50,
            Optional<Instant> throttledUntil,
            ProbeSpend probes,
            ProbeSpend canaries) {
    }

    /** Probe cost for one gateway. */
    public record ProbeSpend(long requests, long tokens, long requestsThisHour, long falseTimeoutsAvoided) {
        public static final ProbeSpend NONE = new ProbeSpend(0, 0, 0, 0);
    }

    /** One provider (the maker of models), with health % over its models as in {@link SystemHealth}. */
    public record ProviderHealth(
            String provider,
            int models,
            int healthyModels,
            int degradedModels,
            int unhealthyModels,
            int knownModels,
            Optional<Double> healthPercentage) {
    }

    /**
     * One model: as healthy as its best offer. Offers with a known status decide before offers
     * without evidence (an unhealthy offer beside an unknown one makes the model unhealthy, not
     * unknown); a model with no configured offer is unconfigured.
     */
    public record ModelHealth(
            String model,
            String provider,
            OfferStatus status,
            Optional<OfferId> bestOffer,
            int offers,
            int configuredOffers,
            int healthyOffers,
            Tier tier) {
    }

    /**
     * One offer.
     *
     * @param reason why it has its status, in words
     * @param successRate successes / counting outcomes in the window, empty when there are none
     * @param windowSamples counting outcomes in the window
     * @param calls every outcome since the engine started (or was restored), any class
     * @param lastChecked the newest outcome of any class
     * @param tierFromCatalog true when the catalog set its tier, false when traffic share did
     * @param throttledUntil when the rate limit that holds it ends (its own or its gateway's), if throttled now
     * @param throttle that rate limit, with its scope and reason
     * @param gatewaySuspect its gateway is suspect now (sibling inference or a failed canary)
     * @param recovered healthy again: {@code recovery_successes} successes in a row since its last failure, failures still in the window
     * @param recovering its newest counting outcomes are successes, but fewer than {@code recovery_successes}
     *     since failures still in the window: routing still owes it its recovery trial
     */
    public record OfferHealth(
            OfferId offer,
            String provider,
            String upstreamModel,
            OfferStatus status,
            String reason,
            Optional<Double> successRate,
            long windowSamples,
            long calls,
            long successes,
            long errors,
            int consecutiveFailures,
            Optional<Duration> latencyP50,
            Optional<Duration> latencyP95,
            Optional<Instant> lastChecked,
            Optional<Instant> lastSuccess,
            Optional<Instant> lastFailure,
            Optional<OutcomeClass> lastOutcome,
            String lastError,
            Tier tier,
            boolean tierFromCatalog,
            Optional<Instant> throttledUntil,
            boolean circuitOpen,
            Optional<Throttle> throttle,
            boolean gatewaySuspect,
            boolean recovered,
            boolean recovering) {

        /**
         * True when it reads worse than healthy because of its own failures (not a suspect gateway,
         * not latency), or when it is still recovering from them: a recovering offer may read
         * {@code healthy} or {@code degrading} while its window's uptime keeps it behind its backup,
         * and without a trial it would never get the successes that restore it.
         */
        public boolean demotedByFailures() {
            if (lastFailure.isEmpty() || (gatewaySuspect && consecutiveFailures == 0 && reason.startsWith("gateway "))) {
                return false;
            }
            if (recovering && (status == OfferStatus.HEALTHY || status == OfferStatus.DEGRADING || status == OfferStatus.DEGRADED)) {
                return true;
            }
            boolean worse = status == OfferStatus.DEGRADED || status == OfferStatus.UNHEALTHY;
            return worse && !reason.startsWith("slow:");
        }
    }
}
