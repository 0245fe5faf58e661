package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The health engine: every outcome, live or probe, feeds its offer's rolling window at once;
 * status follows {@link StatusRules}; an immutable {@link HealthSnapshot} is rebuilt on change (at
 * most every {@code snapshotMinInterval}, at least every {@code snapshotMaxAge}, since time alone
 * makes evidence stale) and read lock-free through {@link #snapshot()}.
 *
 * <p>{@link #onOutcome} is safe to call from any number of threads (event loops included): it
 * takes one per-offer lock for a few field updates and never blocks on I/O.
 *
 * <p>Wiring: subscribe it to the {@link OutcomeBus}; call {@link #start} with a scheduler (or call
 * {@link #refresh()} periodically); call {@link #restore} with the store's rows before traffic.
 */
public final class HealthEngine implements OutcomeListener {
    private static final Logger log = LoggerFactory.getLogger(HealthEngine.class);

    private final Clock clock;
    private final HealthSettings settings;
    private volatile Fleet fleet;
    private volatile CircuitView circuitView = CircuitView.NONE;
    private final ConcurrentHashMap<OfferId, OfferState> offers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, GatewayState> gateways = new ConcurrentHashMap<>();
    private final TrafficTiers tiers = new TrafficTiers();
    private final ProbeLedger ledger = new ProbeLedger();
    private final ProbeLedger canaryLedger = new ProbeLedger();
    private final PeerStatuses peers = new PeerStatuses();
    private final AtomicReference<HealthSnapshot> snapshot = new AtomicReference<>();
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final ReentrantLock rebuildLock = new ReentrantLock();
    private volatile Instant lastBuilt = Instant.MIN;
    private volatile Instant lastTierEvaluation;
    private Instant lastCountLog = Instant.MIN;
    private final Instant started;

    /** The catalog and which of its gateways have a key, replaced together on reload. */
    private record Fleet(Catalog catalog, Set<String> configured) {
    }

    /**
     * @param configuredGateways names of the gateways whose key env var is set; every other
     *     gateway's offers are {@code unconfigured}
     */
    public HealthEngine(Catalog catalog, Set<String> configuredGateways, HealthSettings settings, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.fleet = new Fleet(Objects.requireNonNull(catalog, "catalog"), Set.copyOf(configuredGateways));
        this.lastTierEvaluation = clock.instant();
        this.started = clock.instant();
        rebuild();
    }

    /** Lets routing report open circuits; those offers read {@code unhealthy}. */
    public HealthEngine circuitView(CircuitView view) {
        this.circuitView = view == null ? CircuitView.NONE : view;
        dirty.set(true);
        return this;
    }

    /** Swaps in a reloaded catalog; evidence for offers that remain is kept. */
    public void updateCatalog(Catalog catalog, Set<String> configuredGateways) {
        this.fleet = new Fleet(Objects.requireNonNull(catalog, "catalog"), Set.copyOf(configuredGateways));
        offers.keySet().removeIf(id -> catalog.offer(id).isEmpty());
        peers.retainOnly(id -> catalog.offer(id).isPresent());
        dirty.set(true);
    }

    // ---- what other instances of the fleet saw (applied off the request path) ----

    /**
     * Another instance's probe of an offer: recorded as evidence like one of our own, and counted
     * in probe spend, so spend is the fleet's total and the scheduler here sees the offer as
     * freshly probed. Not counted as traffic.
     */
    public void recordPeerProbe(Outcome o) {
        if (o.source() != Outcome.Source.PROBE || fleet.catalog().offer(o.offer()).isEmpty()) {
            return;
        }
        ledger.recordRequest(o.offer().gateway(), clock.instant());
        ledger.recordTokens(o.offer().gateway(), o.inputTokens() + o.outputTokens());
        onOutcome(o);
    }

    /** Another instance learned that this gateway is rate limited until {@code until}: the fleet waits as one client. */
    public void applyPeerThrottle(String gateway, Instant until) {
        if (fleet.catalog().gateway(gateway).isEmpty()) {
            return;
        }
        gateways.computeIfAbsent(gateway, GatewayState::new).throttleUntil(until, clock.instant());
        dirty.set(true);
    }

    /**
     * Another instance's verdict on an offer; it replaces ours while it is newer than our own
     * evidence and younger than the offer's tier interval (see {@link PeerStatuses}).
     */
    public void applyPeerStatus(OfferId offer, OfferStatus status, String reason, String origin, Instant at) {
        if (fleet.catalog().offer(offer).isEmpty()) {
            return;
        }
        peers.put(offer, new PeerStatuses.Report(status, reason, origin, at));
        dirty.set(true);
    }

    /** True when the offer's status now is another instance's report rather than our own evidence. */
    public boolean statusFromPeer(OfferId id) {
        Instant now = clock.instant();
        OfferState.OfferEvidence e = evidence(id, now);
        StatusRules.GatewayFacts f = facts(id.gateway());
        boolean open = circuitOpen(id);
        Duration interval = settings.tier(tierOf(id)).interval();
        StatusRules.Verdict local = StatusRules.offer(e, f, interval, tierSince(id), open, settings, now);
        return peers.override(id, local, e.lastCounting(), open, interval, now).isPresent();
    }

    @Override
    public void onOutcome(Outcome o) {
        Catalog catalog = fleet.catalog();
        if (catalog.offer(o.offer()).isEmpty()) {
            log.debug("outcome for {} ignored: not an offer in the catalog", o.offer());
            return;
        }
        Instant now = clock.instant();
        OfferState st = offers.computeIfAbsent(o.offer(), id -> new OfferState(id, settings));
        Optional<Throttle> throttle = st.record(o, now);
        boolean switchLimited = catalog.gateway(o.offer().gateway()).map(g -> g.modelSwitchesPerMinute() > 0).orElse(false);
        gateway(o.offer().gateway()).record(o, now, settings, throttle, switchLimited, st.consecutiveFailures());
        if (o.source() == Outcome.Source.LIVE && o.outcomeClass() != OutcomeClass.CANCELLED) {
            tiers.countRequest(o.offer().model());
        }
        dirty.set(true);
    }

    /**
     * A canary found the gateway failing (its models list unreachable, or its tiny completion
     * failed): the gateway is suspect at once, so its offers stop reading healthy on old evidence
     * and are re-probed first.
     */
    public void canaryFailed(String gateway, String reason) {
        if (fleet.catalog().gateway(gateway).isEmpty()) {
            return;
        }
        gateway(gateway).canaryFailed(clock.instant(), reason);
        dirty.set(true);
    }

    /**
     * This offer's share of its model's live counting outcomes in the rolling window (0 when the
     * model has none): how much of the model's traffic rides on it now.
     */
    public double trafficShare(OfferId id) {
        Optional<Model> m = fleet.catalog().model(id.model());
        if (m.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        long mine = 0;
        long all = 0;
        for (Offer o : m.get().offers()) {
            long n = evidence(o.id(), now).window().live();
            all += n;
            if (o.id().equals(id)) {
                mine = n;
            }
        }
        return all == 0 ? 0 : (double) mine / all;
    }

    /** Something outside the outcomes changed what the snapshot shows (a breaker moved). */
    public void evidenceChanged() {
        dirty.set(true);
    }

    /** The rate limits in force now: gateway-wide ones and each offer's own. */
    public java.util.List<Throttle> throttles() {
        Instant now = clock.instant();
        java.util.List<Throttle> out = new java.util.ArrayList<>();
        gateways.values().forEach(g -> g.evidence().throttle().filter(t -> t.activeAt(now)).ifPresent(out::add));
        offers.values().forEach(o -> o.evidence(now).throttle().ifPresent(out::add));
        return out;
    }

    private GatewayState gateway(String name) {
        return gateways.computeIfAbsent(name, GatewayState::new);
    }

    /** The newest snapshot; never blocks, never null. */
    public HealthSnapshot snapshot() {
        return snapshot.get();
    }

    /**
     * The periodic step: re-derives tiers when due and rebuilds the snapshot when something
     * changed (at most every {@code snapshotMinInterval}) or it is older than {@code snapshotMaxAge}.
     *
     * @return true when a new snapshot was built
     */
    public boolean refresh() {
        Instant now = clock.instant();
        if (!now.isBefore(lastTierEvaluation.plus(settings.tierReevaluation()))) {
            reevaluateTiers();
        }
        Duration age = Duration.between(lastBuilt, now);
        boolean due = (dirty.get() && age.compareTo(settings.snapshotMinInterval()) >= 0)
                || age.compareTo(settings.snapshotMaxAge()) >= 0;
        if (!due) {
            return false;
        }
        rebuild();
        return true;
    }

    /** Builds and publishes a snapshot now, whatever the rate limit. */
    public HealthSnapshot rebuild() {
        rebuildLock.lock();
        try {
            dirty.set(false);
            Instant now = clock.instant();
            HealthSnapshot next = SnapshotBuilder.build(this, fleet.catalog(), now);
            snapshot.set(next);
            lastBuilt = now;
            logCounts(next, now);
            return next;
        } finally {
            rebuildLock.unlock();
        }
    }

    /** Re-derives traffic-share tiers now. */
    public void reevaluateTiers() {
        lastTierEvaluation = clock.instant();
        tiers.reevaluate(fleet.catalog().models(), lastTierEvaluation);
        dirty.set(true);
    }

    /**
     * Seeds evidence from stored rows so status survives a restart: counters, consecutive
     * failures, last success/failure (so freshness is judged by the stored times), not_found
     * history (deprecated stays deprecated) and latency baseline. Rows for offers no longer in
     * the catalog are ignored. Call before traffic flows.
     */
    public void restore(List<HealthStore.OfferRecord> records) {
        Catalog catalog = fleet.catalog();
        int n = 0;
        for (HealthStore.OfferRecord r : records) {
            if (catalog.offer(r.offer()).isEmpty()) {
                continue;
            }
            offers.computeIfAbsent(r.offer(), id -> new OfferState(id, settings)).restore(r, settings.deprecatedAfterNotFound());
            n++;
        }
        log.info("health restored for {} offers from the store ({} rows read)", n, records.size());
        rebuild();
    }

    /**
     * As {@link #restore}, for a store that came back while traffic flows: only offers with no
     * evidence yet take their stored rows, so nothing observed since start is overwritten by older
     * stored figures. Returns how many offers were restored.
     */
    public int restoreUnobserved(List<HealthStore.OfferRecord> records) {
        Catalog catalog = fleet.catalog();
        int n = 0;
        for (HealthStore.OfferRecord r : records) {
            if (catalog.offer(r.offer()).isEmpty() || offers.containsKey(r.offer())) {
                continue;
            }
            OfferState restored = new OfferState(r.offer(), settings);
            restored.restore(r, settings.deprecatedAfterNotFound());
            if (offers.putIfAbsent(r.offer(), restored) == null) { // an outcome may have come in meanwhile: it wins
                n++;
            }
        }
        log.info("health restored for {} offers from the store that came back ({} rows read; offers seen since start keep their live evidence)",
                n, records.size());
        rebuild();
        return n;
    }

    /** The offer's status computed from the evidence right now (the snapshot may be a second old). */
    public OfferStatus statusOf(OfferId id) {
        return verdict(id, clock.instant()).status();
    }

    /** Tier of an offer (its model's): explicit in the catalog, else from traffic share. */
    public Tier tierOf(OfferId id) {
        return fleet.catalog().model(id.model()).map(tiers::tierOf).orElse(Tier.ON_DEMAND);
    }

    /**
     * Overrides a model's tier until the process restarts or the override is cleared (an empty
     * tier): it wins over the catalog and over traffic share, so an operator can watch a model
     * more closely (or less) at once. Returns the tier in force before.
     *
     * @throws IllegalArgumentException when the model is not in the catalog
     */
    public Tier overrideTier(String model, Optional<Tier> tier) {
        Model m = fleet.catalog().model(model)
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + model + "'"));
        Tier before = tiers.tierOf(m);
        tiers.override(m, tier.orElse(null), clock.instant());
        dirty.set(true);
        return before;
    }

    /**
     * Schedules {@link #refresh()} every {@code snapshotMinInterval} on the given scheduler (not
     * owned: the caller shuts it down).
     */
    public ScheduledFuture<?> start(ScheduledExecutorService scheduler) {
        long ms = settings.snapshotMinInterval().toMillis();
        return scheduler.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.warn("health snapshot rebuild failed: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    public Catalog catalog() {
        return fleet.catalog();
    }

    public HealthSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    /** True when the gateway's key env var is set. */
    public boolean isConfigured(String gateway) {
        return fleet.configured().contains(gateway);
    }

    // ---- package-private: the scheduler, writer and snapshot builder read these ----

    Tier tierOf(Model m) {
        return tiers.tierOf(m);
    }

    /** When the offer's tier last changed (see {@link TrafficTiers#since}); null when it has not since start. */
    Instant tierSince(OfferId id) {
        return fleet.catalog().model(id.model()).flatMap(tiers::since).orElse(null);
    }

    StatusRules.Verdict verdict(OfferId id, Instant now) {
        return judge(id, evidence(id, now), facts(id.gateway()), settings.tier(tierOf(id)).interval(), circuitOpen(id), now);
    }

    /** The status rules on our own evidence, then a fresher peer report when one overrides it. */
    StatusRules.Verdict judge(OfferId id, OfferState.OfferEvidence e, StatusRules.GatewayFacts facts, Duration interval,
                              boolean circuitOpen, Instant now) {
        StatusRules.Verdict local = StatusRules.offer(e, facts, interval, tierSince(id), circuitOpen, settings, now);
        return peers.override(id, local, e.lastCounting(), circuitOpen, interval, now).orElse(local);
    }

    OfferState.OfferEvidence evidence(OfferId id, Instant now) {
        OfferState st = offers.get(id);
        return st == null ? OfferState.none(id) : st.evidence(now);
    }

    StatusRules.GatewayFacts facts(String gateway) {
        Fleet f = fleet;
        Gateway g = f.catalog().gateway(gateway).orElseThrow(() -> new IllegalArgumentException("unknown gateway " + gateway));
        GatewayState st = gateways.get(gateway);
        return new StatusRules.GatewayFacts(g, f.configured().contains(gateway),
                st == null ? GatewayState.GatewayEvidence.NONE : st.evidence());
    }

    boolean circuitOpen(OfferId id) {
        try {
            return circuitView.isOpen(id);
        } catch (RuntimeException e) {
            return false;
        }
    }

    Optional<Offer> offer(OfferId id) {
        return fleet.catalog().offer(id);
    }

    ProbeLedger ledger() {
        return ledger;
    }

    /** When the engine was made: before any evidence, the quiet time of a gateway counts from here. */
    Instant started() {
        return started;
    }

    ProbeLedger canaryLedger() {
        return canaryLedger;
    }

    void markDirty() {
        dirty.set(true);
    }

    private void logCounts(HealthSnapshot snap, Instant now) {
        if (Duration.between(lastCountLog, now).compareTo(settings.countLogInterval()) < 0) {
            return;
        }
        lastCountLog = now;
        HealthSnapshot.SystemHealth s = snap.system();
        log.info("health: catalog {} models / {} offers (everything the gateway can route); tracked {} models / {} offers "
                        + "(those with health evidence: called or probed at least once); health {} = {} healthy of {} models "
                        + "with a configured offer of known status; coverage {} of {} offers configured, {} of {} models",
                s.catalogModels(), s.totalOffers(), s.trackedModels(), s.trackedOffers(),
                s.healthPercentage().map(p -> String.format(java.util.Locale.ROOT, "%.1f%%", p)).orElse("n/a (no known status yet)"),
                s.healthyModels(), s.knownModels(), s.configuredOffers(), s.totalOffers(), s.modelsWithConfiguredOffer(),
                s.catalogModels());
    }
}
