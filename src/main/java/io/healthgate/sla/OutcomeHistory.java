package io.healthgate.sla;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The stored outcome history: per-minute buckets of every offer's outcomes, the source of SLA
 * reports and success metrics. Implemented by {@code store} (SQLite or PostgreSQL). Every method
 * blocks on I/O: call it from a writer or worker thread, never from an event loop.
 */
public interface OutcomeHistory {

    /** Appends buckets in one transaction (all or nothing, so a failed batch may be retried). */
    void append(List<OutcomeBucket> buckets);

    /**
     * Feeds every stored bucket with {@code from <= minute < to} (optionally of one gateway) to
     * {@code sink}, ordered by minute, gateway, model and source; rows are streamed, not
     * collected, so a month of history never has to fit in memory at once.
     */
    void scan(Instant from, Instant to, Optional<String> gateway, Consumer<OutcomeBucket> sink);

    /** Deletes buckets of minutes before the cutoff; returns how many rows went. */
    int pruneBefore(Instant cutoff);
}
