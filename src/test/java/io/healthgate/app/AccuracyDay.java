package io.healthgate.app;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.config.BuiltinCatalog;
import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.health.HealthSettings;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.proxy.ChatProxy;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.GatewaySpec;
import io.healthgate.simulator.OfferSpec;
import io.healthgate.simulator.OfferTruth;
import io.healthgate.simulator.Outage;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.TruthState;
import io.healthgate.support.FakeClock;
import io.healthgate.support.GatewayCalls;
import io.healthgate.support.ManualExecutor;
import io.healthgate.support.ManualScheduler;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The accuracy benchmark over a simulated day (issue 11, item 6): the real gateway (composition
 * root, SQLite store, shipped monitoring defaults) in front of the simulator's default scenario
 * (31 gateways, 387 models, 767 offers), gateway and fleet on one {@link FakeClock}, the gateway's
 * health schedules on a {@link ManualExecutor}. The clock moves one second per step; each step runs
 * what falls due, sends the live requests that arrive in it, waits (bounded, wall time) until
 * every probe, canary and call it started is answered and recorded, and rebuilds the snapshot, so
 * the view at fake second t is what the gateway knew at t. The fleet answers at once in wall time
 * ({@code wallLatencyScale(0)}): a day runs in minutes.
 *
 * <p>Schedule: the default scenario's outages (3 per-model, 1 gateway-wide, 20-60 s in, lasting
 * 30-90 s at {@code time_scale} 1) are mapped onto the day, each three times: starting at
 * {@code start x 360} s (2-6 h) and again 8 h and 16 h later, lasting {@code duration x} 60, 10 or 2
 * (30-90 min, 5-15 min, 1-3 min; the order rotates per outage). {@code time_scale} stays 1, so
 * latencies, cold starts, the aggregator's 4-models-a-minute window and Retry-After are real-world
 * sized on the fake clock. The smoke size keeps a slice (the gateway-wide outage's gateway, the
 * per-model outages' gateways and their models' other gateways, the rate-limited aggregator, the
 * wrong-key, misnamed-key and one missing-key gateway, at most {@value #SMOKE_OFFERS} offers each)
 * over {@value #SMOKE_SECONDS} s with every outage once (20-60 min in, 2.5-7.5 min long).
 *
 * <p>Live traffic: seeded Poisson arrivals on ten popular models ({@link Options#liveRate} req/s in
 * all) plus, on the models of the first two per-model outages, one request a second from 5 minutes
 * before to 5 minutes after each of their outages (the default scenario puts no outage on a
 * popular model; this is where traffic meets outages, and what "with traffic" measures). The
 * third per-model outage has no traffic; the gateway-wide outage's gateway gets whatever the mix
 * routes there.
 *
 * <p>{@link #main} prints the figures ({@code FIGURES:} lines, each with its definition);
 * {@link AccuracyDaySmokeTest} asserts the smoke size's targets on {@link Result}.
 */
public final class AccuracyDay {
    static final long SEED = 42;
    static final int SMOKE_SECONDS = 7200;
    static final int SMOKE_OFFERS = 8;
    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    static final Set<TruthState> NOT_THE_MODELS_FAULT = EnumSet.of(TruthState.UP, TruthState.SLOW, TruthState.COLD_START,
            TruthState.RATE_LIMITED, TruthState.AUTH_REJECTED, TruthState.NO_CREDITS, TruthState.NOT_FOUND);
    static final Set<TruthState> FAILING = EnumSet.of(TruthState.DOWN, TruthState.HANGING, TruthState.BROKEN);
    /** Requests a second on a trafficked outage model around its outages. */
    static final double OUTAGE_MODEL_RATE = 1.0;
    static final int OUTAGE_TRAFFIC_MARGIN = 300;

    /**
     * @param probes monitoring on (probes and canaries), or traffic only
     * @param seconds length of the run in fake seconds
     * @param liveRate requests a second of the popular-model mix
     * @param sampleEvery full comparison with the truth every this many fake seconds (offers in an outage: every second)
     */
    public record Options(boolean probes, boolean smoke, int seconds, double liveRate, int sampleEvery, boolean progress) {
        static Options day(boolean probes) {
            return new Options(probes, false, 86_400, 0.3, 5, true);
        }

        static Options smokeRun() {
            return new Options(true, true, SMOKE_SECONDS, 0.2, 5, false);
        }
    }

    /** One scheduled outage in fake seconds since the start; {@code trafficked}: its model gets the 1 req/s window. */
    public record Injected(int index, String gateway, Optional<String> model, Fault fault, int start, int end, boolean trafficked) {
        String label() {
            return gateway + model.map(m -> "/" + m).orElse(" (gateway-wide)") + " " + fault.wireName();
        }

        boolean covers(OfferId id) {
            return id.gateway().equals(gateway) && model.map(id.model()::equals).orElse(true);
        }

        boolean gatewayWide() {
            return model.isEmpty();
        }
    }

    /** What was seen of one offer in one outage, in fake seconds since the start (-1: never). */
    public static final class OfferWatch {
        final OfferId offer;
        OfferStatus atStart;
        Tier tier;
        int notHealthy = -1;
        int unhealthy = -1;
        int recovered = -1;
        long liveDuring;
        /** Probes off: first live request the offer served after the outage's end. */
        int servedAfterEnd = -1;
        long live0;
        /** First second by which a live call on the offer during the outage had its outcome recorded. */
        int firstLive = -1;


        OfferWatch(OfferId offer) {
            this.offer = offer;
        }
    }

    /** One outage and what the gateway showed of it. */
    public static final class Watch {
        final Injected outage;
        final Map<OfferId, OfferWatch> offers = new LinkedHashMap<>();
        /** Gateway-wide: first second every covered offer read not healthy. */
        int allNotHealthy = -1;
        /** Gateway-wide: first second after the end every covered offer read healthy again. */
        int allRecovered = -1;
        /** Before the outage (5 min window): the gateway that served most of the model's live requests. */
        String primaryBefore;
        HealthSnapshot before;

        Watch(Injected outage) {
            this.outage = outage;
        }

        /** With traffic: live calls reached the outage's offers while it was on. */
        boolean trafficked() {
            return offers.values().stream().anyMatch(w -> w.liveDuring > 0);
        }
    }

    /** One live request. */
    record Live(int at, String model, boolean workingOfferExists, int status, String servedBy, int attempts) {
    }

    /** One broken rule, first time seen. */
    record Violation(String rule, OfferId offer, int at, String truth, String status, String reason) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s at %s: truth %s, engine %s (%s)", rule, offer, clock(at), truth, status, reason);
        }
    }

    /** Everything a run measured. */
    public static final class Result {
        Options options;
        int gateways;
        int models;
        int offers;
        Set<String> configured = new LinkedHashSet<>();
        final List<Watch> watches = new ArrayList<>();
        final Map<String, Violation> falseUnhealthy = new LinkedHashMap<>();
        long falseUnhealthySamples;
        final Map<String, Violation> crossModelThrottles = new LinkedHashMap<>();
        final Map<String, Violation> keyViolations = new LinkedHashMap<>();
        final List<Live> live = new ArrayList<>();
        final Set<String> popular = new LinkedHashSet<>();
        long samples;
        long probeRequests;
        long probeTokens;
        long canaryRequests;
        long canaryTokens;
        long fleetRequests;
        long liveUpstreamCalls;
        long fixedRequests;
        long fixedTokens;
        String fixedBreakdown = "";
        long wallMillis;
        HealthSnapshot last;
        HealthSettings settings;
        Map<String, String> keyOf = new HashMap<>();
        Map<OfferId, OfferStatus> finalStatus = new HashMap<>();
        Map<OfferId, OfferTruth> finalTruth = new HashMap<>();
    }

    private AccuracyDay() {
    }

    // ---- the scenario ----

    /** The default scenario at time_scale 1 with its outages moved onto the day (or the smoke slice). */
    static Scenario scenario(Options o) {
        Scenario base = Scenario.defaultFleet(BuiltinCatalog.load(), SEED);
        int[] idx = {0};
        List<GatewaySpec> gs = new ArrayList<>();
        for (GatewaySpec g : base.gateways()) {
            GatewaySpec spec = g.withBehaviour(reschedule(g.behaviour(), idx, o.smoke()));
            List<OfferSpec> offers = new ArrayList<>();
            for (OfferSpec offer : g.offers()) {
                offers.add(offer.with(reschedule(offer.behaviour(), idx, o.smoke())));
            }
            gs.add(spec.withOffers(offers));
        }
        if (!o.smoke()) {
            addQuietGatewayOutages(gs);
        }
        Scenario day = new Scenario(base.seed(), 1.0, gs, base.models(), base.demoEnvironment());
        return o.smoke() ? slice(day) : day;
    }

    private static final int[] DURATION_FACTORS = {60, 10, 2};
    /** A keyed gateway the day's live mix never reaches (first-party models only). */
    static final String QUIET_GATEWAY = "anthropic";

    /**
     * The default scenario's one gateway-wide outage is on a gateway (groq) that the day's live mix
     * reaches, so the day adds the same three outages, an hour later each, on {@value #QUIET_GATEWAY}:
     * a gateway-wide outage on a quiet gateway, which only canaries can see between hour-long probes.
     */
    private static void addQuietGatewayOutages(List<GatewaySpec> gs) {
        List<Outage> wide = gs.stream().flatMap(g -> g.behaviour().outages().stream()).toList();
        for (int i = 0; i < gs.size(); i++) {
            GatewaySpec g = gs.get(i);
            if (g.name().equals(QUIET_GATEWAY)) {
                Behaviour b = g.behaviour();
                for (Outage x : wide) {
                    b = b.withOutage(x.startSeconds() + 3600, x.durationSeconds(), x.fault());
                }
                gs.set(i, g.withBehaviour(b));
            }
        }
    }

    private static Behaviour reschedule(Behaviour b, int[] idx, boolean smoke) {
        if (b.outages().isEmpty()) {
            return b;
        }
        List<Outage> out = new ArrayList<>();
        for (Outage x : b.outages()) {
            int i = idx[0]++;
            if (smoke) {
                out.add(new Outage(x.startSeconds() * 60, x.durationSeconds() * 5, x.fault()));
            } else {
                for (int k = 0; k < 3; k++) {
                    out.add(new Outage(x.startSeconds() * 360 + k * 8 * 3600, x.durationSeconds() * DURATION_FACTORS[(k + i) % 3], x.fault()));
                }
            }
        }
        return new Behaviour(b.firstByteMs(), b.chunkDelayMs(), b.coldStartMs(), b.idleSeconds(), b.fault(), b.retryAfterSeconds(),
                b.cutAfterChunks(), b.errorRate(), b.flakyFault(), b.minMaxTokens(), b.modelSwitchesPerMinute(), out, b.stallSeconds(),
                b.faultAfterTokens(), b.refusesPrefix());
    }

    /** The smoke slice: see the class comment. */
    private static Scenario slice(Scenario day) {
        Map<String, String> env = day.demoEnvironment();
        Set<String> keep = new LinkedHashSet<>();
        Set<String> outageModels = new LinkedHashSet<>();
        for (GatewaySpec g : day.gateways()) {
            if (!g.behaviour().outages().isEmpty()) {
                keep.add(g.name());
            }
            for (OfferSpec o : g.offers()) {
                if (!o.behaviour().outages().isEmpty()) {
                    keep.add(g.name());
                    outageModels.add(o.model());
                }
            }
        }
        for (GatewaySpec g : day.gateways()) {
            if (g.offers().stream().anyMatch(o -> outageModels.contains(o.model()))) {
                keep.add(g.name());
            }
        }
        String missing = null;
        for (GatewaySpec g : day.gateways()) {
            boolean keyed = !g.apiKeyEnv().isEmpty() && env.containsKey(g.apiKeyEnv());
            if (g.behaviour().modelSwitchesPerMinute() > 0) {
                keep.add(g.name());
            }
            if (keyed && !env.get(g.apiKeyEnv()).equals(g.apiKey())) {
                keep.add(g.name()); // the wrong key
            }
            if (g.name().equals("huggingface")) {
                keep.add(g.name()); // the misnamed key
            }
            if (missing == null && !keyed && !g.name().equals("huggingface") && Boolean.TRUE.equals(g.enabled())
                    && !g.offers().isEmpty() && g.protocol() != io.healthgate.catalog.Protocol.SPECIAL) {
                missing = g.name();
                keep.add(g.name());
            }
        }
        // A per-model outage's offer comes first among its model's offers (catalog order decides
        // between equals), so the smoke has outages on a primary that traffic meets.
        Map<String, Integer> outageAt = new HashMap<>();
        for (int i = 0; i < day.gateways().size(); i++) {
            int gi = i;
            day.gateways().get(i).offers().stream().filter(o -> !o.behaviour().outages().isEmpty()).forEach(o -> outageAt.putIfAbsent(o.model(), gi));
        }
        List<GatewaySpec> gs = new ArrayList<>();
        for (int i = 0; i < day.gateways().size(); i++) {
            GatewaySpec g = day.gateways().get(i);
            if (!keep.contains(g.name())) {
                continue;
            }
            int gi = i;
            List<OfferSpec> offers = new ArrayList<>();
            g.offers().stream().filter(o -> outageModels.contains(o.model()) && outageAt.get(o.model()) <= gi).forEach(offers::add);
            g.offers().stream().filter(o -> !outageModels.contains(o.model())).limit(Math.max(0, SMOKE_OFFERS - offers.size()))
                    .forEach(offers::add);
            gs.add(g.withOffers(offers));
        }
        return new Scenario(day.seed(), 1.0, gs, day.models(), env);
    }

    /** The scenario's outages in fake seconds; the first two per-model ones get traffic (all of them in the smoke). */
    static List<Injected> outages(Scenario s, boolean smoke) {
        List<Injected> out = new ArrayList<>();
        Map<String, Integer> perModelOrder = new LinkedHashMap<>();
        for (GatewaySpec g : s.gateways()) {
            for (Outage o : g.behaviour().outages()) {
                out.add(injected(out.size(), g.name(), Optional.empty(), o, false));
            }
            for (OfferSpec offer : g.offers()) {
                for (Outage o : offer.behaviour().outages()) {
                    int n = perModelOrder.computeIfAbsent(g.name() + "/" + offer.model(), k -> perModelOrder.size());
                    out.add(injected(out.size(), g.name(), Optional.of(offer.model()), o, smoke || n < 2));
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(Injected::start));
        List<Injected> renumbered = new ArrayList<>();
        for (Injected i : out) {
            renumbered.add(new Injected(renumbered.size() + 1, i.gateway(), i.model(), i.fault(), i.start(), i.end(), i.trafficked()));
        }
        return renumbered;
    }

    private static Injected injected(int i, String gateway, Optional<String> model, Outage o, boolean trafficked) {
        int start = (int) Math.round(o.startSeconds());
        return new Injected(i, gateway, model, o.fault(), start, start + (int) Math.round(o.durationSeconds()), trafficked);
    }

    // ---- the run ----

    static HealthgateConfig config(Path dir, boolean probes) {
        // First-byte times are real milliseconds of a fleet that answers at once: noise (see
        // fakeClockSettings); every monitoring setting is the shipped default.
        Map<String, String> cfg = SimulatedGateway.fakeClockSettings(dir.resolve("day.db"));
        if (!probes) {
            cfg.put("HEALTHGATE_MONITORING_ENABLED", "false");
        }
        return ConfigLoader.load(Optional.empty(), cfg);
    }

    public static Result run(Options o) throws Exception {
        Path dir = Files.createTempDirectory("healthgate-accuracy-day");
        try {
            return new Runner(o, dir).run();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static final class Runner {
        final Options o;
        final Path dir;
        final FakeClock clock = new FakeClock(T0);
        final ManualScheduler timers = new ManualScheduler(clock);
        final Result r = new Result();
        final Map<OfferId, AtomicLong> liveByOffer = new ConcurrentHashMap<>();
        final AtomicLong liveOutcomes = new AtomicLong();
        SimulatedGateway sim;
        GatewayCalls calls;
        Catalog catalog;
        List<Injected> outages;
        int t;
        /** Offers whose truth failed and whose engine status has not left unhealthy since: recovery lag, measured per outage. */
        final Set<OfferId> staleAfterOutage = new HashSet<>();
        final Map<String, Long> rateLimitedAtFleet = new HashMap<>();

        Runner(Options o, Path dir) {
            this.o = o;
            this.dir = dir;
        }

        Result run() throws Exception {
            long wall0 = System.nanoTime();
            r.options = o;
            Scenario scenario = scenario(o);
            outages = outages(scenario, o.smoke()).stream().filter(x -> x.start() < o.seconds()).toList();
            HealthgateConfig config = config(dir, o.probes());
            sim = new SimulatedGateway(scenario, config, env -> { }, clock, Optional.of(new ManualExecutor(clock, timers)));
            try {
                sim.fleet.wallLatencyScale(0);
                calls = new GatewayCalls(sim.http, sim.baseUrl(), Duration.ofSeconds(30));
                catalog = sim.fleet.catalog();
                Map<String, String> env = sim.fleet.demoEnvironment();
                catalog.gateways().stream().filter(g -> ChatProxy.configured(g, env)).map(Gateway::name).forEach(r.configured::add);
                r.gateways = catalog.gateways().size();
                r.models = catalog.models().size();
                r.offers = catalog.offers().size();
                sim.gateway.outcomes().subscribe(x -> {
                    if (x.source() == Outcome.Source.LIVE) {
                        liveOutcomes.incrementAndGet();
                        liveByOffer.computeIfAbsent(x.offer(), k -> new AtomicLong()).incrementAndGet();
                    }
                });
                outages.forEach(x -> r.watches.add(new Watch(x)));
                List<String> popular = popularModels();
                r.popular.addAll(popular);
                int[][] arrivals = arrivals(popular);
                settle();
                for (t = 0; t < o.seconds(); ) {
                    for (int m : arrivals[t]) {
                        sendLive(m < popular.size() ? popular.get(m) : outageModel(m - popular.size()));
                    }
                    timers.advance(Duration.ofSeconds(1));
                    t++;
                    settle();
                    HealthSnapshot snap = sim.gateway.engine().rebuild();
                    watchOutages(snap);
                    trace(snap);
                    if (t % o.sampleEvery() == 0) {
                        sample(snap);
                    }
                    if (o.progress() && t % 3600 == 0) {
                        HealthSnapshot.SystemHealth sys = snap.system();
                        System.err.printf(Locale.ROOT, "accuracy-day: %s simulated, %.0f s wall; probes %d, live %d, fleet requests %d%n",
                                clock(t), (System.nanoTime() - wall0) / 1e9, sys.probeRequests(), r.live.size(), sim.fleet.totalRequests());
                    }
                }
                HealthSnapshot last = sim.gateway.engine().rebuild();
                sample(last);
                finish(last);
            } finally {
                sim.close();
            }
            r.wallMillis = (System.nanoTime() - wall0) / 1_000_000;
            return r;
        }

        /**
         * Ten popular models: the chat models with the most offers on configured gateways, at least
         * two (ties in catalog order), leaving out the outage models, whose traffic is their own.
         */
        List<String> popularModels() {
            Set<String> outageModels = new HashSet<>();
            outages.forEach(x -> x.model().ifPresent(outageModels::add));
            // Quiet gateways stay quiet: the smoke's gateway-wide outage gateway, the day's added one.
            Set<String> quiet = new HashSet<>();
            if (o.smoke()) {
                outages.stream().filter(Injected::gatewayWide).forEach(x -> quiet.add(x.gateway()));
            } else {
                quiet.add(QUIET_GATEWAY);
            }
            return catalog.models().stream()
                    .filter(m -> !m.isEmbedding() && !outageModels.contains(m.id()))
                    .filter(m -> m.offers().stream().noneMatch(x -> quiet.contains(x.gateway())))
                    .filter(m -> m.offers().stream().filter(x -> r.configured.contains(x.gateway())).count() >= 2)
                    .sorted(java.util.Comparator.comparingLong((Model m) -> -m.offers().stream().filter(x -> r.configured.contains(x.gateway())).count()))
                    .limit(10).map(Model::id).toList();
        }

        List<String> outageModels() {
            return outages.stream().filter(Injected::trafficked).map(x -> x.model().orElseThrow()).distinct().toList();
        }

        String outageModel(int i) {
            return outageModels().get(i);
        }

        /** Seeded arrivals per fake second: indexes into popular models, then outage models. */
        int[][] arrivals(List<String> popular) {
            SplittableRandom rnd = new SplittableRandom(SEED + 7);
            List<List<Integer>> per = new ArrayList<>();
            for (int i = 0; i < o.seconds(); i++) {
                per.add(new ArrayList<>());
            }
            if (!popular.isEmpty() && o.liveRate() > 0) {
                double at = 0;
                while (true) {
                    at += -Math.log(1 - rnd.nextDouble()) / o.liveRate();
                    if (at >= o.seconds()) {
                        break;
                    }
                    per.get((int) at).add(rnd.nextInt(popular.size()));
                }
            }
            List<String> om = outageModels();
            for (Injected x : outages) {
                if (!x.trafficked()) {
                    continue;
                }
                int m = popular.size() + om.indexOf(x.model().orElseThrow());
                double at = Math.max(0, x.start() - OUTAGE_TRAFFIC_MARGIN);
                int to = Math.min(o.seconds(), x.end() + OUTAGE_TRAFFIC_MARGIN);
                while (true) {
                    at += -Math.log(1 - rnd.nextDouble()) / OUTAGE_MODEL_RATE;
                    if (at >= to) {
                        break;
                    }
                    per.get((int) at).add(m);
                }
            }
            int[][] out = new int[o.seconds()][];
            for (int i = 0; i < o.seconds(); i++) {
                out[i] = per.get(i).stream().mapToInt(Integer::intValue).toArray();
            }
            return out;
        }

        void sendLive(String model) throws Exception {
            boolean working = false;
            for (Offer x : catalog.model(model).orElseThrow().offers()) {
                OfferTruth tr = sim.fleet.truth(x.gateway(), x.model());
                if (tr.demoKey().equals("ok") && tr.state().serves()) {
                    working = true;
                }
            }
            HttpResponse<String> resp = calls.chat(model);
            String by = resp.headers().firstValue("x-healthgate-gateway").orElse("");
            int attempts = resp.headers().firstValue("x-healthgate-attempts").map(Integer::parseInt).orElse(0);
            r.live.add(new Live(t, model, working, resp.statusCode(), by, attempts));
            if (resp.statusCode() == 200) {
                for (Watch w : r.watches) {
                    Injected x = w.outage;
                    OfferWatch ow = w.offers.get(new OfferId(by, model));
                    if (ow != null && t >= x.end() && ow.servedAfterEnd < 0) {
                        ow.servedAfterEnd = t;
                    }
                }
            }
        }

        /** The schedules due now run, everything they and the client started is answered (bounded wait). */
        void settle() {
            timers.runDue();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!sim.settled()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not quiet after 20 s wall at " + clock(t));
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        /** Every second: the offers of outages that started and are not yet all recovered. */
        void watchOutages(HealthSnapshot snap) {
            for (Watch w : r.watches) {
                Injected x = w.outage;
                if (t == x.start() - 1) {
                    w.before = snap; // what the views showed the second before it began
                }
                if (t < x.start()) {
                    continue;
                }
                if (w.offers.isEmpty()) {
                    begin(w, snap);
                }
                boolean allNot = !w.offers.isEmpty();
                boolean allHealthy = !w.offers.isEmpty();
                for (OfferWatch ow : w.offers.values()) {
                    OfferStatus s = status(snap, ow.offer);
                    if (t <= x.end()) {
                        long now = liveByOffer.getOrDefault(ow.offer, new AtomicLong()).get() - ow.live0;
                        ow.liveDuring = now;
                        if (ow.liveDuring > 0 && ow.firstLive < 0) {
                            ow.firstLive = t;
                        }
                    }
                    boolean open = Optional.ofNullable(snap.offers().get(ow.offer)).map(HealthSnapshot.OfferHealth::circuitOpen).orElse(false);
                    if (t < x.end() || t == x.start()) {
                        if (ow.notHealthy < 0 && s != OfferStatus.HEALTHY) {
                            ow.notHealthy = t;
                        }
                        if (ow.unhealthy < 0 && (s == OfferStatus.UNHEALTHY || open)) {
                            ow.unhealthy = t;
                        }
                    }
                    allNot &= s != OfferStatus.HEALTHY;
                    if (t >= x.end() && ow.recovered < 0 && s == OfferStatus.HEALTHY) {
                        ow.recovered = t;
                    }
                    allHealthy &= s == OfferStatus.HEALTHY;
                }
                if (x.gatewayWide() && t < x.end() && w.allNotHealthy < 0 && allNot) {
                    w.allNotHealthy = t;
                }
                if (x.gatewayWide() && t >= x.end() && w.allRecovered < 0 && allHealthy) {
                    w.allRecovered = t;
                }
                if (t == x.start() - OUTAGE_TRAFFIC_MARGIN || t == x.start()) {
                    w.primaryBefore = primaryBefore(x);
                }
            }
        }

        /** {@code -Daccuracy.trace=gateway:model}: that offer's status changes, on stderr (for reading a figure, not part of it). */
        final String traced = System.getProperty("accuracy.trace");
        String tracedLast = "";

        void trace(HealthSnapshot snap) {
            if (traced == null) {
                return;
            }
            snap.offers().values().stream().filter(h -> h.offer().toString().equals(traced)).findFirst().ifPresent(h -> {
                String line = h.status().wireName() + " open=" + h.circuitOpen() + " tier=" + h.tier().wireName();
                if (!line.equals(tracedLast)) {
                    System.err.println("accuracy-trace " + clock(t) + " " + traced + " truth=" + sim.fleet.truth(h.offer().gateway(), h.offer().model()).state().wireName()
                            + " " + line + ": " + h.reason());
                    tracedLast = line;
                }
            });
        }

        /** The offers an outage covers: keyed right, and not a model that is gone anyway. */
        void begin(Watch w, HealthSnapshot snap) {
            Injected x = w.outage;
            for (Offer off : catalog.offers()) {
                OfferId id = new OfferId(off.gateway(), off.model());
                if (!x.covers(id)) {
                    continue;
                }
                OfferTruth tr = sim.fleet.truth(id.gateway(), id.model());
                if (!tr.demoKey().equals("ok") || status(snap, id) == OfferStatus.DEPRECATED) {
                    continue;
                }
                OfferWatch ow = new OfferWatch(id);
                ow.atStart = status(w.before == null ? snap : w.before, id);
                ow.tier = Optional.ofNullable(snap.offers().get(id)).map(HealthSnapshot.OfferHealth::tier).orElse(Tier.ON_DEMAND);
                ow.live0 = liveByOffer.getOrDefault(id, new AtomicLong()).get();
                w.offers.put(id, ow);
            }
        }

        String primaryBefore(Injected x) {
            if (x.model().isEmpty()) {
                return null;
            }
            Map<String, Integer> by = new HashMap<>();
            for (Live l : r.live) {
                if (l.model().equals(x.model().get()) && l.at() >= x.start() - OUTAGE_TRAFFIC_MARGIN && l.at() < x.start() && l.status() == 200) {
                    by.merge(l.servedBy(), 1, Integer::sum);
                }
            }
            return by.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        }

        void sample(HealthSnapshot snap) {
            r.samples++;
            for (OfferTruth tr : sim.fleet.truth()) {
                OfferId id = new OfferId(tr.gateway(), tr.model());
                HealthSnapshot.OfferHealth h = snap.offers().get(id);
                OfferStatus s = h == null ? OfferStatus.UNKNOWN : h.status();
                String reason = h == null ? "not in snapshot" : h.reason();
                String key = tr.demoKey();
                if (FAILING.contains(tr.state())) {
                    staleAfterOutage.add(id);
                } else if (s != OfferStatus.UNHEALTHY) {
                    staleAfterOutage.remove(id);
                }
                if (s == OfferStatus.UNHEALTHY && NOT_THE_MODELS_FAULT.contains(tr.state()) && !staleAfterOutage.contains(id)) {
                    r.falseUnhealthySamples++;
                    r.falseUnhealthy.putIfAbsent(id.toString(), new Violation("false unhealthy", id, t, tr.state().wireName() + "/key " + key,
                            s.wireName(), reason));
                }
                if ((key.equals("missing") || key.equals("misnamed")) && s != OfferStatus.UNCONFIGURED) {
                    r.keyViolations.putIfAbsent(id + "|" + s, new Violation("key " + key + " not unconfigured", id, t, tr.state().wireName(),
                            s.wireName(), reason));
                }
                if (key.equals("wrong") && s != OfferStatus.MISCONFIGURED && s != OfferStatus.UNKNOWN) {
                    r.keyViolations.putIfAbsent(id + "|" + s, new Violation("key wrong not misconfigured", id, t, tr.state().wireName(),
                            s.wireName(), reason));
                }
                if (h != null && h.throttle().isPresent() && !switchLimited(id.gateway())
                        && sim.fleet.requestCount(id.gateway(), id.model(), "rate_limited") == 0) {
                    r.crossModelThrottles.putIfAbsent(id.toString(), new Violation("throttled without a 429 of its own", id, t,
                            tr.state().wireName(), s.wireName(), h.throttle().get().scope().wireName() + ": " + h.throttle().get().reason()));
                }
            }
        }

        boolean switchLimited(String gateway) {
            return catalog.gateway(gateway).map(g -> g.modelSwitchesPerMinute() > 0).orElse(false);
        }

        void finish(HealthSnapshot last) {
            r.last = last;
            HealthSnapshot.SystemHealth sys = last.system();
            r.probeRequests = sys.probeRequests();
            r.probeTokens = sys.probeTokens();
            for (HealthSnapshot.GatewayHealth g : last.gateways().values()) {
                r.canaryRequests += g.canaries().requests();
                r.canaryTokens += g.canaries().tokens();
            }
            r.fleetRequests = sim.fleet.totalRequests();
            r.liveUpstreamCalls = liveOutcomes.get();
            HealthSettings hs = sim.gateway.engine().settings();
            r.settings = hs;
            Map<Tier, long[]> by = new LinkedHashMap<>();
            for (Model m : catalog.models()) {
                for (Offer x : m.offers()) {
                    if (!r.configured.contains(x.gateway())) {
                        continue;
                    }
                    OfferId id = new OfferId(x.gateway(), m.id());
                    Tier tier = Optional.ofNullable(last.offers().get(id)).map(HealthSnapshot.OfferHealth::tier).orElse(Tier.ON_DEMAND);
                    HealthSettings.TierSettings ts = hs.tier(tier);
                    long probes = (o.seconds() + ts.interval().toSeconds() - 1) / ts.interval().toSeconds();
                    int tokens = m.reasoning() ? Math.max(ts.maxTokens(), hs.reasoningMaxTokens()) : ts.maxTokens();
                    r.fixedRequests += probes;
                    r.fixedTokens += probes * tokens;
                    long[] b = by.computeIfAbsent(tier, k -> new long[3]);
                    b[0]++;
                    b[1] += probes;
                    b[2] += probes * tokens;
                }
            }
            StringBuilder sb = new StringBuilder();
            by.forEach((tier, b) -> sb.append(String.format(Locale.ROOT, "%s %d offers every %ds: %d requests, %d tokens; ",
                    tier.wireName(), b[0], hs.tier(tier).interval().toSeconds(), b[1], b[2])));
            r.fixedBreakdown = sb.toString();
            for (OfferTruth tr : sim.fleet.truth()) {
                OfferId id = new OfferId(tr.gateway(), tr.model());
                r.finalTruth.put(id, tr);
                r.finalStatus.put(id, status(last, id));
                r.keyOf.put(tr.gateway(), tr.demoKey());
            }
        }
    }

    // ---- figures ----

    /** The outage's class: how the gateway could learn of it. */
    static String kind(Watch w) {
        if (w.outage.gatewayWide()) {
            return w.trafficked() ? "gateway-wide, with traffic" : "gateway-wide, quiet gateway (canary)";
        }
        return w.trafficked() ? "per-model, with traffic" : "per-model, untrafficked";
    }

    /** Fake seconds from the outage's start until it read not healthy (gateway-wide: on every offer), or -1. */
    static int detection(Watch w) {
        if (w.offers.values().stream().noneMatch(x -> x.atStart == OfferStatus.HEALTHY)) {
            return NA; // nothing read healthy when it began: there is no change to detect
        }
        if (w.outage.gatewayWide()) {
            return w.allNotHealthy < 0 ? -1 : w.allNotHealthy - w.outage.start();
        }
        return w.offers.values().stream().mapToInt(x -> x.notHealthy < 0 ? -1 : x.notHealthy - w.outage.start()).max().orElse(-1);
    }

    /** Fake seconds from the outage's start until it read unhealthy (gateway-wide: the first offer), or -1. */
    static int unhealthyAfter(Watch w) {
        return w.offers.values().stream().filter(x -> x.unhealthy >= 0).mapToInt(x -> x.unhealthy - w.outage.start()).min().orElse(-1);
    }

    /**
     * With traffic: fake seconds from the first live call on the offer during the outage (each
     * fails) until it read unhealthy or its breaker open, or -1 (no live call, or never).
     */
    static int fromFirstLiveCall(Watch w) {
        return w.offers.values().stream().filter(x -> x.firstLive >= 0)
                .mapToInt(x -> x.unhealthy < 0 ? -1 : Math.max(0, x.unhealthy - x.firstLive)).max().orElse(-1);
    }

    /** Live calls on the outage's offers while it was on. */
    static long liveDuring(Watch w) {
        return w.offers.values().stream().mapToLong(x -> x.liveDuring).sum();
    }

    /** Fake seconds from the outage's end until healthy again (gateway-wide: every offer), or -1. */
    static int recovery(Watch w) {
        int d = detection(w);
        if (d < 0) {
            return d == NA ? NA : -1; // never seen, so no recovery to see
        }
        if (w.outage.gatewayWide()) {
            return w.allRecovered < 0 ? -1 : w.allRecovered - w.outage.end();
        }
        return w.offers.values().stream().mapToInt(x -> x.recovered < 0 ? -1 : x.recovered - w.outage.end()).max().orElse(-1);
    }

    /** Not applicable (printed n/a). */
    static final int NA = -2;

    /**
     * Under traffic as the target means it (about a request a second on the model, the offer its
     * primary): a per-model outage on a trafficked model whose offer served most of the model's
     * live requests in the 5 minutes before; fake seconds from the first live call on it during
     * the outage until it read unhealthy or its breaker open; -1 never; {@link #NA} otherwise.
     */
    static int underTraffic(Watch w) {
        if (w.outage.gatewayWide() || !w.outage.trafficked() || !w.outage.gateway().equals(w.primaryBefore)) {
            return NA;
        }
        return fromFirstLiveCall(w);
    }

    /**
     * Traffic back on a recovered primary: fake seconds from the end until the offer served a live
     * request again. Per-model: only when the offer was the model's primary before the outage
     * ({@link #NA} otherwise); gateway-wide: the slowest of the offers live calls reached during it.
     * -1: never.
     */
    static int trafficBack(Watch w) {
        List<OfferWatch> xs;
        if (w.outage.gatewayWide()) {
            xs = w.offers.values().stream().filter(x -> x.liveDuring > 0).toList();
        } else {
            xs = w.outage.gateway().equals(w.primaryBefore) ? List.copyOf(w.offers.values()) : List.of();
        }
        if (xs.isEmpty()) {
            return NA;
        }
        return xs.stream().mapToInt(x -> x.servedAfterEnd < 0 ? -1 : x.servedAfterEnd - w.outage.end()).reduce((a, b) -> a < 0 || b < 0 ? -1 : Math.max(a, b)).orElse(NA);
    }

    static long tierInterval(Result r, Watch w, HealthSettings hs) {
        return w.offers.values().stream().mapToLong(x -> hs.tier(x.tier).interval().toSeconds()).max().orElse(0);
    }

    static boolean missedGatewayWide(Watch w) {
        return w.outage.gatewayWide() && w.allNotHealthy < 0;
    }

    /** Untrafficked per-model outage that lasted two tier intervals and was not seen within two tier intervals. */
    static boolean missedUntrafficked(Watch w, long interval) {
        if (w.outage.gatewayWide() || w.trafficked()) {
            return false;
        }
        int d = detection(w);
        long duration = w.outage.end() - w.outage.start();
        return duration >= 2 * interval && (d < 0 || d > 2 * interval);
    }

    static double successRate(Result r) {
        long n = r.live.stream().filter(Live::workingOfferExists).count();
        long ok = r.live.stream().filter(l -> l.workingOfferExists() && l.status() == 200).count();
        return n == 0 ? Double.NaN : 100.0 * ok / n;
    }

    static List<String> figures(Result r, HealthSettings hs) {
        List<String> out = new ArrayList<>();
        Options o = r.options;
        out.add(String.format(Locale.ROOT, "run: %s; %d gateways, %d models, %d offers, %d gateways configured (%s); %s simulated in %.1f min wall; "
                        + "%d live requests; %d full comparisons with the truth (every %d s, outage offers every second)",
                o.smoke() ? "smoke" : o.probes() ? "day" : "day without probes", r.gateways, r.models, r.offers, r.configured.size(),
                String.join(",", r.configured), clock(o.seconds()), r.wallMillis / 60000.0, r.live.size(), r.samples, o.sampleEvery()));
        out.add("live mix: popular models " + r.popular + " at " + o.liveRate() + " req/s in all (seeded Poisson); outage models "
                + r.watches.stream().filter(w -> w.outage.trafficked()).map(w -> w.outage.model().orElseThrow()).distinct().toList()
                + " at " + OUTAGE_MODEL_RATE + " req/s from " + OUTAGE_TRAFFIC_MARGIN + " s before to " + OUTAGE_TRAFFIC_MARGIN + " s after each of their outages");
        out.add("false-unhealthy offers (engine unhealthy at a comparison while the truth is up, slow, cold start, rate limited, key rejected, "
                + "no credits or not found; not counted: the stretch after the offer's own outage until it first reads not unhealthy, which is recovery time): "
                + r.falseUnhealthy.size() + " offers, " + r.falseUnhealthySamples + " offer-samples");
        r.falseUnhealthy.values().forEach(v -> out.add("  " + v));
        out.add("cross-model throttles (an offer on a gateway without a gateway-wide limit shown throttled although the fleet never answered it 429): "
                + r.crossModelThrottles.size());
        r.crossModelThrottles.values().forEach(v -> out.add("  " + v));
        out.add("keys misjudged (missing/misnamed key not unconfigured, or a rejected key not misconfigured/unknown, at any comparison): " + r.keyViolations.size());
        r.keyViolations.values().forEach(v -> out.add("  " + v));
        long gw = r.watches.stream().filter(w -> w.outage.gatewayWide()).count();
        out.add("missed gateway-wide outages (never shown not healthy on every one of the gateway's keyed, live offers while it was on): "
                + r.watches.stream().filter(AccuracyDay::missedGatewayWide).count() + " of " + gw);
        long untr = r.watches.stream().filter(w -> !w.outage.gatewayWide() && !w.trafficked()).count();
        long longUntr = r.watches.stream().filter(w -> !w.outage.gatewayWide() && !w.trafficked()
                && w.outage.end() - w.outage.start() >= 2 * tierInterval(r, w, hs)).count();
        out.add("missed untrafficked per-model outages (lasting at least two of the offer's tier intervals and not shown not healthy within two tier intervals): "
                + r.watches.stream().filter(w -> missedUntrafficked(w, tierInterval(r, w, hs))).count() + " of " + longUntr
                + " (untrafficked per-model outages in all: " + untr + ", seen while on: "
                + r.watches.stream().filter(w -> !w.outage.gatewayWide() && !w.trafficked() && detection(w) >= 0).count() + ")");
        out.add("outages (detection: first second from the outage's start at which the offer read not healthy, gateway-wide: every offer; "
                + "unhealthy: first offer read unhealthy or its breaker open; u.traffic (under traffic): per-model outages on a model with 1 req/s whose offer was its primary before, from the first live call on it in the outage to unhealthy/open; "
                + "healthy/n: offers healthy the second before it began / offers it covers; live: live calls on the outage's offers while it was on; recovery: from the outage's end until healthy again, gateway-wide: every offer; "
                + "traffic back: probes off, from the end until the offer served a live request again; - = never):");
        out.add(String.format(Locale.ROOT, "  %-3s %-62s %-8s %7s %-38s %9s %6s %9s %9s %9s %9s %9s %s", "#", "outage", "start", "length", "class", "healthy/n",
                "live", "detect", "unhealthy", "u.traffic", "recovery", "traffic", "tier interval / primary before"));
        for (Watch w : r.watches) {
            out.add(String.format(Locale.ROOT, "  %-3d %-62s %-8s %6ds %-38s %9s %6d %9s %9s %9s %9s %9s %s", w.outage.index(), w.outage.label(),
                    clock(w.outage.start()), w.outage.end() - w.outage.start(), kind(w),
                    w.offers.values().stream().filter(x -> x.atStart == OfferStatus.HEALTHY).count() + "/" + w.offers.size(), liveDuring(w), sec(detection(w)),
                    sec(unhealthyAfter(w)), sec(underTraffic(w)), sec(recovery(w)), o.probes() ? "" : sec(trafficBack(w)),
                    tierInterval(r, w, hs) + "s" + (w.primaryBefore == null ? "" : " / " + w.primaryBefore)));
        }
        for (String k : List.of("per-model, with traffic", "gateway-wide, quiet gateway (canary)", "gateway-wide, with traffic", "per-model, untrafficked")) {
            List<Watch> ws = r.watches.stream().filter(w -> kind(w).equals(k)).toList();
            if (ws.isEmpty()) {
                continue;
            }
            out.add(String.format(Locale.ROOT, "%s: %d outages; detection %s; unhealthy/open %s%s; recovery %s%s", k, ws.size(),
                    spread(ws.stream().map(AccuracyDay::detection).toList()), spread(ws.stream().map(AccuracyDay::unhealthyAfter).toList()),
                    k.contains("with traffic") ? "; from the first live call on an offer to unhealthy/open " + spread(ws.stream().map(AccuracyDay::fromFirstLiveCall).toList())
                            + "; under traffic (1 req/s, primary) " + spread(ws.stream().map(AccuracyDay::underTraffic).toList()) : "",
                    spread(ws.stream().map(AccuracyDay::recovery).toList()),
                    o.probes() ? "" : "; traffic back on the recovered offer " + spread(ws.stream().filter(w -> !w.outage.gatewayWide()).map(AccuracyDay::trafficBack).toList())));
        }
        long working = r.live.stream().filter(Live::workingOfferExists).count();
        out.add(String.format(Locale.ROOT, "user-visible success (live requests answered 200, of those sent while the model had an offer whose truth serves with a right key): "
                        + "%.3f%% (%d of %d; all live requests: %d of %d)", successRate(r),
                r.live.stream().filter(l -> l.workingOfferExists() && l.status() == 200).count(), working,
                r.live.stream().filter(l -> l.status() == 200).count(), r.live.size()));
        r.live.stream().filter(l -> l.workingOfferExists() && l.status() != 200).limit(10)
                .forEach(l -> out.add("  failed at " + clock(l.at()) + ": " + l.model() + " -> " + l.status() + " after " + l.attempts() + " attempts"));
        long fleetMonitoring = r.fleetRequests - r.liveUpstreamCalls;
        long ours = r.probeRequests + r.canaryRequests;
        long oursTokens = r.probeTokens + r.canaryTokens;
        out.add(String.format(Locale.ROOT, "spend, gateway's ledger: probes %d requests %d tokens; canaries %d requests %d tokens; together %d requests %d tokens",
                r.probeRequests, r.probeTokens, r.canaryRequests, r.canaryTokens, ours, oursTokens));
        out.add(String.format(Locale.ROOT, "spend, at the fleet (every request it received, models lists included, minus the live upstream calls the gateway recorded): %d requests "
                + "(%d in all, %d live)", fleetMonitoring, r.fleetRequests, r.liveUpstreamCalls));
        out.add("fixed-interval baseline (every offer of a configured gateway probed once per its tier interval over the run, from second 0; "
                + "tokens = the tier's max_tokens, reasoning models at least monitoring.reasoning_max_tokens): " + r.fixedRequests + " requests, "
                + r.fixedTokens + " tokens (" + r.fixedBreakdown.trim() + ")");
        if (o.probes()) {
            out.add(String.format(Locale.ROOT, "spend vs fixed-interval: requests %.2fx (%s; at the fleet %.2fx), tokens %.2fx (%s)",
                    ratio(ours, r.fixedRequests), fewerOrMore(ratio(ours, r.fixedRequests)), ratio(fleetMonitoring, r.fixedRequests),
                    ratio(oursTokens, r.fixedTokens), fewerOrMore(ratio(oursTokens, r.fixedTokens))));
        }
        Map<String, Map<String, Integer>> byTruth = new java.util.TreeMap<>();
        r.finalTruth.forEach((id, tr) -> byTruth.computeIfAbsent(tr.state().wireName() + "/key " + tr.demoKey(), k -> new java.util.TreeMap<>())
                .merge(r.finalStatus.get(id).wireName(), 1, Integer::sum));
        out.add("final status by truth: " + byTruth);
        return out;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    private static String sec(int s) {
        return s == NA ? "n/a" : s < 0 ? "-" : s + "s";
    }

    private static String spread(List<Integer> all) {
        List<Integer> xs = all.stream().filter(x -> x != NA).toList();
        if (xs.isEmpty()) {
            return "n/a";
        }
        long never = xs.stream().filter(x -> x < 0).count();
        List<Integer> v = xs.stream().filter(x -> x >= 0).sorted().toList();
        if (v.isEmpty()) {
            return "never (" + never + ")";
        }
        return String.format(Locale.ROOT, "min %ds, median %ds, max %ds%s", v.get(0), v.get(v.size() / 2), v.get(v.size() - 1),
                never == 0 ? "" : ", never " + never);
    }

    /** {@code --day} (default), {@code --day-without-probes}, {@code --smoke}; {@code --hours N} shortens a day run. */
    public static void main(String[] args) throws Exception {
        Options o = Options.day(true);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--day" -> o = Options.day(true);
                case "--day-without-probes" -> o = Options.day(false);
                case "--smoke" -> o = new Options(true, true, SMOKE_SECONDS, 0.2, 5, true);
                case "--hours" -> o = new Options(o.probes(), o.smoke(), (int) Math.round(Double.parseDouble(args[++i]) * 3600), o.liveRate(),
                        o.sampleEvery(), true);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--day, --day-without-probes, --smoke, --hours N)");
            }
        }
        Result r = run(o);
        figures(r, r.settings).forEach(l -> System.out.println("FIGURES: " + l));
        System.out.flush();
        System.exit(0);
    }

    static OfferStatus status(HealthSnapshot snap, OfferId id) {
        HealthSnapshot.OfferHealth h = snap.offers().get(id);
        return h == null ? OfferStatus.UNKNOWN : h.status();
    }

    static String clock(int seconds) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /** "35% fewer" below 1x, "101% more" above (a negative "fewer" read as a saving). */
    static String fewerOrMore(double ratio) {
        return ratio <= 1 ? String.format(Locale.ROOT, "%.0f%% fewer", 100 * (1 - ratio))
                : String.format(Locale.ROOT, "%.0f%% more", 100 * (ratio - 1));
    }
}
