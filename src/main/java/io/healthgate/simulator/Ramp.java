package io.healthgate.simulator;

/**
 * The run-up to a scheduled outage: over the {@code overSeconds} before the outage starts, extra
 * first-byte latency rises linearly from 0 to {@code toLatencyMs} and the share of calls failing
 * with the outage's fault rises from 0 to {@code toErrorRate}. Times are multiplied by the
 * scenario's {@code time_scale}; the latency is too, as every latency is.
 */
public record Ramp(double overSeconds, long toLatencyMs, double toErrorRate) {
    public Ramp {
        if (!(overSeconds > 0) || Double.isInfinite(overSeconds)) {
            throw new IllegalArgumentException("ramp over_seconds must be > 0, got " + overSeconds);
        }
        if (toLatencyMs < 0) {
            throw new IllegalArgumentException("ramp to_latency_ms must be >= 0, got " + toLatencyMs);
        }
        if (!(toErrorRate >= 0 && toErrorRate <= 1)) {
            throw new IllegalArgumentException("ramp to_error_rate must be between 0 and 1, got " + toErrorRate);
        }
    }
}
