package io.healthgate.sla;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.LatencyHistogram;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.health.OutcomeListener;
import io.healthgate.health.WriteBehind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Records every outcome into the stored history, behind the request path. {@link #onOutcome}
 * only adds the outcome to its minute's in-memory bucket (per offer and source);
 * {@link #flush()}, on the writer's own executor, appends the buckets of minutes that have ended
 * in one batch, through the same {@link WriteBehind} mechanism as offer health (kept and retried
 * when the store fails, bounded, logged once per streak). Buckets older than the retention are
 * pruned hourly. {@link #close()} writes the minute in progress too (a later row for the same
 * minute is added to it by readers).
 */
public final class HistoryRecorder implements OutcomeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryRecorder.class);
    static final Duration PRUNE_EVERY = Duration.ofHours(1);
    /** At most this many offer-minutes wait in memory while the store is down (about four hours of 1,000 offers busy on both sources). */
    static final int MAX_PENDING_BUCKETS = 500_000;

    private final OutcomeHistory history;
    private final Supplier<Catalog> catalog;
    private final Clock clock;
    private final Duration retention;
    private final WriteBehind<Key, Accumulator> pending;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private Instant nextPruneAt = Instant.MIN;

    /**
     * @param catalog the catalog served now (for each offer's provider)
     * @param retention buckets older than this are pruned
     */
    public HistoryRecorder(OutcomeHistory history, Supplier<Catalog> catalog, Clock clock, Duration retention) {
        this(history, catalog, clock, retention, MAX_PENDING_BUCKETS);
    }

    /** @param maxPendingBuckets the most offer-minutes kept while the store is down ({@code storage.replay_buffer_max}) */
    public HistoryRecorder(OutcomeHistory history, Supplier<Catalog> catalog, Clock clock, Duration retention, int maxPendingBuckets) {
        this.pending = new WriteBehind<>("outcome history", maxPendingBuckets, Accumulator::new, Accumulator::absorb);
        this.history = Objects.requireNonNull(history, "history");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("history retention must be positive, got " + retention);
        }
    }

    /**
     * Schedules flushes every {@code every} (the health writer's flush interval: a minute is in
     * the store that long after it ended) and the hourly prune, on the writer's executor, which
     * it does not own.
     */
    public synchronized void start(ScheduledExecutorService executor, Duration every) {
        long ms = Math.max(1, every.toMillis());
        tasks.add(executor.scheduleWithFixedDelay(() -> {
            try {
                flush();
                prune();
            } catch (RuntimeException e) {
                log.warn("outcome history write failed unexpectedly: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS));
    }

    /** Quick and non-blocking: safe on an event loop. */
    @Override
    public void onOutcome(Outcome o) {
        Key key = new Key(o.offer(), DetectionSource.of(o.source()), o.at().truncatedTo(ChronoUnit.MINUTES));
        pending.add(key, a -> a.add(o));
    }

    /** Appends the buckets of every minute that has ended; false when the store failed (they stay pending). */
    public boolean flush() {
        Instant current = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        return write(k -> k.minute.isBefore(current));
    }

    /** Prunes buckets older than the retention, at most hourly. */
    public synchronized void prune() {
        Instant now = clock.instant();
        if (now.isBefore(nextPruneAt)) {
            return;
        }
        nextPruneAt = now.plus(PRUNE_EVERY);
        try {
            int removed = history.pruneBefore(now.minus(retention));
            if (removed > 0) {
                log.info("pruned {} outcome history rows older than {} days", removed, retention.toDays());
            }
            pending.recovered();
        } catch (RuntimeException e) {
            pending.failed("prune", e);
        }
    }

    /** Offer-minutes not yet in the store. */
    public int pendingBuckets() {
        return pending.pending();
    }

    /** Consecutive failed store calls (0 when the last one worked). */
    public int failureStreak() {
        return pending.failureStreak();
    }

    /** Outcome updates dropped because the buffer of offer-minutes was full while the store was down. */
    public long lostBuckets() {
        return pending.lost();
    }

    /** Stops the schedule and writes everything pending, the current minute included (shutdown only). */
    @Override
    public synchronized void close() {
        tasks.forEach(t -> t.cancel(false));
        tasks.clear();
        write(k -> true);
    }

    private boolean write(java.util.function.Predicate<Key> due) {
        return pending.flush(due, taken -> {
            if (taken.isEmpty()) {
                return false;
            }
            Catalog c = catalog.get();
            List<OutcomeBucket> rows = new ArrayList<>(taken.size());
            taken.forEach((k, a) -> rows.add(a.toBucket(k, c.model(k.offer.model()).map(m -> m.provider()).orElse(""))));
            rows.sort(java.util.Comparator.comparing(OutcomeBucket::minute).thenComparing(OutcomeBucket::offer));
            history.append(rows);
            return true;
        });
    }

    private record Key(OfferId offer, DetectionSource source, Instant minute) {
    }

    /** One offer-minute-source in memory. Mutated only inside the write-behind map's compute/merge. */
    private static final class Accumulator {
        final long[] counts = new long[OutcomeClass.values().length];
        final long[] ttfb = new long[LatencyHistogram.BINS];
        final long[] total = new long[LatencyHistogram.BINS];
        long ttfbSumMs;
        long totalSumMs;
        Instant firstFailure;

        void add(Outcome o) {
            OutcomeClass c = o.outcomeClass();
            counts[c.ordinal()]++;
            if (c == OutcomeClass.SUCCESS) {
                // Latency of successful calls only: how long a failure took is not service latency.
                o.timeToFirstByte().ifPresent(d -> {
                    ttfb[LatencyHistogram.bin(d)]++;
                    ttfbSumMs += d.toMillis();
                });
                total[LatencyHistogram.bin(o.total())]++;
                totalSumMs += o.total().toMillis();
            } else if (c.countsAgainstOffer() && (firstFailure == null || o.at().isBefore(firstFailure))) {
                firstFailure = o.at();
            }
        }

        /** Adds a newer accumulator into this older one. */
        Accumulator absorb(Accumulator newer) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += newer.counts[i];
            }
            for (int i = 0; i < ttfb.length; i++) {
                ttfb[i] += newer.ttfb[i];
                total[i] += newer.total[i];
            }
            ttfbSumMs += newer.ttfbSumMs;
            totalSumMs += newer.totalSumMs;
            if (newer.firstFailure != null && (firstFailure == null || newer.firstFailure.isBefore(firstFailure))) {
                firstFailure = newer.firstFailure;
            }
            return this;
        }

        OutcomeBucket toBucket(Key k, String provider) {
            return new OutcomeBucket(k.minute, k.offer, provider, k.source, counts, ttfb, ttfbSumMs, total, totalSumMs,
                    Optional.ofNullable(firstFailure));
        }
    }
}
