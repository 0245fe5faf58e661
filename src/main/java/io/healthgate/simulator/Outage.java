package io.healthgate.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;

/**
 * A scheduled outage: from {@code startSeconds} after the fleet started, for
 * {@code durationSeconds} (0 or less: until the end), the offer or gateway answers with
 * {@code fault}. Both times are multiplied by the scenario's {@code time_scale}. An optional
 * {@link Ramp} degrades the offer over the seconds before {@code startSeconds}, so a predictive
 * health engine has something to see coming; the outage itself still starts at {@code startSeconds}.
 */
public record Outage(double startSeconds, double durationSeconds, Fault fault, @JsonInclude(JsonInclude.Include.NON_NULL) Ramp ramp) {
    public Outage {
        if (startSeconds < 0 || Double.isNaN(startSeconds)) {
            throw new IllegalArgumentException("outage start_seconds must be >= 0, got " + startSeconds);
        }
        if (Double.isNaN(durationSeconds)) {
            throw new IllegalArgumentException("outage duration_seconds must be a number");
        }
        fault = fault == null || fault == Fault.NONE ? Fault.UNAVAILABLE : fault;
    }

    public Outage(double startSeconds, double durationSeconds, Fault fault) {
        this(startSeconds, durationSeconds, fault, null);
    }

    /** True when this outage is on at {@code sinceStart} into the run, times compressed by {@code timeScale}. */
    public boolean activeAt(Duration sinceStart, double timeScale) {
        double t = sinceStart.toNanos() / 1e9;
        double from = startSeconds * timeScale;
        return t >= from && (durationSeconds <= 0 || t < from + durationSeconds * timeScale);
    }

    /**
     * How far into its ramp this outage is at {@code sinceStart}: in (0, 1) while ramping, 0 when
     * there is no ramp or it has not begun, and 0 once the outage itself has started.
     */
    public double rampFraction(Duration sinceStart, double timeScale) {
        if (ramp == null) {
            return 0;
        }
        double t = sinceStart.toNanos() / 1e9;
        double to = startSeconds * timeScale;
        double from = to - ramp.overSeconds() * timeScale;
        if (t < from || t >= to) {
            return 0;
        }
        return Math.max(1e-9, (t - from) / (to - from));
    }
}
