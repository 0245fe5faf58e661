package io.healthgate.fleet;

import java.time.Instant;
import java.util.Objects;

/**
 * One gateway instance as the fleet sees it.
 *
 * @param url where it serves, for operators (may be empty)
 * @param leasesHeld probe leases it holds now
 */
public record Instance(String id, Instant started, Instant lastSeen, int leasesHeld, String url) {
    public Instance {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an instance needs an id, got '" + id + "'");
        }
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(lastSeen, "lastSeen");
        url = url == null ? "" : url;
        if (leasesHeld < 0) {
            throw new IllegalArgumentException("leases held must be >= 0, got " + leasesHeld);
        }
    }
}
