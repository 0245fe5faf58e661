/**
 * Anomaly detection on one offer's own history: plain statistics over plain numbers, no health,
 * catalog or Vert.x types, so {@code health} feeds it and nothing here depends back.
 *
 * <p>Rules of the package:
 * <ul>
 *   <li>Time is always passed in (an {@link java.time.Instant} from the caller's injected clock); nothing
 *       here reads the wall clock.</li>
 *   <li>A detector is updated under its owner's lock (one per offer) in O(1) per outcome, and hands out
 *       immutable {@link io.healthgate.anomaly.Drift} values; the hot path never sorts or allocates a window.</li>
 *   <li>The baseline is the offer's own, learnt slowly and robustly (each sample is clipped to the band
 *       before it moves the baseline), so a drift is measured against how this offer usually behaves,
 *       not a fleet-wide number.</li>
 *   <li>Latency is judged by hour of day once a week of the offer's history exists
 *       ({@link io.healthgate.anomaly.SeasonalBaseline} behind {@link io.healthgate.anomaly.Baseline}),
 *       against one level for all hours before that.</li>
 * </ul>
 */
package io.healthgate.anomaly;
