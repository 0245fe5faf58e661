package io.healthgate.cleanup;

import io.healthgate.catalog.Catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One cleanup run over the store: load every offer row, apply {@link CleanupRules} against the
 * current catalog, and in live mode remove the candidates (one transaction, logged per row).
 * Blocks on the store: run it on a worker or virtual thread.
 */
public final class Cleanup {
    private final CleanupRepository repository;
    private final CleanupRules rules;
    private final CleanupSettings settings;
    private final Clock clock;

    public Cleanup(CleanupRepository repository, CleanupSettings settings, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.rules = new CleanupRules(settings);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public CleanupReport run(Catalog catalog, CleanupMode mode) {
        Objects.requireNonNull(catalog, "catalog");
        Instant now = clock.instant();
        List<CleanupCandidate> candidates = rules.candidates(repository.loadOffers(), catalog, now);
        // The guard is checked again inside the delete: live traffic may have succeeded since we read.
        int removed = mode == CleanupMode.LIVE && !candidates.isEmpty()
                ? repository.removeAndLog(candidates, now, now.minus(settings.recentSuccessGuard()))
                : 0;
        return new CleanupReport(mode, now, candidates, removed);
    }
}
