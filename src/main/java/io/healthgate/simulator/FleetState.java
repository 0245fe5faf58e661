package io.healthgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running fleet's mutable state: current behaviours, cold-start and rate-limit memory,
 * seeded randomness and counters. Plain Java, so the rules are tested without a server. Time
 * comes from the injected clock; schedules are offsets from {@link #startedAt()}.
 */
final class FleetState {
    /** A warm first byte at least this slow (before scaling) makes an offer {@link TruthState#SLOW}. */
    static final long SLOW_FIRST_BYTE_MS = 2_000;
    private static final Duration RATE_WINDOW = Duration.ofSeconds(60);

    private final Scenario scenario;
    private final Clock clock;
    private final Map<String, GatewayRuntime> gateways = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, ModelInfo> modelInfo = new ConcurrentHashMap<>();
    private volatile Instant startedAt;
    /** Wall milliseconds per planned millisecond of latency (first byte, chunks, cold starts, stalls); see {@link SimulatedFleet#wallLatencyScale}. */
    private volatile double wallLatencyScale = 1.0;

    FleetState(Scenario scenario, Clock clock) {
        this.scenario = scenario;
        this.clock = clock;
        this.startedAt = clock.instant();
        for (GatewaySpec g : scenario.gateways()) {
            gateways.put(g.name(), new GatewayRuntime(g));
        }
    }

    Scenario scenario() {
        return scenario;
    }

    Clock clock() {
        return clock;
    }

    Instant startedAt() {
        return startedAt;
    }

    Optional<GatewayRuntime> gateway(String name) {
        return Optional.ofNullable(gateways.get(name));
    }

    GatewayRuntime requireGateway(String name) {
        return gateway(name).orElseThrow(() -> new NoSuchElementException("unknown gateway '" + name + "'"));
    }

    Collection<GatewayRuntime> gateways() {
        return gateways.values();
    }

    /** The offer serving {@code model} (a canonical id or the gateway's upstream id) on {@code gateway}. */
    OfferRuntime requireOffer(String gateway, String model) {
        GatewayRuntime g = requireGateway(gateway);
        OfferRuntime o = g.byModel.getOrDefault(model, g.byUpstream.get(model));
        if (o == null) {
            throw new NoSuchElementException("gateway '" + gateway + "' has no offer of model '" + model + "'");
        }
        return o;
    }

    /** A fresh, deterministic id suffix (same seed and request order: same ids). */
    String nextId() {
        long z = scenario.seed() * 0x9E3779B97F4A7C15L + sequence.incrementAndGet() * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return String.format("%016x", z ^ (z >>> 29));
    }

    double wallLatencyScale() {
        return wallLatencyScale;
    }

    void wallLatencyScale(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("wall latency scale must be >= 0, got " + scale);
        }
        wallLatencyScale = scale;
    }

    long scaledMs(long ms) {
        return Math.round(ms * scenario.timeScale());
    }

    /** Back to the scenario: behaviours, memory, counters and the schedule's start. */
    void reset() {
        startedAt = clock.instant();
        sequence.set(0);
        gateways.values().forEach(GatewayRuntime::reset);
    }

    /** The gateway-wide fault in force at {@code now}, or NONE. */
    Fault gatewayFault(GatewayRuntime g, Instant now) {
        return g.behaviour.get().activeFault(Duration.between(startedAt, now), scenario.timeScale());
    }

    /** Decides what a request for {@code o} asking for {@code maxTokens} (0: unspecified) gets at {@code now}. */
    Plan plan(GatewayRuntime g, OfferRuntime o, int maxTokens, Instant now) {
        Behaviour gb = g.behaviour.get();
        Behaviour ob = o.behaviour.get();
        Duration since = Duration.between(startedAt, now);
        long gwFirstByte = scaledMs(gb.firstByteMs());
        Fault gf = gb.activeFault(since, scenario.timeScale());
        if (gf != Fault.NONE) {
            return fixed(gf, gwFirstByte, gb);
        }
        if (gb.modelSwitchesPerMinute() > 0) {
            long retryAfter = g.admit(o.spec.model(), now, gb.modelSwitchesPerMinute(), scaled(RATE_WINDOW));
            if (retryAfter > 0) {
                return new Plan(Fault.RATE_LIMITED, gwFirstByte, 0, 0, (int) retryAfter, 0, false);
            }
        }
        Behaviour.RampNow gramp = gb.rampAt(since, scenario.timeScale());
        if (gramp != null && o.flip(gramp.errorRate())) {
            return fixed(gramp.outage().fault(), gwFirstByte, gb);
        }
        long firstByte = gwFirstByte + scaledMs(ob.firstByteMs()) + (gramp == null ? 0 : scaledMs(gramp.extraLatencyMs()));
        Fault of = ob.activeFault(since, scenario.timeScale());
        if (of != Fault.NONE) {
            return new Plan(of, firstByte, scaledMs(Math.max(gb.chunkDelayMs(), ob.chunkDelayMs())), ob.cutAfterChunks(),
                    retryAfterSeconds(ob), ob.minMaxTokens(), false, stallMs(ob), ob.faultAfterTokens());
        }
        Behaviour.RampNow ramp = ob.rampAt(since, scenario.timeScale());
        if (ramp != null) {
            firstByte += scaledMs(ramp.extraLatencyMs());
            if (o.flip(ramp.errorRate())) {
                return fixed(ramp.outage().fault(), firstByte, ob);
            }
        }
        if (ob.minMaxTokens() > 0 && maxTokens > 0 && maxTokens < ob.minMaxTokens()) {
            return fixed(Fault.TOKEN_FLOOR, firstByte, ob);
        }
        if (ob.errorRate() > 0 && o.flip(ob.errorRate())) {
            return fixed(ob.flakyFault(), firstByte, ob);
        }
        boolean cold = o.takeColdStart(ob, now);
        return new Plan(Fault.NONE, firstByte + (cold ? scaledMs(ob.coldStartMs()) : 0),
                scaledMs(Math.max(gb.chunkDelayMs(), ob.chunkDelayMs())), 0, 0, 0, cold);
    }

    /** The plan of a call answered by the gateway-wide fault {@code f}. */
    Plan gatewayPlan(GatewayRuntime g, Fault f) {
        Behaviour gb = g.behaviour.get();
        return fixed(f, scaledMs(gb.firstByteMs()), gb);
    }

    private Plan fixed(Fault f, long firstByte, Behaviour b) {
        return new Plan(f, firstByte, scaledMs(b.chunkDelayMs()), b.cutAfterChunks(), retryAfterSeconds(b), b.minMaxTokens(), false,
                stallMs(b), b.faultAfterTokens());
    }

    private long stallMs(Behaviour b) {
        return Math.round(b.stallSeconds() * 1000 * scenario.timeScale());
    }

    /** What the scenario says about {@code model} (defaults when it says nothing). */
    ModelInfo modelInfo(String model) {
        return modelInfo.computeIfAbsent(model, id -> scenario.models().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElse(new ModelInfo(id, "", false, 0, null, List.of())));
    }

    private int retryAfterSeconds(Behaviour b) {
        return (int) Math.max(1, Math.ceil(b.retryAfterSeconds() * scenario.timeScale()));
    }

    private Duration scaled(Duration d) {
        return Duration.ofNanos(Math.max(1, Math.round(d.toNanos() * scenario.timeScale())));
    }

    GatewayTruth truth(GatewayRuntime g, Instant now) {
        Behaviour b = g.behaviour.get();
        Fault f = gatewayFault(g, now);
        Behaviour.RampNow ramp = b.rampAt(Duration.between(startedAt, now), scenario.timeScale());
        if (f == Fault.NONE && ramp != null) {
            Instant outageAt = startedAt.plusNanos(Math.round(ramp.outage().startSeconds() * scenario.timeScale() * 1e9));
            return new GatewayTruth(g.spec.name(), g.spec.apiKeyEnv(), TruthState.DEGRADING, "gateway-wide ramp before a scheduled "
                    + ramp.outage().fault().wireName() + " outage starting at " + outageAt, g.demoKey, g.byModel.size(), now, outageAt);
        }
        String reason = f == Fault.NONE
                ? (b.modelSwitchesPerMinute() > 0 ? "up; allows " + b.modelSwitchesPerMinute() + " distinct models a minute" : "up")
                : "gateway-wide " + f.wireName() + describeSource(b, now);
        return new GatewayTruth(g.spec.name(), g.spec.apiKeyEnv(), f.truthState(), reason, g.demoKey, g.byModel.size(), now,
                until(b, now));
    }

    OfferTruth truth(OfferRuntime o, Instant now) {
        GatewayRuntime g = gateways.get(o.gateway.name());
        Behaviour gb = g.behaviour.get();
        Behaviour ob = o.behaviour.get();
        Fault gf = gatewayFault(g, now);
        if (gf != Fault.NONE) {
            return truth(o, g, gf.truthState(), "gateway-wide " + gf.wireName() + describeSource(gb, now), now, until(gb, now));
        }
        Fault of = ob.activeFault(Duration.between(startedAt, now), scenario.timeScale());
        if (of != Fault.NONE) {
            return truth(o, g, of.truthState(), of.wireName() + describeSource(ob, now), now, until(ob, now));
        }
        Behaviour.RampNow ramp = ob.rampAt(Duration.between(startedAt, now), scenario.timeScale());
        Behaviour.RampNow gramp = gb.rampAt(Duration.between(startedAt, now), scenario.timeScale());
        if (ramp != null || gramp != null) {
            Behaviour.RampNow r = ramp != null ? ramp : gramp;
            Instant outageAt = startedAt.plusNanos(Math.round(r.outage().startSeconds() * scenario.timeScale() * 1e9));
            return truth(o, g, TruthState.DEGRADING, (ramp == null ? "gateway-wide ramp" : "ramp") + " before a scheduled "
                    + r.outage().fault().wireName() + " outage starting at " + outageAt + ": first byte +" + scaledMs(r.extraLatencyMs())
                    + " ms, " + Math.round(r.errorRate() * 100) + "% of calls failing now", now, outageAt);
        }
        List<String> notes = new ArrayList<>();
        if (ob.refusesPrefix()) {
            notes.add("refuses an assistant prefix (400)");
        }
        ModelInfo mi = modelInfo(o.spec.model());
        if (mi.isEmbedding()) {
            notes.add("embedding model, " + mi.vectorDimensions() + " dimensions");
        }
        if (ob.minMaxTokens() > 0) {
            notes.add("needs max_tokens >= " + ob.minMaxTokens() + " (400 below)");
        }
        if (gb.modelSwitchesPerMinute() > 0) {
            notes.add("gateway allows " + gb.modelSwitchesPerMinute() + " distinct models a minute");
        }
        Instant next = ob.outages().stream().map(x -> startedAt.plusNanos(Math.round(x.startSeconds() * scenario.timeScale() * 1e9)))
                .filter(t -> t.isAfter(now)).min(Instant::compareTo).orElse(null);
        if (next != null) {
            notes.add("outage scheduled at " + next);
        }
        TruthState state;
        String what;
        long warm = gb.firstByteMs() + ob.firstByteMs();
        if (ob.errorRate() > 0) {
            state = TruthState.FLAKY;
            what = "fails " + Math.round(ob.errorRate() * 100) + "% of calls with " + ob.flakyFault().wireName();
        } else if (warm >= SLOW_FIRST_BYTE_MS) {
            state = TruthState.SLOW;
            what = "first byte after " + scaledMs(warm) + " ms";
        } else if (ob.coldStartMs() > 0) {
            state = TruthState.COLD_START;
            what = "first call after " + (ob.idleSeconds() > 0 ? Math.round(ob.idleSeconds() * scenario.timeScale()) + " s idle" : "start")
                    + " takes " + scaledMs(ob.coldStartMs()) + " ms more";
        } else {
            state = TruthState.UP;
            what = "up";
        }
        notes.add(0, what);
        return truth(o, g, state, String.join("; ", notes), now, next);
    }

    private OfferTruth truth(OfferRuntime o, GatewayRuntime g, TruthState s, String reason, Instant now, Instant until) {
        return new OfferTruth(g.spec.name(), o.spec.model(), o.spec.upstream(), s, reason, g.demoKey, now, until);
    }

    private String describeSource(Behaviour b, Instant now) {
        if (b.fault() != Fault.NONE) {
            return " (set)";
        }
        Instant end = until(b, now);
        return end == null ? " (scheduled outage, open-ended)" : " (scheduled outage until " + end + ")";
    }

    /** When the active scheduled outage of {@code b} ends; null for a static fault or none. */
    private Instant until(Behaviour b, Instant now) {
        if (b.fault() != Fault.NONE) {
            return null;
        }
        Duration since = Duration.between(startedAt, now);
        for (Outage o : b.outages()) {
            if (o.activeAt(since, scenario.timeScale())) {
                return o.durationSeconds() <= 0 ? null
                        : startedAt.plusNanos(Math.round((o.startSeconds() + o.durationSeconds()) * scenario.timeScale() * 1e9));
            }
        }
        return null;
    }

    /** Whether the demo environment holds the key {@code g} expects. */
    static String demoKey(GatewaySpec g, Map<String, String> env) {
        String v = g.apiKeyEnv().isEmpty() ? null : env.get(g.apiKeyEnv());
        if (v != null && !v.isEmpty()) {
            return v.equals(g.apiKey()) ? "ok" : "wrong";
        }
        return env.values().stream().anyMatch(g.apiKey()::equals) ? "misnamed" : "missing";
    }

    /** Requests counted by outcome label. */
    static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder cancelled = new LongAdder();
        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

        void record(String label) {
            requests.increment();
            outcomes.computeIfAbsent(label, k -> new LongAdder()).increment();
        }

        OfferStats snapshot(String gateway, String model) {
            Map<String, Long> out = new TreeMap<>();
            outcomes.forEach((k, v) -> out.put(k, v.sum()));
            return new OfferStats(gateway, model, requests.sum(), cancelled.sum(), out);
        }

        void clear() {
            requests.reset();
            cancelled.reset();
            outcomes.clear();
        }
    }

    final class GatewayRuntime {
        final GatewaySpec spec;
        final AtomicReference<Behaviour> behaviour;
        final Map<String, OfferRuntime> byUpstream = new LinkedHashMap<>();
        final Map<String, OfferRuntime> byModel = new LinkedHashMap<>();
        final Counters stats = new Counters();
        final String demoKey;
        private final Map<String, Instant> recentModels = new LinkedHashMap<>();

        GatewayRuntime(GatewaySpec spec) {
            this.spec = spec;
            this.behaviour = new AtomicReference<>(spec.behaviour());
            this.demoKey = demoKey(spec, scenario.demoEnvironment());
            for (OfferSpec o : spec.offers()) {
                OfferRuntime r = new OfferRuntime(spec, o);
                byUpstream.put(o.upstream(), r);
                byModel.put(o.model(), r);
            }
        }

        /** Upstream ids the gateway lists now: a model that answers 404 is no longer listed. */
        List<String> listedModels(Instant now) {
            Duration since = Duration.between(startedAt, now);
            return byUpstream.values().stream()
                    .filter(o -> o.behaviour.get().activeFault(since, scenario.timeScale()) != Fault.NOT_FOUND)
                    .map(o -> o.spec.upstream()).toList();
        }

        /**
         * Admits a call of {@code model} under a limit of {@code limit} distinct models per
         * {@code window}: 0 when admitted, else the seconds until a slot frees (the Retry-After).
         */
        synchronized long admit(String model, Instant now, int limit, Duration window) {
            Iterator<Map.Entry<String, Instant>> it = recentModels.entrySet().iterator();
            while (it.hasNext()) {
                if (!it.next().getValue().plus(window).isAfter(now)) {
                    it.remove();
                }
            }
            if (recentModels.containsKey(model) || recentModels.size() < limit) {
                recentModels.remove(model);
                recentModels.put(model, now);
                return 0;
            }
            Instant oldest = recentModels.values().stream().min(Instant::compareTo).orElse(now);
            return Math.max(1, (long) Math.ceil(Duration.between(now, oldest.plus(window)).toMillis() / 1000.0));
        }

        synchronized void reset() {
            behaviour.set(spec.behaviour());
            recentModels.clear();
            stats.clear();
            byModel.values().forEach(OfferRuntime::reset);
        }
    }

    final class OfferRuntime {
        final GatewaySpec gateway;
        final OfferSpec spec;
        final AtomicReference<Behaviour> behaviour;
        final Counters stats = new Counters();
        private SplittableRandom random;
        private Instant lastCall;

        OfferRuntime(GatewaySpec gateway, OfferSpec spec) {
            this.gateway = gateway;
            this.spec = spec;
            this.behaviour = new AtomicReference<>(spec.behaviour());
            this.random = newRandom();
        }

        private SplittableRandom newRandom() {
            return new SplittableRandom(scenario.seed() * 31 + (gateway.name() + "/" + spec.model()).hashCode());
        }

        synchronized boolean flip(double rate) {
            return random.nextDouble() < rate;
        }

        /** True when this call is cold (the offer's first, or after the idle window); remembers the call. */
        synchronized boolean takeColdStart(Behaviour b, Instant now) {
            Instant last = lastCall;
            lastCall = now;
            if (b.coldStartMs() == 0) {
                return false;
            }
            return last == null || (b.idleSeconds() > 0
                    && !Duration.between(last, now).minus(Duration.ofMillis(Math.round(b.idleSeconds() * 1000 * scenario.timeScale()))).isNegative());
        }

        synchronized void reset() {
            behaviour.set(spec.behaviour());
            stats.clear();
            lastCall = null;
            random = newRandom();
        }

        Behaviour patch(JsonNode patch) {
            return behaviour.updateAndGet(b -> ScenarioJson.patch(b, patch));
        }
    }
}
