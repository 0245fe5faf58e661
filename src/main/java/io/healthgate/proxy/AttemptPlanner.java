package io.healthgate.proxy;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Offer;
import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.util.List;

/**
 * The seam where routing decides a request's journey: which offers, in which order, and whether
 * to try the next one after a failure. The proxy carries the decisions out on Vert.x; the
 * decisions themselves are plain Java so health-aware routing can replace the default.
 */
public interface AttemptPlanner {

    /** The offers to try, best first. Empty when none can serve (e.g. no gateway has a key). */
    List<Offer> candidates(Catalog.Resolution resolution);

    /**
     * Asked right before a candidate is called. False skips it without counting an attempt (for
     * example, its circuit breaker is open and allows no trial call now).
     */
    default boolean permits(Offer offer) {
        return true;
    }

    /**
     * Whether, after attempt number {@code attemptsSoFar} (1-based) ended in {@code outcome}, the
     * next candidate should be tried.
     *
     * @param firstByteSent true once any byte of the answer reached the client
     * @param elapsed time since the request arrived
     */
    boolean shouldTryNext(OutcomeClass outcome, int attemptsSoFar, boolean firstByteSent, Duration elapsed);
}
