package io.healthgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.List;
import java.util.Map;

/**
 * The wire shapes of the health views, one record per JSON object, serialised by Jackson with
 * {@link ViewJson#MAPPER} (snake_case names from the component names; {@code @JsonProperty} where
 * a name cannot be derived). The code, docs/openapi.yaml and the wire name the same fields here;
 * component order is field order. Nullable components are written as {@code null} (unknown is
 * never 0); components marked {@code NON_NULL} are left out when absent (a note that only exists
 * sometimes, the fleet block without a fleet). Status strings stay strings: new values (an offer's
 * {@code degrading}, a new gateway status) need no change here.
 */
final class ViewShapes {
    private ViewShapes() {
    }

    /** {@code GET /health/system}. */
    record Totals(
            String overallStatus,
            int totalModels,
            int healthyModels,
            int degradedModels,
            int unhealthyModels,
            int deprecatedModels,
            int unknownModels,
            Double healthPercentage,
            Double coveragePercentage,
            Double modelCoveragePercentage,
            int catalogModels,
            int trackedModels,
            int modelsWithConfiguredOffer,
            int totalOffers,
            int configuredOffers,
            int trackedOffers,
            int totalGateways,
            int healthyGateways,
            String routingMode,
            long probeRequests,
            long probeTokens,
            long falseTimeoutsAvoided,
            String lastUpdated,
            @JsonInclude(JsonInclude.Include.NON_NULL) String message,
            @JsonInclude(JsonInclude.Include.NON_NULL) Fleet fleet) {
    }

    /** The {@code fleet} block of {@code /health/system} and {@code /health/dashboard}. */
    record Fleet(
            int instances,
            Long stalenessMsP50,
            Long stalenessMsMax,
            long stalenessBoundMs,
            String redis,
            @JsonInclude(JsonInclude.Include.NON_NULL) String redisProblem,
            String answeredBy,
            int leasesHeld,
            boolean probingEveryOffer,
            long messagesPublished,
            long messagesReceived,
            long messagesLost,
            List<Member> members) {
    }

    record Member(String id, String started, String lastSeen, int leasesHeld, String url, boolean thisInstance) {
    }

    /** {@code GET /health/models}. */
    record OfferList(int count, String lastUpdated, List<Offer> models) {
    }

    /** One offer's entry in {@code /health/models}. */
    record Offer(
            String modelId,
            String provider,
            String gateway,
            String upstreamModel,
            String status,
            String reason,
            String tier,
            Double uptimePercentage,
            long errorCount,
            long callCount,
            long windowSamples,
            Long latencyP50Ms,
            Long latencyP95Ms,
            String lastChecked,
            String lastSuccess,
            String lastOutcome,
            String lastError,
            String throttledUntil,
            String throttleScope,
            String throttleReason,
            String circuitState) {
    }

