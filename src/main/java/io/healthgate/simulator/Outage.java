package io.healthgate.simulator;

import java.time.Duration;

/**
 * A scheduled outage: from {@code startSeconds} after the fleet started, for
 * {@code durationSeconds} (0 or less: until the end), the offer or gateway answers with
 * {@code fault}. Both times are multiplied by the scenario's {@code time_scale}.
 */
public record Outage(double startSeconds, double durationSeconds, Fault fault) {
    public Outage {
        if (startSeconds < 0 || Double.isNaN(startSeconds)) {
            throw new IllegalArgumentException("outage start_seconds must be >= 0, got " + startSeconds);
        }
        if (Double.isNaN(durationSeconds)) {
            throw new IllegalArgumentException("outage duration_seconds must be a number");
        }
        fault = fault == null || fault == Fault.NONE ? Fault.UNAVAILABLE : fault;
    }

    /** True when this outage is on at {@code sinceStart} into the run, times compressed by {@code timeScale}. */
    public boolean activeAt(Duration sinceStart, double timeScale) {
        double t = sinceStart.toNanos() / 1e9;
        double from = startSeconds * timeScale;
        return t >= from && (durationSeconds <= 0 || t < from + durationSeconds * timeScale);
    }
}
