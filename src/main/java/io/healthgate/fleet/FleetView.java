package io.healthgate.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fleet as one instance sees it now, for {@code /health/system}, the dashboard and metrics.
 *
 * @param self this instance's id (the one answering)
 * @param redisUp false while Redis does not answer: this instance then serves on its own view
 * @param problem why Redis is down; empty when up
 * @param instances live instances, this one included
 * @param staleness age of peers' news on arrival; empty before any arrived
 * @param leasesHeld probe leases this instance holds
 * @param probingEverything true while leases are unreachable and this instance probes every offer
 * @param lost messages that could not be sent (Redis down or the queue full)
 */
public record FleetView(String self, boolean redisUp, String problem, List<Instance> instances,
                        Optional<StalenessMeter.Figures> staleness, Duration stalenessBound, int leasesHeld,
                        boolean probingEverything, long published, long received, long lost) {
    public FleetView {
        Objects.requireNonNull(self, "self");
        problem = problem == null ? "" : problem;
        instances = List.copyOf(instances);
        staleness = staleness == null ? Optional.empty() : staleness;
    }
}
