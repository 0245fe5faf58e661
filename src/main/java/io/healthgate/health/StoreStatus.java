package io.healthgate.health;

/**
 * How the store's write-behind stands, for readiness and metrics (read from memory: no I/O).
 *
 * @param up connected and its last write worked; false while it is unreachable (at start or later)
 * @param bufferedWrites entries waiting in memory for the store (offer deltas, outcome-history buckets)
 * @param droppedWrites outcome updates refused since start because a buffer was at
 *     {@code storage.replay_buffer_max}: counts the store will never have
 */
public record StoreStatus(boolean up, long bufferedWrites, long droppedWrites) {
    /** {@code up} or {@code down}, as {@code /health/ready} says it. */
    public String state() {
        return up ? "up" : "down";
    }
}
