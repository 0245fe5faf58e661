package io.healthgate.health;

import io.healthgate.catalog.OfferId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes health behind, off the request path. {@link #onOutcome} only adds to an in-memory delta
 * per offer (calls, successes, errors, not_found, newest times); {@link #flush()} runs on the
 * writer's own executor every {@code flushInterval} and sends the deltas, with each offer's
 * latest status from the engine's snapshot, to the {@link HealthStore} in one batch. A store
 * that throws never breaks the engine: the deltas are kept and merged with newer ones, the next
 * flush retries, and the failure is logged once per streak (the mechanism is {@link WriteBehind}).
 * {@link #writeSnapshots()} writes
 * system and gateway totals every {@code systemSnapshotInterval}, per-offer rows every
 * {@code offerSnapshotInterval}, and prunes snapshots older than {@code retention} hourly.
 */
public final class HealthWriter implements OutcomeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthWriter.class);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    /** The default bound of offers with unwritten deltas (one entry per offer: the catalog bounds it first). */
    public static final int MAX_PENDING_OFFERS = 1_000_000;

    private final HealthEngine engine;
    private final HealthStore store;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final HealthSettings settings;
    /** Offer deltas not yet in the store; one entry per offer, so the bound is reached only when it is below the catalog's size. */
    private final WriteBehind<OfferId, Delta> pending;
    private final Map<OfferId, OfferStatus> lastWritten = new HashMap<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private long snapshotRowsDropped;
    private Instant nextSystemAt = Instant.MIN;
    private Instant nextOfferAt = Instant.MIN;
    private Instant nextPruneAt = Instant.MIN;

    /**
     * @param executor the writer's own executor (store calls may block on JDBC); not owned
     */
    public HealthWriter(HealthEngine engine, HealthStore store, ScheduledExecutorService executor) {
        this(engine, store, executor, MAX_PENDING_OFFERS);
    }

    /**
     * @param maxPendingOffers the most offers with deltas kept while the store is down
     *     ({@code storage.replay_buffer_max}); updates of further offers are dropped and counted
     */
    public HealthWriter(HealthEngine engine, HealthStore store, ScheduledExecutorService executor, int maxPendingOffers) {
        this.pending = new WriteBehind<>("health", maxPendingOffers, Delta::new, Delta::absorb);
        this.engine = Objects.requireNonNull(engine, "engine");
        this.store = Objects.requireNonNull(store, "store");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = engine.clock();
        this.settings = engine.settings();
    }

    /**
     * Loads stored offer rows into the engine so status survives a restart. A store that fails
     * here is logged and the engine starts without history; it never stops startup.
     */
    public synchronized int restore() {
        try {
            List<HealthStore.OfferRecord> rows = store.loadOffers();
            engine.restore(rows);
            rows.forEach(r -> lastWritten.put(r.offer(), r.status()));
            return rows.size();
        } catch (RuntimeException e) {
            log.warn("could not restore health from the store, starting without history: {}", e.toString());
            return 0;
        }
    }

    /**
     * Restores a store that connected late, while traffic already flows: only offers with no
     * evidence since start take their stored rows; the others keep their live evidence, and their
     * buffered deltas are added to the stored counters by the next flush.
     */
    public synchronized int restoreLate() {
        try {
            List<HealthStore.OfferRecord> rows = store.loadOffers();
            int n = engine.restoreUnobserved(rows);
            rows.forEach(r -> lastWritten.putIfAbsent(r.offer(), r.status()));
            return n;
        } catch (RuntimeException e) {
            log.warn("could not restore health from the store that came back: {}", e.toString());
            return 0;
        }
    }

    /** Schedules flushes and snapshot writes on the writer's executor. */
    public synchronized void start() {
        long flushMs = settings.flushInterval().toMillis();
        long snapMs = settings.systemSnapshotInterval().toMillis();
        tasks.add(executor.scheduleWithFixedDelay(this::flushQuietly, flushMs, flushMs, TimeUnit.MILLISECONDS));
        tasks.add(executor.scheduleWithFixedDelay(this::snapshotsQuietly, snapMs, snapMs, TimeUnit.MILLISECONDS));
    }

    @Override
    public void onOutcome(Outcome o) {
        Instant now = clock.instant();
        pending.add(o.offer(), d -> d.add(o, now));
    }

    /**
     * Sends pending deltas (and status changes) to the store in one batch. Called by the
     * executor; tests call it directly.
     *
     * @return false when the store failed (the deltas are kept for the next flush)
     */
    public synchronized boolean flush() {
        return pending.flush(id -> true, taken -> {
            Instant now = clock.instant();
            HealthSnapshot snap = engine.snapshot();
            for (HealthSnapshot.OfferHealth h : snap.offers().values()) {
                OfferStatus written = lastWritten.get(h.offer());
                if (!taken.containsKey(h.offer()) && written != null && written != h.status()) {
                    taken.put(h.offer(), new Delta()); // status moved with no new outcome (e.g. evidence went stale)
                }
            }
            if (taken.isEmpty()) {
                return false;
            }
            List<HealthStore.OfferUpdate> updates = new ArrayList<>(taken.size());
            taken.forEach((id, d) -> snap.offer(id).ifPresent(h -> updates.add(d.toUpdate(h, now))));
            store.applyOfferUpdates(updates);
            updates.forEach(u -> lastWritten.put(u.offer(), u.status()));
            return true;
        });
    }

    /** Writes whichever snapshots are due at the current time; prunes old ones hourly. */
    public synchronized void writeSnapshots() {
        Instant now = clock.instant();
        HealthSnapshot snap = engine.snapshot();
        // Every batch due now is built first, so a failure can say how many rows it dropped.
        Optional<HealthStore.SystemSnapshot> system = Optional.empty();
        List<HealthStore.GatewaySnapshot> gws = List.of();
        List<HealthStore.OfferSnapshot> rows = List.of();
        if (!now.isBefore(nextSystemAt)) {
            nextSystemAt = now.plus(settings.systemSnapshotInterval());
            HealthSnapshot.SystemHealth s = snap.system();
            // No known status yet: the health percentage is undefined, and writing 0 would lie.
            if (s.healthPercentage().isPresent()) {
                system = Optional.of(new HealthStore.SystemSnapshot(now, s.healthPercentage().get(),
                        s.offerCoveragePercentage().orElse(0.0), s.healthyModels(), s.unhealthyModels(), s.trackedModels(),
                        s.catalogModels(), s.healthyGateways(), s.totalGateways()));
            }
            gws = new ArrayList<>();
            for (HealthSnapshot.GatewayHealth g : snap.gateways().values()) {
                gws.add(new HealthStore.GatewaySnapshot(now, g.gateway(), g.status(), g.healthyOffers(), g.totalOffers(),
                        g.errorRate().orElse(0.0), g.latencyP50()));
            }
        }
        if (!now.isBefore(nextOfferAt)) {
            nextOfferAt = now.plus(settings.offerSnapshotInterval());
            rows = new ArrayList<>();
            for (HealthSnapshot.OfferHealth h : snap.offers().values()) {
                if (h.status().isKnownConfigured()) { // unknown is not downtime; unconfigured is not the model's
                    rows.add(new HealthStore.OfferSnapshot(now, h.offer(), h.status(), h.successRate().orElse(0.0), h.calls()));
                }
            }
        }
        long due = (system.isPresent() ? 1 : 0) + gws.size() + rows.size();
        long written = 0;
        try {
            if (system.isPresent()) {
                store.writeSystemSnapshot(system.get());
                written++;
            }
            if (!gws.isEmpty()) {
                store.writeGatewaySnapshots(gws);
                written += gws.size();
            }
            if (!rows.isEmpty()) {
                store.writeOfferSnapshots(rows);
                written += rows.size();
            }
            if (!now.isBefore(nextPruneAt)) {
                nextPruneAt = now.plus(PRUNE_EVERY);
                int removed = store.pruneSnapshotsBefore(now.minus(settings.retention()));
                if (removed > 0) {
                    log.info("pruned {} health snapshots older than {} days", removed, settings.retention().toDays());
                }
            }
            pending.recovered();
        } catch (RuntimeException e) {
            long dropped = due - written;
            snapshotRowsDropped += dropped;
            pending.failed("snapshot write (" + dropped + " rows dropped, " + snapshotRowsDropped + " in all since start)", e);
        }
    }

    /**
     * Snapshot rows (history for charts and SLA reports) dropped because the store failed when
     * they were due. Offer counters are never dropped: their deltas are kept, one per offer (so the
     * buffer is bounded by the catalog), and merged until a flush works.
     */
    public synchronized long snapshotRowsDropped() {
        return snapshotRowsDropped;
    }

    /** Consecutive failed store calls (0 when the last one worked). */
    public int failureStreak() {
        return pending.failureStreak();
    }

    /** Offers with deltas not yet in the store. */
    public int pendingOffers() {
        return pending.pending();
    }

    /** Outcome updates dropped because the buffer was full (counts the store will never have). */
    public long droppedUpdates() {
        return pending.lost();
    }

    /** Stops the schedule and makes one last flush (on the calling thread: shutdown only). */
    @Override
    public synchronized void close() {
        tasks.forEach(t -> t.cancel(false));
        tasks.clear();
        flush();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("health flush failed unexpectedly: {}", e.toString());
        }
    }

    private void snapshotsQuietly() {
        try {
            writeSnapshots();
        } catch (RuntimeException e) {
            log.warn("health snapshot write failed unexpectedly: {}", e.toString());
        }
    }

    /** One offer's change since the last flush. Mutated only inside map compute/merge, so never concurrently. */
    private static final class Delta {
        long calls;
        long successes;
        long errors;
        long notFound;
        Instant lastCalled;
        Instant lastSuccess;
        Instant lastFailure;
        Instant lastNotFound;
        OutcomeClass lastOutcome;

        void add(Outcome o, Instant now) {
            OutcomeClass c = o.outcomeClass();
            calls++;
            lastCalled = now;
            lastOutcome = c;
            if (c == OutcomeClass.SUCCESS) {
                successes++;
                lastSuccess = now;
            } else if (c.countsAgainstOffer()) {
                errors++;
                lastFailure = now;
            } else if (c == OutcomeClass.NOT_FOUND) {
                notFound++;
                lastNotFound = now;
            }
        }

        /** Adds a newer delta into this older one. */
        Delta absorb(Delta newer) {
            calls += newer.calls;
            successes += newer.successes;
            errors += newer.errors;
            notFound += newer.notFound;
            lastCalled = newer.lastCalled != null ? newer.lastCalled : lastCalled;
            lastSuccess = newer.lastSuccess != null ? newer.lastSuccess : lastSuccess;
            lastFailure = newer.lastFailure != null ? newer.lastFailure : lastFailure;
            lastNotFound = newer.lastNotFound != null ? newer.lastNotFound : lastNotFound;
            lastOutcome = newer.lastOutcome != null ? newer.lastOutcome : lastOutcome;
            return this;
        }

        HealthStore.OfferUpdate toUpdate(HealthSnapshot.OfferHealth h, Instant now) {
            return new HealthStore.OfferUpdate(h.offer(), h.provider(), h.upstreamModel(), h.status(), Optional.of(h.tier()),
                    calls, successes, errors, notFound, h.consecutiveFailures(),
                    Optional.ofNullable(lastCalled), Optional.ofNullable(lastSuccess), Optional.ofNullable(lastFailure),
                    Optional.ofNullable(lastNotFound), Optional.ofNullable(lastOutcome), h.lastError(),
                    h.latencyP50(), h.latencyP95(), now);
        }
    }
}
