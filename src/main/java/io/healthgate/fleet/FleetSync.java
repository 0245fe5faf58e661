package io.healthgate.fleet;

import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.FleetCounters;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.health.OutcomeListener;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.routing.BreakerState;
import io.healthgate.routing.BreakerTransition;
import io.healthgate.routing.BreakerView;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Makes one instance part of a fleet. What it shares, and how it applies what others share:
 * <ul>
 *   <li>Breakers: a local open (with its open-until) or close is sent; a peer's is applied to the
 *       local breaker ({@link BreakerRegistry#applyPeer}), so a circuit opened by one instance's
 *       traffic protects all.</li>
 *   <li>Status: every {@link FleetSettings#statusInterval()} the snapshot is compared with the
 *       last one; an offer whose status our own evidence moved is sent (unknown is not news); a
 *       peer's is applied as {@link HealthEngine#applyPeerStatus}.</li>
 *   <li>Throttles: a 429 with its Retry-After (default when it named none) throttles the gateway
 *       fleet-wide, so the fleet respects a provider's limit as one client.</li>
 *   <li>Probes: the lease holder's probe outcomes are evidence for everyone and count in the
 *       fleet's probe spend (see {@link ProbeSharding} for who probes).</li>
 *   <li>Outcome counters per offer and class go to {@link FleetCounters} in one-minute buckets,
 *       added up locally and flushed once a heartbeat.</li>
 * </ul>
 * The request path never waits on Redis: listeners only put messages on a bounded queue
 * (full: the message is dropped and counted) that one sender thread drains; receiving, the
 * heartbeat, leases and views run on the fleet's own threads. Redis unreachable: this instance
 * serves on its own view, says so ({@link #view()}), probes everything itself, and when Redis
 * answers again it replays the fleet's recent state and re-sends its own open breakers and
 * throttles (resync).
 */
public final class FleetSync implements OutcomeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetSync.class);
    static final int QUEUE_CAPACITY = 10_000;

    private final String self;
    private final Supplier<String> url;
    private final FleetSettings settings;
    private final HealthEngine engine;
    private final BreakerRegistry breakers;
    private final FleetChannel channel;
    private final InstanceRegistry registry;
    private final ProbeSharding sharding;
    private final FleetCounters counters;
    private final Clock clock;
    private final Instant started;
    private final BlockingQueue<FleetMessage> outbound = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final StalenessMeter staleness = new StalenessMeter();
    private final ConcurrentHashMap<CounterKey, LongAdder> pendingCounts = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final Map<OfferId, OfferStatus> lastStatuses = new HashMap<>();
    private volatile boolean redisUp;
    private volatile String problem = "not connected yet";
    private volatile List<Instance> instances = List.of();
    private volatile Supplier<Map<String, String>> views = Map::of;
    private volatile SharedViews sharedViews;
    private ScheduledExecutorService timers;
    private Thread sender;
    private AutoCloseable breakerSubscription;
    private boolean statusBaseline;

    private record CounterKey(OfferId offer, OutcomeClass outcomeClass) {
    }

    public FleetSync(String self, Supplier<String> url, FleetSettings settings, HealthEngine engine, BreakerRegistry breakers,
                     FleetChannel channel, InstanceRegistry registry, ProbeSharding sharding, FleetCounters counters, Clock clock) {
        this.self = Objects.requireNonNull(self, "self");
        this.url = url == null ? () -> "" : url;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.breakers = Objects.requireNonNull(breakers, "breakers");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.sharding = Objects.requireNonNull(sharding, "sharding");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.started = clock.instant();
    }

    /** Publishes these views (name to JSON, e.g. {@code health:system}) every view interval. Call before {@link #start}. */
    public FleetSync publishViews(SharedViews target, Supplier<Map<String, String>> source) {
        this.sharedViews = Objects.requireNonNull(target, "target");
        this.views = Objects.requireNonNull(source, "source");
        return this;
    }

    public String self() {
        return self;
    }

    /**
     * Joins the fleet: catches up on its recent state (so this instance never starts blind while
     * the fleet knows), then listens, shares and keeps its leases on its own threads.
     */
    public FleetSync start() {
        join();
        timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "healthgate-fleet");
            t.setDaemon(true);
            return t;
        });
        heartbeat();
        sender = Thread.ofPlatform().daemon().name("healthgate-fleet-sender").start(this::sendLoop);
        every(settings.heartbeat(), this::heartbeat);
        every(settings.statusInterval(), this::shareStatusChanges);
        every(settings.rebalanceInterval(), this::rebalance);
        every(settings.viewInterval(), this::publishViewsNow);
        timers.execute(this::rebalance);
        return this;
    }

    /** Listens and subscribes, without threads of its own (tests drive the steps). */
    void join() {
        channel.listen(this::receive);
        breakerSubscription = breakers.subscribe(this::onTransition);
    }

    /** Sends what is queued now, on the calling thread (tests; the sender thread does this in service). */
    void drain() {
        FleetMessage m;
        while ((m = outbound.poll()) != null) {
            publishOne(m);
        }
    }

    /** The fleet as this instance sees it now. */
    public FleetView view() {
        return new FleetView(self, redisUp, redisUp ? "" : problem, instances, staleness.figures(), settings.stalenessBound(),
                sharding.held(), sharding.fallingBack(), published.get(), received.get(), lost.get());
    }

    // ---- outbound: called on event loops, so nothing here may block ----

    @Override
    public void onOutcome(Outcome o) {
        if (o.outcomeClass() != OutcomeClass.CANCELLED) {
            pendingCounts.computeIfAbsent(new CounterKey(o.offer(), o.outcomeClass()), k -> new LongAdder()).increment();
        }
        // Dated now, when the answer is known (an outcome's own time may be when the call started).
        Instant now = clock.instant();
        if (o.source() == Outcome.Source.PROBE) {
            send(new FleetEvent.Probed(o), now);
        }
        if (o.outcomeClass() == OutcomeClass.RATE_LIMITED) {
            Duration wait = o.retryAfter().filter(d -> !d.isNegative() && !d.isZero()).orElse(engine.settings().defaultRetryAfter());
            send(new FleetEvent.Throttled(o.offer().gateway(), FleetEvent.Throttled.GATEWAY_SCOPE, now.plus(wait)), now);
        }
    }

    private void onTransition(BreakerTransition t) {
        if (t.fromPeer() || t.to() == BreakerState.HALF_OPEN) {
            return;
        }
        Optional<Instant> until = t.to() == BreakerState.OPEN ? breakers.view(t.offer(), t.at()).openUntil() : Optional.empty();
        if (t.to() == BreakerState.OPEN && until.isEmpty()) {
            return; // already moved on (half-open by now): nothing the others could apply
        }
        send(new FleetEvent.BreakerChanged(t.offer(), t.to(), until, t.reason()), t.at());
    }

    private void send(FleetEvent event, Instant observedAt) {
        if (!outbound.offer(new FleetMessage(self, observedAt, event))) {
            lost.incrementAndGet();
        }
    }

    private void sendLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            FleetMessage m;
            try {
                m = outbound.take();
            } catch (InterruptedException e) {
                return;
            }
            publishOne(m);
        }
    }

    private void publishOne(FleetMessage m) {
        try {
            channel.publish(m);
            published.incrementAndGet();
        } catch (RuntimeException e) {
            lost.incrementAndGet();
            down(e);
        }
    }

    // ---- inbound: the channel's thread; applying is in memory ----

    void receive(FleetMessage m) {
        if (m.origin().equals(self)) {
            return;
        }
        received.incrementAndGet();
        staleness.record(Duration.between(m.observedAt(), clock.instant()));
        apply(m);
    }

    private void apply(FleetMessage m) {
        try {
            switch (m.event()) {
                case FleetEvent.BreakerChanged b -> breakers.applyPeer(b.offer(), b.to(), b.openUntil().orElse(null),
                        "fleet: " + b.reason() + " (instance " + m.origin() + ")");
                case FleetEvent.StatusChanged s -> engine.applyPeerStatus(s.offer(), s.status(), s.reason(), m.origin(), m.observedAt());
                case FleetEvent.Throttled t -> engine.applyPeerThrottle(t.gateway(), t.until());
                case FleetEvent.Probed p -> engine.recordPeerProbe(p.outcome());
            }
        } catch (RuntimeException e) {
            log.warn("fleet message from {} not applied: {}", m.origin(), e.toString());
        }
    }

    // ---- the fleet's own threads ----

    void heartbeat() {
        Instant now = clock.instant();
        try {
            registry.heartbeat(new Instance(self, started, now, sharding.held(), url.get()));
            List<Instance> live = registry.live(settings.liveness());
            boolean rejoined = !redisUp;
            boolean membershipChanged = !live.stream().map(Instance::id).toList().equals(instances.stream().map(Instance::id).toList());
            instances = live;
            if (membershipChanged && timers != null && !timers.isShutdown()) {
                timers.execute(this::rebalance); // an instance came or went: hand leases over now, not a pass later
            }
            redisUp = true;
            flushCounters(now);
            if (rejoined) {
                resync();
            }
        } catch (RuntimeException e) {
            down(e);
        }
    }

    /** After a start or an outage: apply the fleet's recent state, then send ours again. */
    private void resync() {
        List<FleetMessage> recent = channel.recent(FleetSettings.REPLAY_WINDOW);
        int applied = 0;
        for (FleetMessage m : recent) {
            if (!m.origin().equals(self) && !(m.event() instanceof FleetEvent.Probed)) {
                apply(m);
                applied++;
            }
        }
        Instant now = clock.instant();
        int resent = 0;
        for (BreakerView v : breakers.views(now)) {
            if (v.state() == BreakerState.OPEN && v.openUntil().isPresent()) {
                send(new FleetEvent.BreakerChanged(v.offer(), BreakerState.OPEN, v.openUntil(), v.reason()), v.since());
                resent++;
            }
        }
        for (HealthSnapshot.GatewayHealth g : engine.snapshot().gateways().values()) {
            if (g.throttledUntil().map(now::isBefore).orElse(false)) {
                send(new FleetEvent.Throttled(g.gateway(), FleetEvent.Throttled.GATEWAY_SCOPE, g.throttledUntil().get()), now);
                resent++;
            }
        }
        log.info("fleet: joined as {} ({} instances live); applied {} recent fleet events, sent {} of our own", self,
                instances.size(), applied, resent);
    }

    private void down(RuntimeException e) {
        if (redisUp) {
            log.warn("fleet: Redis unreachable ({}); serving on this instance's own view until it returns", e.getMessage());
        }
        problem = "redis unreachable: " + e.getMessage();
        redisUp = false;
    }

    private void flushCounters(Instant now) {
        for (Map.Entry<CounterKey, LongAdder> e : pendingCounts.entrySet()) {
            long n = e.getValue().sumThenReset();
            if (n > 0) {
                try {
                    counters.add(e.getKey().offer(), e.getKey().outcomeClass(), n, now);
                } catch (RuntimeException ex) {
                    e.getValue().add(n); // kept for the next flush
                    throw ex;
                }
            }
        }
    }

    void shareStatusChanges() {
        HealthSnapshot snap = engine.snapshot();
        List<FleetEvent.StatusChanged> changed = new ArrayList<>();
        synchronized (lastStatuses) {
            for (HealthSnapshot.OfferHealth h : snap.offers().values()) {
                OfferStatus before = lastStatuses.put(h.offer(), h.status());
                if (statusBaseline && before != h.status() && h.status() != OfferStatus.UNKNOWN && !engine.statusFromPeer(h.offer())) {
                    changed.add(new FleetEvent.StatusChanged(h.offer(), h.status(), h.reason()));
                }
            }
            statusBaseline = true;
        }
        changed.forEach(c -> send(c, snap.at()));
    }

    void rebalance() {
        List<OfferId> offers = new ArrayList<>();
        for (var m : engine.catalog().models()) {
            for (Offer o : m.offers()) {
                if (engine.isConfigured(o.gateway())) {
                    offers.add(o.id());
                }
            }
        }
        List<String> live = instances.stream().map(Instance::id).toList();
        if (!sharding.rebalance(offers, live)) {
            log.debug("fleet: lease rebalance failed; probing every offer here");
        }
    }

    private void publishViewsNow() {
        SharedViews target = sharedViews;
        if (target == null || !redisUp) {
            return;
        }
        Duration ttl = settings.viewInterval().multipliedBy(3);
        try {
            views.get().forEach((name, json) -> target.publish(name, json, ttl));
        } catch (RuntimeException e) {
            down(e);
        }
    }

    private void every(Duration period, Runnable task) {
        long ms = Math.max(1, period.toMillis());
        timers.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("fleet task failed: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Leaves the fleet: gives the leases up and deregisters, so the others take over at once. */
    @Override
    public void close() {
        if (timers != null) {
            timers.shutdownNow();
            try {
                timers.awaitTermination(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sender != null) {
            sender.interrupt();
        }
        if (breakerSubscription != null) {
            try {
                breakerSubscription.close();
            } catch (Exception e) {
                log.debug("unsubscribe failed: {}", e.toString());
            }
        }
        try {
            sharding.releaseAll();
            registry.leave(self);
        } catch (RuntimeException e) {
            log.info("fleet: could not leave cleanly ({}); peers take over when the leases lapse", e.toString());
        }
        channel.close();
    }
}
