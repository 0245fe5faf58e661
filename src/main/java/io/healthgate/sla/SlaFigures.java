package io.healthgate.sla;

import io.healthgate.health.OutcomeClass;

import java.util.Map;
import java.util.Optional;

/**
 * Availability and latency of some calls (an offer's, a provider's, a gateway's, all of them).
 *
 * <p>Rules: availability is successes over counting calls (success plus the classes that count
 * against an offer: timeout, server_error, connection_error, bad_response), in percent rounded to
 * three decimals, and empty when there was no counting call. Rate limits, key and credit problems,
 * not_found, client errors and cancelled calls are shown beside it ({@link #excluded}), never in
 * it. Latencies are of successful calls, in milliseconds, each the upper bound of the histogram
 * bin holding the percentile (within ~40%); empty when there was no success.
 *
 * @param calls every call, whatever its class
 * @param failuresByClass counting failures per class
 * @param excluded calls of every neutral class (zero included)
 */
public record SlaFigures(
        long calls,
        long countedCalls,
        long successes,
        long failures,
        Optional<Double> availability,
        Map<OutcomeClass, Long> failuresByClass,
        Map<OutcomeClass, Long> excluded,
        Optional<Long> ttfbP50Ms,
        Optional<Long> ttfbP95Ms,
        Optional<Long> ttfbP99Ms,
        Optional<Long> latencyP50Ms,
        Optional<Long> latencyP95Ms,
        Optional<Long> latencyMeanMs) {

    public SlaFigures {
        failuresByClass = Map.copyOf(failuresByClass);
        excluded = Map.copyOf(excluded);
    }

    /** Share of counting calls that failed, 0..1; empty without counting calls. */
    public Optional<Double> failureRatio() {
        return countedCalls == 0 ? Optional.empty() : Optional.of((double) failures / countedCalls);
    }

    public long excluded(OutcomeClass c) {
        return excluded.getOrDefault(c, 0L);
    }
}
