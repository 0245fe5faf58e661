package io.healthgate.support;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.HealthStore;
import io.healthgate.health.OfferStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link HealthStore} in memory, with the JDBC store's semantics (counters are increments,
 * other fields overwrite when present) and a switch that makes every call throw, to test that a
 * broken store never breaks the engine.
 */
public class InMemoryHealthStore implements HealthStore {
    private final Map<OfferId, HealthStore.OfferRecord> offers = new LinkedHashMap<>();
    private final List<SystemSnapshot> system = new ArrayList<>();
    private final List<GatewaySnapshot> gateways = new ArrayList<>();
    private final List<OfferSnapshot> offerSnapshots = new ArrayList<>();
    private volatile boolean failing;
    private final AtomicInteger failedCalls = new AtomicInteger();
    private final AtomicInteger applyCalls = new AtomicInteger();

    /** While true, every call throws as a database that went away would. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    public int failedCalls() {
        return failedCalls.get();
    }

    public int applyCalls() {
        return applyCalls.get();
    }

    private void check() {
        if (failing) {
            failedCalls.incrementAndGet();
            throw new IllegalStateException("store unavailable (test)");
        }
    }

    @Override
    public synchronized void applyOfferUpdates(List<OfferUpdate> updates) {
        check();
        applyCalls.incrementAndGet();
        for (OfferUpdate u : updates) {
            OfferRecord old = offers.get(u.offer());
            Instant created = old == null ? u.updatedAt() : old.createdAt();
            Optional<Instant> firstNotFound = old == null ? Optional.empty() : old.firstNotFound();
            if (firstNotFound.isEmpty() && u.lastNotFound().isPresent()) {
                firstNotFound = u.lastNotFound();
            }
            offers.put(u.offer(), new OfferRecord(u.offer(), u.provider(), u.upstreamModel(), u.status(),
                    u.tier().or(() -> old == null ? Optional.empty() : old.tier()),
                    (old == null ? 0 : old.callCount()) + u.callsDelta(),
                    (old == null ? 0 : old.successCount()) + u.successesDelta(),
                    (old == null ? 0 : old.errorCount()) + u.errorsDelta(),
                    (old == null ? 0 : old.notFoundCount()) + u.notFoundDelta(),
                    u.consecutiveFailures(),
                    u.lastCalled().or(() -> old == null ? Optional.empty() : old.lastCalled()),
                    u.lastSuccess().or(() -> old == null ? Optional.empty() : old.lastSuccess()),
                    u.lastFailure().or(() -> old == null ? Optional.empty() : old.lastFailure()),
                    firstNotFound,
                    u.lastNotFound().or(() -> old == null ? Optional.empty() : old.lastNotFound()),
                    u.lastOutcome().or(() -> old == null ? Optional.empty() : old.lastOutcome()),
                    u.lastError() != null ? u.lastError() : old == null ? "" : old.lastError(),
                    u.latencyP50().or(() -> old == null ? Optional.empty() : old.latencyP50()),
                    u.latencyP95().or(() -> old == null ? Optional.empty() : old.latencyP95()),
                    created, u.updatedAt()));
        }
    }

    @Override
    public synchronized List<OfferRecord> loadOffers() {
        check();
        return List.copyOf(offers.values());
    }

    public synchronized Optional<OfferRecord> offer(OfferId id) {
        return Optional.ofNullable(offers.get(id));
    }

    @Override
    public synchronized int deleteOffers(List<OfferId> ids) {
        check();
        int n = 0;
        for (OfferId id : ids) {
            if (offers.remove(id) != null) {
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized void writeSystemSnapshot(SystemSnapshot snapshot) {
        check();
        system.add(snapshot);
    }

    @Override
    public synchronized void writeGatewaySnapshots(List<GatewaySnapshot> snapshots) {
        check();
        gateways.addAll(snapshots);
    }

    @Override
    public synchronized void writeOfferSnapshots(List<OfferSnapshot> snapshots) {
        check();
        offerSnapshots.addAll(snapshots);
    }

    @Override
    public synchronized List<SystemSnapshot> systemSnapshots(Instant from, Instant to) {
        check();
        return system.stream().filter(s -> !s.at().isBefore(from) && s.at().isBefore(to)).toList();
    }

    @Override
    public synchronized List<GatewaySnapshot> gatewaySnapshots(Instant from, Instant to) {
        check();
        return gateways.stream().filter(s -> !s.at().isBefore(from) && s.at().isBefore(to)).toList();
    }

    public synchronized List<OfferSnapshot> offerSnapshots() {
        return List.copyOf(offerSnapshots);
    }

    @Override
    public synchronized Map<OfferId, Double> uptime(String model, Instant from, Instant to) {
        check();
        Map<OfferId, int[]> counts = new HashMap<>();
        for (OfferSnapshot s : offerSnapshots) {
            if (s.offer().model().equals(model) && !s.at().isBefore(from) && s.at().isBefore(to)) {
                int[] c = counts.computeIfAbsent(s.offer(), k -> new int[2]);
                c[1]++;
                if (s.status() == OfferStatus.HEALTHY || s.status() == OfferStatus.DEGRADED) {
                    c[0]++;
                }
            }
        }
        Map<OfferId, Double> out = new HashMap<>();
        counts.forEach((k, c) -> out.put(k, (double) c[0] / c[1]));
        return out;
    }

    @Override
    public synchronized int pruneSnapshotsBefore(Instant cutoff) {
        check();
        int before = system.size() + gateways.size() + offerSnapshots.size();
        system.removeIf(s -> s.at().isBefore(cutoff));
        gateways.removeIf(s -> s.at().isBefore(cutoff));
        offerSnapshots.removeIf(s -> s.at().isBefore(cutoff));
        return before - (system.size() + gateways.size() + offerSnapshots.size());
    }

    @Override
    public boolean isReachable() {
        return !failing;
    }

    @Override
    public void close() {
    }

    /** Everything stored, for assertions. */
    public synchronized Collection<OfferRecord> offers() {
        return List.copyOf(offers.values());
    }
}
