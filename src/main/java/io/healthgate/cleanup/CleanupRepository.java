package io.healthgate.cleanup;

import io.healthgate.health.HealthStore.OfferRecord;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What cleanup needs from the store. Implemented by {@code store} on {@code offer_health} and
 * {@code cleanup_log}. Every method blocks on I/O.
 */
public interface CleanupRepository {

    /** Every stored offer row. */
    List<OfferRecord> loadOffers();

    /**
     * In one transaction: deletes the candidates' offer rows and writes one cleanup log entry per
     * row actually deleted (mode {@code live}). A row that is already gone, or whose last success
     * is after {@code keepIfSucceededAfter} (it worked again since the candidates were judged), is
     * kept and not logged. Returns how many rows were deleted; nothing changes when anything fails.
     */
    int removeAndLog(List<CleanupCandidate> candidates, Instant removedAt, Instant keepIfSucceededAfter);

    /** The newest {@code limit} cleanup log entries, newest first. */
    List<LogEntry> recentLog(int limit);

    /** One removed offer, as logged. */
    record LogEntry(long id, String gateway, String model, String upstreamModel, String reason,
                    Optional<Instant> lastCalled, long calls, long errors, Instant removedAt, CleanupMode mode) {
        public LogEntry {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(removedAt, "removedAt");
            Objects.requireNonNull(mode, "mode");
            lastCalled = lastCalled == null ? Optional.empty() : lastCalled;
        }
    }
}
