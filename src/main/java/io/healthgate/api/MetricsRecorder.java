package io.healthgate.api;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.health.OutcomeListener;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.routing.BreakerState;
import io.healthgate.routing.BreakerView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics through Micrometer, fed by outcome records (subscribe it to the outcome bus)
 * and read from the health snapshot and the breakers at scrape time.
 *
 * <p>Label sets stay bounded by the catalog: {@code gateway} and {@code model} are catalog names
 * (anything else is counted as {@code "unknown"}), {@code outcome} is one of the outcome classes,
 * {@code source} is live or probe; latency histograms are per gateway only, with fixed buckets.
 * No request ids, no raw user strings.
 *
 * <pre>
 * healthgate_requests_total{gateway,model,outcome,source}
 * healthgate_upstream_ttfb_seconds{gateway}            histogram (time to first byte)
 * healthgate_upstream_duration_seconds{gateway}        histogram (total)
 * healthgate_failovers_total{gateway,outcome}          an attempt failed and the next candidate was tried
 * healthgate_plan_fail_open_total                      health filtering left nothing and routing tried all
 * healthgate_hedges_total{gateway}                     a slow first offer got a second one started alongside
 * healthgate_breaker_state{gateway,model}              0 closed, 1 half-open, 2 open (offers with a breaker)
 * healthgate_breakers_open
 * healthgate_health_percentage / healthgate_coverage_percentage   NaN while unknown
 * healthgate_models{status} / healthgate_gateways{status}
 * healthgate_probes_total{gateway} / healthgate_probe_tokens_total{gateway}
 * healthgate_canaries_total{gateway} / healthgate_canary_tokens_total{gateway}   canary requests (models lists, tiny completions)
 * healthgate_false_timeouts_avoided_total
 * healthgate_store_up / healthgate_store_buffered_writes / healthgate_store_writes_dropped_total   with a store
 * jvm_*, process_*, system_*                           Micrometer's JVM binders
 * </pre>
 */
public final class MetricsRecorder implements OutcomeListener, AutoCloseable {
    static final String UNKNOWN = "unknown";
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HealthEngine engine;
    private final Optional<BreakerRegistry> breakers;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> ttfb = new ConcurrentHashMap<>();
    private final Map<String, Timer> total = new ConcurrentHashMap<>();
    private final Map<FailoverKey, Counter> failovers = new ConcurrentHashMap<>();
    private final Map<String, Counter> hedges = new ConcurrentHashMap<>();
    private final Counter failOpen;
    private final Set<OfferId> breakerGauges = ConcurrentHashMap.newKeySet();
    private final Set<String> gatewayMeters = ConcurrentHashMap.newKeySet();
    private volatile Map<OfferId, BreakerState> breakerStates = Map.of();
    private volatile java.util.function.Supplier<Optional<io.healthgate.health.StoreStatus>> storeStatus = Optional::empty;

    private record RequestKey(String gateway, String model, OutcomeClass outcome, Outcome.Source source) {
    }

    private record FailoverKey(String gateway, OutcomeClass outcome) {
    }

