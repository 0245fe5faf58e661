package io.healthgate.cleanup;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The result of one cleanup run: what qualified, and how many rows were removed (0 in a dry run). */
public record CleanupReport(CleanupMode mode, Instant at, List<CleanupCandidate> candidates, int removed) {
    public CleanupReport {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(at, "at");
        candidates = List.copyOf(candidates);
        if (mode == CleanupMode.DRY_RUN && removed != 0) {
            throw new IllegalArgumentException("a dry run removes nothing, got removed=" + removed);
        }
    }

    /** How many candidates each reason has, in rule order, reasons with none left out. */
    public Map<CleanupReason, Integer> countByReason() {
        Map<CleanupReason, Integer> m = new EnumMap<>(CleanupReason.class);
        for (CleanupCandidate c : candidates) {
            m.merge(c.reason(), 1, Integer::sum);
        }
        return m;
    }
}
