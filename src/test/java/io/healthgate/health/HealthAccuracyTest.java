package io.healthgate.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.config.BuiltinCatalog;
import io.healthgate.providers.http.UpstreamClient;
import io.healthgate.proxy.ChatProxy;
import io.healthgate.proxy.HttpProber;
import io.healthgate.simulator.GatewaySpec;
import io.healthgate.simulator.OfferSpec;
import io.healthgate.simulator.OfferTruth;
import io.healthgate.simulator.Outage;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.simulator.TruthState;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accuracy of the health engine, measured: the default simulated fleet (31 gateways, 387
 * models, the original platform's bad week) runs at compressed time; the engine probes it for real
 * over HTTP on 127.0.0.1 with short intervals, and every half second its snapshot is compared
 * with the simulator's ground truth ({@link AccuracyLedger} has the rules). The targets: no false
 * unhealthy, no missed unhealthy beyond the detection allowance, keys judged as keys, every
 * injected outage seen and its recovery seen. The figures of a run are printed by
 * {@code bench/accuracy.sh} ({@link HealthAccuracyFigures}), not by this test.
 */
@Tag("integration")
class HealthAccuracyTest {
    private static final long SEED = 42;
    /** Outages start 8-24 s in and last 12-36 s; featherless cold starts take 4.8-9.6 s. */
    private static final double TIME_SCALE = 0.4;
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Shorter than a cold start, so the cold-start retry is exercised. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    /** Longer than the slowest scaled cold start (24 s x 0.4 = 9.6 s). */
    private static final Duration COLD_START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration BACKOFF = Duration.ofSeconds(1);
    private static final Duration JITTER = Duration.ofSeconds(1);
    /** Interval + jitter, then three failures one and two seconds apart, plus probe and snapshot latency. */
    private static final Duration DETECTION_ALLOWANCE = Duration.ofSeconds(12);
    /** A failing offer is re-probed within its interval, then confirmed after one backoff. */
    private static final Duration RECOVERY_GRACE = Duration.ofSeconds(12);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);
    private static final Duration LONGEST_RUN = Duration.ofSeconds(80);
    /**
     * Every simulated gateway sits on one host:port, so one connection pool serves all of them; in
     * production each gateway has its own host and its own pool of the default size. Without this,
     * eleven gateways' probes queue for one gateway's pool and the wait reads as probe timeouts.
     */
    private static final UpstreamClient.Options POOL = new UpstreamClient.Options(
            UpstreamClient.Options.DEFAULT_MAX_CONNECTIONS_PER_HOST * 11, UpstreamClient.Options.DEFAULT_CONNECT_TIMEOUT,
            UpstreamClient.Options.DEFAULT_KEEP_ALIVE);

    static HealthSettings settings() {
        HealthSettings.Builder b = HealthSettings.builder()
                .window(Duration.ofSeconds(60)).windowBuckets(30)
                .batchSize(1000).batchInterval(Duration.ofMillis(200)).jitter(JITTER)
                .perGatewayConcurrency(32)
                .coldStartTimeout(COLD_START_TIMEOUT).backoffInitial(BACKOFF)
                .snapshotMinInterval(Duration.ofMillis(250)).snapshotMaxAge(Duration.ofMillis(500))
                .countLogInterval(Duration.ofSeconds(30));
        for (Tier t : Tier.values()) {
            b.tier(t, new HealthSettings.TierSettings(INTERVAL, PROBE_TIMEOUT, 5));
        }
        return b.build();
    }

    /** One run's evidence: the ledger, the final snapshot, and the figures {@link HealthAccuracyFigures} prints. */
    record Run(AccuracyLedger ledger, HealthSnapshot snapshot, Catalog catalog, List<String> figures) {
    }

    @Test
    void theEngineAgreesWithTheFleetsGroundTruth() throws Exception {
        Run run = run();
        assertTargets(run.ledger(), run.snapshot(), run.catalog());
    }

    /** Runs the engine against the default fleet to the end of its last outage and recovery. */
    static Run run() throws Exception {
        Clock clock = Clock.systemUTC();
        Scenario scenario = Scenario.defaultFleet(BuiltinCatalog.load(), SEED, TIME_SCALE);
        Vertx vertx = Vertx.vertx();
        ScheduledExecutorService ses = Executors.newScheduledThreadPool(3);
        try (SimulatedFleet fleet = SimulatedFleet.start(vertx, scenario, 0, clock);
             UpstreamClient client = new UpstreamClient(vertx, POOL)) {
            Catalog catalog = fleet.catalog();
            Map<String, String> env = fleet.demoEnvironment();
            Set<String> configured = catalog.gateways().stream().filter(g -> ChatProxy.configured(g, env))
                    .map(Gateway::name).collect(Collectors.toSet());
            HealthEngine engine = new HealthEngine(catalog, configured, settings(), clock);
            OutcomeBus bus = new OutcomeBus().subscribe(engine);
            ProbeRunner runner = new ProbeRunner(new ProbeScheduler(engine), new HttpProber(catalog, env, client, clock, new ObjectMapper()),
                    bus, engine);

            List<AccuracyLedger.Injected> outages = injectedOutages(scenario, fleet.startedAt());
            assertThat(outages).as("the default fleet injects outages to find").hasSizeGreaterThanOrEqualTo(3);
            Instant lastEnd = outages.stream().map(AccuracyLedger.Injected::end).max(Comparator.naturalOrder()).orElseThrow();
            Instant stopAt = lastEnd.plus(RECOVERY_GRACE).plusSeconds(3);
            assertThat(Duration.between(fleet.startedAt(), stopAt)).as("the run stays bounded").isLessThanOrEqualTo(LONGEST_RUN);
            AccuracyLedger ledger = new AccuracyLedger(outages, DETECTION_ALLOWANCE, RECOVERY_GRACE, fleet.startedAt());

            CountDownLatch done = new CountDownLatch(1);
            engine.start(ses);
            runner.start(ses);
            ses.scheduleAtFixedRate(() -> {
                try {
                    engine.refresh();
                    ledger.sample(clock.instant(), engine.snapshot(), fleet.truth(), fleet.gatewayTruth());
                } catch (RuntimeException e) {
                    e.printStackTrace();
                }
                if (!clock.instant().isBefore(stopAt)) {
                    done.countDown();
                }
            }, SAMPLE_EVERY.toMillis(), SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(done.await(LONGEST_RUN.toSeconds() + 30, TimeUnit.SECONDS)).as("the run ended").isTrue();
            ses.shutdownNow();
            ses.awaitTermination(5, TimeUnit.SECONDS);
            HealthSnapshot finalSnap = engine.rebuild();

            return new Run(ledger, finalSnap, catalog, figures(ledger, finalSnap, fleet, catalog, configured));
        } finally {
            ses.shutdownNow();
            vertx.close().await();
        }
    }

    /** Offer and gateway outages of the scenario, on the clock of the running fleet. */
    static List<AccuracyLedger.Injected> injectedOutages(Scenario s, Instant startedAt) {
        List<AccuracyLedger.Injected> out = new ArrayList<>();
        for (GatewaySpec g : s.gateways()) {
            for (Outage o : g.behaviour().outages()) {
                out.add(injected(g.name(), Optional.empty(), o, s.timeScale(), startedAt));
            }
            for (OfferSpec offer : g.offers()) {
                for (Outage o : offer.behaviour().outages()) {
                    out.add(injected(g.name(), Optional.of(offer.model()), o, s.timeScale(), startedAt));
                }
            }
        }
        return out;
    }

    private static AccuracyLedger.Injected injected(String gateway, Optional<String> model, Outage o, double scale, Instant startedAt) {
        Instant start = startedAt.plusNanos(Math.round(o.startSeconds() * scale * 1e9));
        Instant end = start.plusNanos(Math.round(o.durationSeconds() * scale * 1e9));
        return new AccuracyLedger.Injected(gateway, model, o.fault().wireName(), start, end);
    }

    static void assertTargets(AccuracyLedger ledger, HealthSnapshot snap, Catalog catalog) {
        assertThat(ledger.falseUnhealthy()).as("false unhealthy offers").isEmpty();
        assertThat(ledger.falseGatewayDown()).as("gateways called down while they were not").isEmpty();
        assertThat(ledger.missedUnhealthy()).as("offers down beyond the detection allowance the engine called healthy").isEmpty();
        assertThat(ledger.keyViolations()).as("offers whose key problem was judged as anything but a key problem").isEmpty();
        for (AccuracyLedger.Sighting s : ledger.sightings()) {
            assertThat(s.offers).as("offers in outage " + s.outage.label()).isNotEmpty();
            if (s.outage.model().isEmpty()) {
                assertThat(s.gatewayDown).as("gateway-wide outage seen as the gateway down: " + s.outage.label()).isNotNull();
                assertThat(s.gatewayRecovered).as("gateway recovery seen: " + s.outage.label()).isNotNull();
            }
            // An offer no probe reached while its outage was on can only be seen by live traffic; that
            // happens only where a gateway's model-switch budget cannot cover its offers in the run.
            for (OfferId id : s.offers) {
                if (!s.checkedDuring.contains(id)) {
                    assertThat(switchLimited(catalog, id.gateway())).as("outage of " + id + " unwatched on a gateway with no switch budget").isTrue();
                }
            }
            assertThat(s.offerSeen.keySet()).as("offers checked during outage " + s.outage.label() + " and seen unhealthy")
                    .containsExactlyInAnyOrderElementsOf(s.checkedDuring);
            assertThat(s.offerRecovered.keySet()).as("offers seen recovering after outage " + s.outage.label())
                    .containsExactlyInAnyOrderElementsOf(s.offerSeen.keySet());
        }
        List<OfferTruth> truth = ledger.lastTruth();
        for (OfferTruth t : truth) {
            OfferId id = new OfferId(t.gateway(), t.model());
            OfferStatus st = snap.offerStatus(id);
            if (t.demoKey().equals("wrong")) {
                assertThat(st).as("a rejected key ends misconfigured: " + id).isEqualTo(OfferStatus.MISCONFIGURED);
            }
            boolean switchLimited = switchLimited(catalog, t.gateway());
            if (t.demoKey().equals("ok") && t.state() == TruthState.NOT_FOUND && !switchLimited) {
                assertThat(st).as("a model the gateway no longer has ends deprecated: " + id).isEqualTo(OfferStatus.DEPRECATED);
            }
            if (switchLimited) {
                assertThat(st).as("an offer behind a rate-limited aggregator is never unhealthy: " + id).isNotEqualTo(OfferStatus.UNHEALTHY);
            }
        }
    }

    private static boolean switchLimited(Catalog catalog, String gateway) {
        return catalog.gateway(gateway).map(g -> g.modelSwitchesPerMinute() > 0).orElse(false);
    }

    private static List<String> figures(AccuracyLedger ledger, HealthSnapshot snap, SimulatedFleet fleet, Catalog catalog, Set<String> configured) {
        List<String> lines = new ArrayList<>();
        HealthSnapshot.SystemHealth sys = snap.system();
        lines.add(String.format(Locale.ROOT, "fleet: %d gateways, %d models, %d offers; time_scale %.2f; %d gateways configured; %d samples every %d ms",
                catalog.gateways().size(), catalog.models().size(), snap.offers().size(), TIME_SCALE, configured.size(),
                ledger.samples(), SAMPLE_EVERY.toMillis()));
        lines.add(String.format(Locale.ROOT, "settings: interval %ds, probe timeout %ds, cold-start timeout %ds, backoff %ds, jitter %ds; "
                        + "detection allowance %ds, recovery grace %ds",
                INTERVAL.toSeconds(), PROBE_TIMEOUT.toSeconds(), COLD_START_TIMEOUT.toSeconds(), BACKOFF.toSeconds(), JITTER.toSeconds(),
                DETECTION_ALLOWANCE.toSeconds(), RECOVERY_GRACE.toSeconds()));
        lines.add("false unhealthy: " + ledger.falseUnhealthy().size() + " offers (" + ledger.falseUnhealthySamples() + " samples); "
                + "false gateway down: " + ledger.falseGatewayDown().size()
                + "; missed unhealthy: " + ledger.missedUnhealthy().size() + " offers (" + ledger.missedUnhealthySamples() + " samples)"
                + "; key misjudged: " + ledger.keyViolations().size());
        ledger.falseUnhealthy().forEach(v -> lines.add("  " + v));
        ledger.falseGatewayDown().forEach(v -> lines.add("  " + v));
        ledger.missedUnhealthy().forEach(v -> lines.add("  " + v));
        ledger.keyViolations().forEach(v -> lines.add("  " + v));
        for (AccuracyLedger.Sighting s : ledger.sightings()) {
            lines.add(String.format(Locale.ROOT, "outage %s: %s..%s", s.outage.label(), ledger.offset(s.outage.start()), ledger.offset(s.outage.end())));
            if (s.outage.model().isEmpty()) {
                lines.add("  gateway down after " + AccuracyLedger.seconds(s.outage.start(), s.gatewayDown)
                        + ", up again " + AccuracyLedger.seconds(s.outage.end(), s.gatewayRecovered) + " after it ended");
            }
            List<Long> seen = s.offers.stream().map(id -> s.offerSeen.get(id)).filter(java.util.Objects::nonNull)
                    .map(t -> Duration.between(s.outage.start(), t).toMillis()).sorted().toList();
            List<Long> rec = s.offers.stream().map(id -> s.offerRecovered.get(id)).filter(java.util.Objects::nonNull)
                    .map(t -> Duration.between(s.outage.end(), t).toMillis()).sorted().toList();
            lines.add(String.format(Locale.ROOT, "  offers: %d, checked during the outage %d; seen unhealthy %d (after %s); recovered %d (after %s)",
                    s.offers.size(), s.checkedDuring.size(), seen.size(), spread(seen), rec.size(), spread(rec)));
            s.offers.stream().filter(id -> !s.checkedDuring.contains(id)).forEach(id -> lines.add("  GAP: " + id
                    + " was never checked during its outage: its gateway allows " + catalog.gateway(id.gateway()).orElseThrow().modelSwitchesPerMinute()
                    + " distinct models a minute for " + catalog.gateway(id.gateway()).map(g -> (int) catalog.offers().stream().filter(o -> o.gateway().equals(g.name())).count()).orElse(0)
                    + " offers, so without live traffic probes reach a given model about once every "
                    + catalog.gateway(id.gateway()).map(g -> (int) catalog.offers().stream().filter(o -> o.gateway().equals(g.name())).count() / Math.max(1, g.modelSwitchesPerMinute())).orElse(0)
                    + " minutes"));
        }
        Map<String, Map<OfferStatus, Integer>> byTruth = new TreeMap<>();
        for (OfferTruth t : ledger.lastTruth()) {
            String k = t.state().wireName() + "/key " + t.demoKey();
            byTruth.computeIfAbsent(k, x -> new TreeMap<>()).merge(snap.offerStatus(new OfferId(t.gateway(), t.model())), 1, Integer::sum);
        }
        lines.add("final engine status by truth: " + byTruth);
        lines.add(String.format(Locale.ROOT, "probes: %d requests, %d tokens, %d false timeouts avoided; tracked %d of %d offers",
                sys.probeRequests(), sys.probeTokens(), sys.falseTimeoutsAvoided(), sys.trackedOffers(), sys.totalOffers()));
        snap.gateways().values().stream().filter(g -> g.probes().requests() > 0).forEach(g -> lines.add(String.format(Locale.ROOT,
                "  %-22s %-12s %4d requests %6d tokens %3d false timeouts avoided; offers %d healthy %d degraded %d unhealthy %d deprecated of %d",
                g.gateway(), g.status().wireName(), g.probes().requests(), g.probes().tokens(), g.probes().falseTimeoutsAvoided(),
                g.healthyOffers(), g.degradedOffers(), g.unhealthyOffers(), g.deprecatedOffers(), g.totalOffers())));
        // The baseline: a fixed-interval prober sends every offer of a configured gateway one probe
        // per tier interval, whatever live traffic, siblings or backoff say, and never skips one.
        long runSeconds = Duration.between(fleet.startedAt(), snap.at()).toSeconds();
        long configuredOffers = catalog.offers().stream().filter(o -> configured.contains(o.gateway())).count();
        long fixed = configuredOffers * (runSeconds / INTERVAL.toSeconds() + 1);
        long ours = sys.probeRequests() + snap.gateways().values().stream().mapToLong(g -> g.canaries().requests()).sum();
        lines.add(String.format(Locale.ROOT, "probe requests vs a fixed-interval prober (every configured offer every %ds for %ds: %d offers x %d rounds = %d requests): "
                        + "%d probe + canary requests, %.0f%% fewer", INTERVAL.toSeconds(), runSeconds, configuredOffers,
                runSeconds / INTERVAL.toSeconds() + 1, fixed, ours, fixed == 0 ? 0.0 : 100.0 * (fixed - ours) / fixed));
        lines.add("simulator saw " + fleet.totalRequests() + " requests");
        return lines;
    }

    private static String spread(List<Long> ms) {
        if (ms.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "min %.1fs, median %.1fs, max %.1fs", ms.get(0) / 1000.0, ms.get(ms.size() / 2) / 1000.0,
                ms.get(ms.size() - 1) / 1000.0);
    }
}
