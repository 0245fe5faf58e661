package io.healthgate.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The write-behind mechanism shared by everything that persists what the request path produced
 * (offer health deltas, the outcome history): callers add to an in-memory pending value per key
 * (quick, lock-free between keys, safe on an event loop); a flush, run on the writer's own thread,
 * takes the due entries and hands them to the store in one batch.
 *
 * <p>Rules:
 * <ul>
 *   <li>A batch that throws is not lost: its entries are merged back under newer ones
 *       ({@code absorb(older, newer)}) and the next flush retries them.</li>
 *   <li>Pending entries are bounded ({@code maxPending}, {@code storage.replay_buffer_max}): when a
 *       failing store lets them grow past it, updates of new keys are refused and counted in
 *       {@link #lost()}, so a long database outage costs history, never memory. The first refusal
 *       of a streak is logged (a warning: counts are being lost), and the streak's total when a
 *       flush works again.</li>
 *   <li>A failing store is logged once per streak of failures, and once when it works again.</li>
 * </ul>
 *
 * @param <K> what pending values are grouped by (an offer, an offer's minute)
 * @param <V> a mutable accumulator; mutated only inside this map's compute/merge, so never concurrently
 */
public final class WriteBehind<K, V> {
    private static final Logger log = LoggerFactory.getLogger(WriteBehind.class);

    private final String name;
    private final int maxPending;
    private final Supplier<V> empty;
    private final BinaryOperator<V> absorb;
    private final ConcurrentHashMap<K, V> pending = new ConcurrentHashMap<>();
    private final AtomicLong lost = new AtomicLong();
    /** {@link #lost} when the last loss streak was reported; a loss past it starts a new streak. */
    private final AtomicLong lostReported = new AtomicLong();
    private int failureStreak;

    /**
     * @param name what is written, for the log ("health", "outcome history")
     * @param empty a new, empty accumulator
     * @param absorb merges a newer accumulator into an older one and returns the result
     */
    public WriteBehind(String name, int maxPending, Supplier<V> empty, BinaryOperator<V> absorb) {
        this.name = Objects.requireNonNull(name, "name");
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be >= 1, got " + maxPending);
        }
        this.maxPending = maxPending;
        this.empty = Objects.requireNonNull(empty, "empty");
        this.absorb = Objects.requireNonNull(absorb, "absorb");
    }

    /** Adds to the pending value of {@code key}; refused (and counted lost) when the buffer is full with other keys. */
    public void add(K key, Consumer<V> update) {
        if (pending.size() >= maxPending && !pending.containsKey(key)) {
            long n = lost.incrementAndGet();
            if (n == lostReported.get() + 1) { // the first loss since the last report: say so once, not per update
                log.warn("{} write-behind buffer full ({} entries, storage.replay_buffer_max): dropping updates the store "
                        + "will never have; counted in healthgate_store_writes_dropped_total", name, maxPending);
            }
            return;
        }
        pending.compute(key, (k, v) -> {
            V x = v == null ? empty.get() : v;
            update.accept(x);
            return x;
        });
    }

    /**
     * A batch writer: gets the taken entries, may add entries of its own (kept with them if the
     * batch fails), throws on failure, and says whether it wrote anything (an empty flush proves
     * nothing about the store).
     */
    @FunctionalInterface
    public interface Batch<K, V> {
        boolean write(Map<K, V> taken);
    }

    /**
     * Takes the pending entries whose key is {@code due} and writes them in one batch. Call from
     * one thread at a time (the writer's).
     *
     * @return false when the batch failed (its entries are pending again)
     */
    public synchronized boolean flush(Predicate<K> due, Batch<K, V> batch) {
        Map<K, V> taken = new HashMap<>();
        for (K key : List.copyOf(pending.keySet())) {
            if (due.test(key)) {
                pending.computeIfPresent(key, (k, v) -> {
                    taken.put(k, v);
                    return null;
                });
            }
        }
        boolean wrote;
        try {
            wrote = batch.write(taken);
        } catch (RuntimeException e) {
            taken.forEach((k, v) -> pending.merge(k, v, (newer, older) -> absorb.apply(older, newer)));
            failed("write of " + taken.size() + " entries", e);
            return false;
        }
        if (wrote) {
            recovered();
        }
        long dropped = lost.get();
        long before = lostReported.getAndSet(dropped);
        if (dropped > before) {
            log.warn("{} write-behind: {} updates were dropped while the buffer was full ({} in all since start)",
                    name, dropped - before, dropped);
        }
        return true;
    }

    /** Reports a failure of other work on the same store (so one streak is logged once). */
    public synchronized void failed(String what, RuntimeException e) {
        if (failureStreak++ == 0) {
            log.warn("health store failed ({} {}): {}; keeping the data in memory and retrying", name, what, e.toString());
        }
    }

    /** Reports that other work on the same store succeeded. */
    public synchronized void recovered() {
        if (failureStreak > 0) {
            log.info("health store works again after {} failed attempts ({})", failureStreak, name);
            failureStreak = 0;
        }
    }

    /** Consecutive failed store calls (0 when the last one worked). */
    public synchronized int failureStreak() {
        return failureStreak;
    }

    /** Keys with data not yet in the store. */
    public int pending() {
        return pending.size();
    }

    /** Updates refused because the buffer was full. */
    public long lost() {
        return lost.get();
    }
}
