package io.healthgate.health;

import io.healthgate.catalog.OfferId;

import java.time.Instant;
import java.util.Map;

/**
 * Outcome counters shared by every instance, so that a circuit opened by one instance's traffic
 * protects all. Counts are kept per offer in one-minute buckets that expire on their own.
 *
 * <p>Implementations block on the network: call them from a write-behind or scheduler executor,
 * never on the request path. They throw an unchecked exception when the shared cache is
 * unreachable; local windows keep working without it.
 */
public interface FleetCounters {

    /** Adds {@code count} outcomes of class {@code outcome} to the offer's bucket of the minute of {@code at}. */
    void add(OfferId offer, OutcomeClass outcome, long count, Instant at);

    /**
     * Fleet-wide counts per outcome class of the offer over the minute buckets that overlap
     * {@code [from, to)}; classes never seen are absent.
     */
    Map<OutcomeClass, Long> counts(OfferId offer, Instant from, Instant to);
}
