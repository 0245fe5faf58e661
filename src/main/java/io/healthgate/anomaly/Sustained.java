package io.healthgate.anomaly;

import java.time.Duration;
import java.time.Instant;

/**
 * Debounces one drift condition: it counts once it has held for the sustain time over at least
 * {@link DriftSettings#MIN_HITS} samples, and stops counting once it has been false for the
 * sustain time (hysteresis, so a drift hovering at its threshold does not flap). Not thread-safe.
 */
final class Sustained {
    private Instant since;
    private int hits;
    private Instant clearSince;
    private boolean active;

    void observe(boolean holds, Instant at, Duration sustain) {
        if (holds) {
            clearSince = null;
            if (since == null) {
                since = at;
                hits = 0;
            }
            hits++;
            active = active || due(at, sustain);
            return;
        }
        if (active) {
            if (clearSince == null) {
                clearSince = at;
            }
            if (!Duration.between(clearSince, at).minus(sustain).isNegative()) {
                reset();
            }
        } else {
            reset();
        }
    }

    /** True when the drift counts at {@code now}. */
    boolean activeAt(Instant now, Duration sustain) {
        if (clearSince != null && !Duration.between(clearSince, now).minus(sustain).isNegative()) {
            return false;
        }
        return active || (clearSince == null && due(now, sustain));
    }

    Instant since() {
        return since;
    }

    private boolean due(Instant at, Duration sustain) {
        return since != null && hits >= DriftSettings.MIN_HITS && !Duration.between(since, at).minus(sustain).isNegative();
    }

    private void reset() {
        since = null;
        hits = 0;
        clearSince = null;
        active = false;
    }
}