    public MetricsRecorder(HealthEngine engine, Optional<BreakerRegistry> breakers) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.breakers = breakers == null ? Optional.empty() : breakers;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        failOpen = Counter.builder("healthgate.plan.fail.open")
                .description("Plans where health filtering left no candidate (or health was unreadable) and every configured offer was tried")
                .register(registry);
        Gauge.builder("healthgate.health.percentage", this, r -> pct(r.engine.snapshot().system().healthPercentage()))
                .description("Healthy models / models with a configured offer of known status, in percent; NaN while unknown")
                .register(registry);
        Gauge.builder("healthgate.coverage.percentage", this, r -> pct(r.engine.snapshot().system().offerCoveragePercentage()))
                .description("Offers on configured gateways / all offers, in percent")
                .register(registry);
        Gauge.builder("healthgate.breakers.open", this, r -> r.breakerStates.values().stream().filter(s -> s == BreakerState.OPEN).count())
                .description("Circuit breakers open now").register(registry);
        FunctionCounter.builder("healthgate.false.timeouts.avoided", this, r -> r.engine.snapshot().system().falseTimeoutsAvoided())
                .description("Probe timeouts that a cold-start retry proved false").register(registry);
        for (io.healthgate.health.OfferStatus st : io.healthgate.health.OfferStatus.values()) {
            Gauge.builder("healthgate.models", this, r -> r.modelsWith(st)).tag("status", st.wireName())
                    .description("Catalog models by their status (as healthy as their best offer)").register(registry);
        }
        for (io.healthgate.health.GatewayStatus st : io.healthgate.health.GatewayStatus.values()) {
            Gauge.builder("healthgate.gateways", this, r -> r.gatewaysWith(st)).tag("status", st.wireName())
                    .description("Gateways by status").register(registry);
        }
    }

    /**
     * Store gauges: whether the store takes writes, the entries buffered in memory for it, and the
     * outcome updates dropped because a buffer was full ({@code storage.replay_buffer_max}).
     */
    public MetricsRecorder store(java.util.function.Supplier<Optional<io.healthgate.health.StoreStatus>> status) {
        // Kept in a field: meters hold their object weakly, and a method reference nothing else keeps would read NaN once collected.
        storeStatus = Objects.requireNonNull(status, "status");
        Gauge.builder("healthgate.store.up", this, r -> r.storeStatus.get().map(v -> v.up() ? 1.0 : 0.0).orElse(Double.NaN))
                .description("1 while the store takes writes; 0 while it is unreachable (writes are buffered)").register(registry);
        Gauge.builder("healthgate.store.buffered.writes", this, r -> r.storeStatus.get().map(v -> (double) v.bufferedWrites()).orElse(Double.NaN))
                .description("Entries waiting in memory for the store (offer deltas, outcome-history buckets)").register(registry);
        FunctionCounter.builder("healthgate.store.writes.dropped", this, r -> r.storeStatus.get().map(v -> (double) v.droppedWrites()).orElse(0.0))
                .description("Outcome updates dropped because a write-behind buffer was full (storage.replay_buffer_max)")
                .register(registry);
        return this;
    }

    /**
     * Fleet gauges (several instances on Redis): live instances, whether Redis answers, the
     * staleness of peers' news, leases held, and messages lost while Redis was down.
     */
    public MetricsRecorder fleet(java.util.function.Supplier<Optional<io.healthgate.fleet.FleetView>> fleet) {
        Objects.requireNonNull(fleet, "fleet");
        Gauge.builder("healthgate.fleet.instances", fleet, f -> f.get().map(v -> (double) v.instances().size()).orElse(Double.NaN))
                .description("Live gateway instances in the fleet, as this one sees them").register(registry);
        Gauge.builder("healthgate.fleet.redis.up", fleet, f -> f.get().map(v -> v.redisUp() ? 1.0 : 0.0).orElse(Double.NaN))
                .description("1 while Redis answers; 0 while this instance serves on its own view").register(registry);
        Gauge.builder("healthgate.fleet.staleness.p50.seconds", fleet, f -> f.get().flatMap(v -> v.staleness())
                        .map(st -> st.p50().toMillis() / 1000.0).orElse(Double.NaN))
                .description("Median age of peers' news on arrival (last 1024 messages)").register(registry);
        Gauge.builder("healthgate.fleet.staleness.max.seconds", fleet, f -> f.get().flatMap(v -> v.staleness())
                        .map(st -> st.max().toMillis() / 1000.0).orElse(Double.NaN))
                .description("Oldest peers' news on arrival (last 1024 messages)").register(registry);
        Gauge.builder("healthgate.fleet.leases.held", fleet, f -> f.get().map(v -> (double) v.leasesHeld()).orElse(Double.NaN))
                .description("Probe leases this instance holds").register(registry);
        FunctionCounter.builder("healthgate.fleet.messages.lost", fleet, f -> f.get().map(v -> (double) v.lost()).orElse(0.0))
                .description("Fleet messages that could not be sent (Redis down or queue full)").register(registry);
        return this;
    }

    @Override
    public void onOutcome(Outcome o) {
        Catalog catalog = engine.catalog();
        boolean known = catalog.offer(o.offer()).isPresent();
        String gateway = known || catalog.gateway(o.offer().gateway()).isPresent() ? o.offer().gateway() : UNKNOWN;
        String model = known || catalog.model(o.offer().model()).isPresent() ? o.offer().model() : UNKNOWN;
        requests.computeIfAbsent(new RequestKey(gateway, model, o.outcomeClass(), o.source()), k -> Counter.builder("healthgate.requests")
                .description("Upstream calls by gateway, model, outcome class and source (live traffic or probe)")
                .tag("gateway", k.gateway()).tag("model", k.model()).tag("outcome", k.outcome().wireName())
                .tag("source", k.source().name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)).increment();
        o.timeToFirstByte().ifPresent(t -> timer(ttfb, "healthgate.upstream.ttfb", "Upstream time to first byte", gateway).record(t));
        if (!o.total().isZero()) {
            timer(total, "healthgate.upstream.duration", "Upstream call duration, first byte of request to last of answer", gateway)
                    .record(o.total());
        }
    }

    /** The proxy calls this when an attempt on {@code from} failed with {@code why} and the next candidate is tried. */
    public void failover(OfferId from, OutcomeClass why) {
        String gateway = engine.catalog().gateway(from.gateway()).isPresent() ? from.gateway() : UNKNOWN;
        failovers.computeIfAbsent(new FailoverKey(gateway, why), k -> Counter.builder("healthgate.failovers")
                .description("Attempts that failed before the first byte and were followed by another candidate")
                .tag("gateway", k.gateway()).tag("outcome", k.outcome().wireName()).register(registry)).increment();
    }

    /** The proxy calls this when {@code first} had sent nothing by the hedge delay and a second offer was started. */
    public void hedge(OfferId first) {
        String gateway = engine.catalog().gateway(first.gateway()).isPresent() ? first.gateway() : UNKNOWN;
        hedges.computeIfAbsent(gateway, g -> Counter.builder("healthgate.hedges")
                .description("Requests where a second offer was started because the first was slow to answer")
                .tag("gateway", g).register(registry)).increment();
    }

    /** The proxy calls this when it skipped a malformed event in an otherwise healthy stream from {@code offer}. */
    public void malformedEventSkipped(OfferId offer) {
        counter("healthgate.stream.malformed.skipped", "Malformed stream events skipped (the stream went on)",
                "gateway", gatewayTag(offer.gateway()), "", "").increment();
    }

    /** The proxy calls this when every offer of {@code model} failed (or the prompt was too long) and {@code fallback} was tried. */
    public void modelFallback(String model, String fallback, OutcomeClass why) {
        Catalog catalog = engine.catalog();
        counter("healthgate.model.fallbacks", "Requests that went on to a fallback model",
                "model", catalog.model(model).isPresent() ? model : UNKNOWN, "outcome", why.wireName()).increment();
    }

    /** The proxy calls this at each step of a stream rescue ({@code result}: attempted, continued, failed, not_continuable). */
    public void streamRescue(OfferId offer, String result) {
        counter("healthgate.stream.rescues", "Streams that failed mid-way, by what stream rescue made of them",
                "gateway", gatewayTag(offer.gateway()), "result", result).increment();
    }

    private String gatewayTag(String gateway) {
        return engine.catalog().gateway(gateway).isPresent() ? gateway : UNKNOWN;
    }

    /** A counter by name and up to two tags (an empty tag name is left out); bounded by the catalog and the result names. */
    private Counter counter(String name, String description, String tag1, String value1, String tag2, String value2) {
        var b = Counter.builder(name).description(description).tag(tag1, value1);
        if (!tag2.isEmpty()) {
            b = b.tag(tag2, value2);
        }
        return b.register(registry);
    }

    /** The proxy calls this when a route plan failed open (health filtering left nothing). */
    public void planFailOpen() {
        failOpen.increment();
    }

    /** The Prometheus text exposition (format 0.0.4), with per-gateway and per-breaker meters brought up to date. */
    public String scrape() {
        sync();
        return registry.scrape();
    }

    /** The registry, for meters other parts register (the composition root may hand it on). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Registers meters for gateways and breakers that appeared since the last scrape (bounded by the catalog). */
    private synchronized void sync() {
        Instant now = engine.clock().instant();
        Catalog catalog = engine.catalog();
        if (breakers.isPresent()) {
            Map<OfferId, BreakerState> states = new java.util.HashMap<>();
            for (BreakerView v : breakers.get().views(now)) {
                if (catalog.offer(v.offer()).isPresent()) {
                    states.put(v.offer(), v.state());
                }
            }
            breakerStates = Map.copyOf(states);
            for (OfferId id : states.keySet()) {
                if (breakerGauges.add(id)) {
                    Gauge.builder("healthgate.breaker.state", this, r -> code(r.breakerStates.getOrDefault(id, BreakerState.CLOSED)))
                            .description("Circuit breaker per offer: 0 closed, 1 half-open, 2 open")
                            .tag("gateway", id.gateway()).tag("model", id.model()).register(registry);
                }
            }
        }
        for (String g : engine.snapshot().gateways().keySet()) {
            if (gatewayMeters.add(g)) {
                FunctionCounter.builder("healthgate.probes", this, r -> r.spend(g).requests())
                        .description("Probe requests sent").tag("gateway", g).register(registry);
                FunctionCounter.builder("healthgate.probe.tokens", this, r -> r.spend(g).tokens())
                        .description("Tokens spent by probes").tag("gateway", g).register(registry);
                FunctionCounter.builder("healthgate.canaries", this, r -> r.canarySpend(g).requests())
                        .description("Canary requests sent (models lists and tiny completions to quiet gateways)").tag("gateway", g).register(registry);
                FunctionCounter.builder("healthgate.canary.tokens", this, r -> r.canarySpend(g).tokens())
                        .description("Tokens spent by canary completions").tag("gateway", g).register(registry);
            }
        }
    }

    private HealthSnapshot.ProbeSpend spend(String gateway) {
        return engine.snapshot().gateway(gateway).map(HealthSnapshot.GatewayHealth::probes).orElse(HealthSnapshot.ProbeSpend.NONE);
    }

    private HealthSnapshot.ProbeSpend canarySpend(String gateway) {
        return engine.snapshot().gateway(gateway).map(HealthSnapshot.GatewayHealth::canaries).orElse(HealthSnapshot.ProbeSpend.NONE);
    }

    private double modelsWith(io.healthgate.health.OfferStatus st) {
        return engine.snapshot().models().values().stream().filter(m -> m.status() == st).count();
    }

    private double gatewaysWith(io.healthgate.health.GatewayStatus st) {
        return engine.snapshot().gateways().values().stream().filter(g -> g.status() == st).count();
    }

    private Timer timer(Map<String, Timer> cache, String name, String description, String gateway) {
        return cache.computeIfAbsent(gateway, g -> Timer.builder(name).description(description).tag("gateway", g)
                .serviceLevelObjectives(BUCKETS).register(registry));
    }

    private static double pct(Optional<Double> p) {
        return p.orElse(Double.NaN);
    }

    private static double code(BreakerState s) {
        return switch (s) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
