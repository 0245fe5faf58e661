package io.healthgate.proxy;

import io.healthgate.catalog.Catalog;
import io.healthgate.routing.ClientPreferences;

/**
 * The seam where routing decides a request's journey. Asked once per request; the returned
 * {@link AttemptPlan} answers every later question about that request (which offer next, whether
 * it may be called now, whether to try another after a failure, deadlines, hedging). The decisions
 * are plain Java so health-aware routing ({@link RoutingAttemptPlanner}) and plain ordered
 * failover ({@link OrderedAttemptPlanner}) are interchangeable.
 */
public interface AttemptPlanner {

    /**
     * Plans one request.
     *
     * @param preferences the client's {@code provider} object, already validated and removed
     *        from the body ({@link ClientPreferences#NONE} when absent)
     */
    AttemptPlan plan(Catalog.Resolution resolution, ClientPreferences preferences);
}
