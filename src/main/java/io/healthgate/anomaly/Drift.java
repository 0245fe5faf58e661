package io.healthgate.anomaly;

import java.time.Instant;

/**
 * A sustained drift of one offer from its own baseline, as of one moment: immutable, handed to the
 * snapshot.
 *
 * @param kind what drifted
 * @param since when the drift began (the first sample that showed it)
 * @param ratio how far: recent over usual (latency: time to first byte; errors: error rate)
 * @param evidence in words, e.g. "TTFB 3.1× its baseline (recent 820 ms, usual 265 ms) for 4 min"
 */
public record Drift(Kind kind, Instant since, double ratio, String evidence) {
    public enum Kind { LATENCY, ERRORS }
}