    /** {@code GET /health/models/{model}}. */
    record Model(
            String modelId,
            String provider,
            String status,
            String tier,
            int offersTotal,
            int offersConfigured,
            int offersHealthy,
            String bestGateway,
            String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) String uptimeNote,
            String lastUpdated,
            List<OfferDetail> offers) {
    }

    /** An offer in {@code /health/models/{model}}: its {@link Offer} fields, then its window and uptime. */
    record OfferDetail(@JsonUnwrapped Offer offer, Window window, Uptime uptime) {
    }

    record Window(long samples, Double successRate, Long latencyP50Ms, Long latencyP95Ms, int consecutiveFailures) {
    }

    /** Percentages of stored offer snapshots that were healthy or degraded; null when none in range. */
    record Uptime(@JsonProperty("1h") Double hour, @JsonProperty("24h") Double day, @JsonProperty("7d") Double week) {
    }

    /** One provider in {@code GET /health/providers} (an object keyed by provider). */
    record Provider(
            String status,
            int models,
            int knownModels,
            int healthyModels,
            int degradedModels,
            int unhealthyModels,
            Double healthPercentage) {
    }

    /** One gateway in {@code GET /health/gateways} (an object keyed by gateway). */
    record Gateway(
            String displayName,
            String status,
            String reason,
            String apiKeyEnv,
            boolean configured,
            boolean enabled,
            String error,
            int healthyOffers,
            int degradedOffers,
            int unhealthyOffers,
            int deprecatedOffers,
            int knownOffers,
            int totalOffers,
            Double errorRatePercentage,
            Long latencyP50Ms,
            String throttledUntil,
            long breakersOpen,
            long probeRequests,
            long probeTokens,
            long falseTimeoutsAvoided,
            long canaryRequests,
            long canaryTokens) {
    }

    /** {@code GET /health/history}. */
    record History(int hours, String from, String to, @JsonInclude(JsonInclude.Include.NON_NULL) String message, List<Point> points) {
    }

    record Point(
            String at,
            Double healthPercentage,
            Double coveragePercentage,
            int healthyModels,
            int unhealthyModels,
            int healthyGateways,
            int totalGateways) {
    }

    /** {@code GET /health}, and {@code GET /health/ready} while draining (with a message). */
    record Status(String status, @JsonInclude(JsonInclude.Include.NON_NULL) String message) {
    }

    /**
     * {@code GET /health/ready} while serving. {@code store_checked_ms_ago}, {@code store_state}
     * ({@code up}/{@code down}), {@code store_buffered_writes} and {@code store_dropped_writes}
     * only with a store; {@code redis} and {@code instance} only with a fleet.
     */
    record Readiness(
            String status,
            String config,
            int catalogModels,
            String store,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long storeCheckedMsAgo,
            @JsonInclude(JsonInclude.Include.NON_NULL) String storeState,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long storeBufferedWrites,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long storeDroppedWrites,
            String message,
            @JsonInclude(JsonInclude.Include.NON_NULL) String redis,
            @JsonInclude(JsonInclude.Include.NON_NULL) String instance) {
        Readiness(String status, int catalogModels, String store, Long storeCheckedMsAgo, String message) {
            this(status, "loaded", catalogModels, store, storeCheckedMsAgo, null, null, null, message, null, null);
        }

        Readiness withFleet(String redisState, String instanceId) {
            return new Readiness(status, config, catalogModels, store, storeCheckedMsAgo, storeState, storeBufferedWrites,
                    storeDroppedWrites, message, redisState, instanceId);
        }

        Readiness withStore(io.healthgate.health.StoreStatus s) {
            return new Readiness(status, config, catalogModels, store, storeCheckedMsAgo, s.state(), s.bufferedWrites(),
                    s.droppedWrites(), message, redis, instance);
        }

        Readiness degraded(String why) {
            return new Readiness("degraded", config, catalogModels, store, storeCheckedMsAgo, storeState, storeBufferedWrites,
                    storeDroppedWrites, why, redis, instance);
        }
    }

    /** The operator endpoints' error: {@code {"error": {"type", "message"}}}, for a failed reload with {@code reloaded} and its {@code problems}. */
    record ErrorReply(ErrorBody error, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean reloaded,
                 @JsonInclude(JsonInclude.Include.NON_NULL) List<String> problems) {
        ErrorReply(String type, String message) {
            this(new ErrorBody(type, message), null, null);
        }
    }

    record ErrorBody(String type, String message) {
    }

    /** {@code POST /admin/routing}. */
    record RoutingSwitched(String routingMode, String previousMode, boolean healthAware, String message) {
    }

    /** {@code POST /admin/probe}. */
    record ProbeScheduled(List<OfferRef> scheduled, List<NotProbed> notProbed, String message) {
    }

    record OfferRef(String model, String gateway) {
    }

    record NotProbed(String model, String gateway, String reason) {
    }

    /** {@code POST /admin/tier}. */
    record TierSet(String model, String tier, String previousTier, boolean overridden, String message) {
    }

    /** {@code POST /admin/reload} when it worked. */
    record Reloaded(boolean reloaded, int gateways, int models, List<GatewayModel> addedOffers, List<GatewayModel> removedOffers,
                    List<String> restartRequired, String message) {
    }

    /** An offer as {@code {"gateway", "model"}} (the reload's order). */
    record GatewayModel(String gateway, String model) {
    }

    /** {@code GET /health/dashboard} (the routes append {@code success_metrics}, which read the store). */
    record Dashboard(
            String timestamp,
            OverallHealth overallHealth,
            @JsonInclude(JsonInclude.Include.NON_NULL) Fleet fleet,
            GatewayCounts gateways,
            Map<String, List<UnhealthyModel>> unhealthyModelsByProvider,
            List<ProblematicProvider> problematicProviders,
            List<UnconfiguredGateway> unconfiguredGateways,
            List<Recommendation> recommendations,
            String routingMode,
            ProbeSpend probeSpend) {
    }

    /** Percentages here are text ({@code "95.3%"}), as the original platform's operators scripted against. */
    record OverallHealth(
            String status,
            String healthPercentage,
            @JsonInclude(JsonInclude.Include.NON_NULL) String message,
            int healthyModels,
            int degradedModels,
            long degradingModels,
            int unhealthyModels,
            int deprecatedModels,
            int totalModels,
            String coveragePercentage,
            int catalogModels,
            int trackedModels,
            int trackedOffers,
            int totalOffers,
            int configuredOffers) {
    }

    /** Gateways by status. */
    record GatewayCounts(int total, int healthy, int unconfigured, int misconfigured, int outOfCredits, int down, int degraded,
                         int throttled, int disabled) {
    }

    record UnhealthyModel(String modelId, String status, String reason, String lastError, String lastChecked,
                          List<UnhealthyOffer> offers) {
    }

    record UnhealthyOffer(String gateway, String status, String reason, String lastError) {
    }

    record ProblematicProvider(String provider, String failureRate, int unhealthyModels, int totalModels) {
    }

    record UnconfiguredGateway(String gateway, String apiKeyEnv, int offers) {
    }

    record Recommendation(String priority, String action, String details) {
    }

    /** Probe spend, and beside it what canaries (models lists and tiny completions on quiet gateways) cost. */
    record ProbeSpend(long requests, long tokens, long falseTimeoutsAvoided, long canaryRequests, long canaryTokens,
                      Map<String, GatewaySpend> byGateway) {
    }

    record GatewaySpend(long requests, long tokens, long requestsThisHour, long canaryRequests, long canaryTokens) {
    }
}
