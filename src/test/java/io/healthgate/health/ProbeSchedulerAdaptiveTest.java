package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.support.FakeClock;
import io.healthgate.support.ScriptedProber;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

import static io.healthgate.health.OutcomeClass.SERVER_ERROR;
import static io.healthgate.health.OutcomeClass.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spend where it matters, on a fake clock: what the probe and canary schedules cost over
 * simulated hours and days, for dead offers, long outages and quiet gateways.
 */
class ProbeSchedulerAdaptiveTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final ScriptedProber prober = new ScriptedProber(clock);
    private final OfferId dead = new OfferId("g", "p/dead");
    private final OfferId busy = new OfferId("g", "p/busy");
    private HealthEngine engine;
    private ProbeScheduler scheduler;
    private ProbeRunner runner;
    private CanaryRunner canaries;
    private int modelLists;

    private void fleet(Catalog catalog, HealthSettings settings) {
        engine = new HealthEngine(catalog, Set.of("g", "h"), settings, clock);
        scheduler = new ProbeScheduler(engine);
        runner = new ProbeRunner(scheduler, prober, engine, engine);
        GatewayCheck check = (g, t) -> {
            modelLists++;
            return CompletableFuture.completedFuture(new GatewayCheck.Result(GatewayCheck.Reach.REACHABLE, "HTTP 200"));
        };
        canaries = new CanaryRunner(new CanaryScheduler(engine), check, prober, engine, engine);
    }

    private static HealthSettings.Builder settings() {
        return HealthSettings.builder().jitter(Duration.ZERO);
    }

    private void deadAndBusy(Tier tier, HealthSettings settings) {
        fleet(TestCatalogs.builder().gateway("g")
                .model("p/busy", Optional.of(tier), false, "g")
                .model("p/dead", Optional.of(tier), false, "g").build(), settings);
    }

    private void live(OfferId id, OutcomeClass c) {
        engine.onOutcome(c == SUCCESS ? Outcome.success(id, Outcome.Source.LIVE, Duration.ofMillis(80), clock.instant())
                : Outcome.failure(id, c, Outcome.Source.LIVE, 500, c.wireName(), clock.instant()));
    }

    /**
     * Runs the schedules as the gateway does for {@code seconds} fake seconds: urgent probes each
     * second, a batch every 30 s, canaries every 5 s; {@code each} sees every second first.
     */
    private void run(int seconds, boolean withCanaries, IntConsumer each) {
        for (int t = 0; t < seconds; t++) {
            each.accept(t);
            if (t % 30 == 0) {
                runner.tick();
            } else {
                runner.tickUrgent();
            }
            if (withCanaries && t % 5 == 0) {
                canaries.tick();
            }
            clock.advanceSeconds(1);
        }
    }

    // ---- adaptive pace ----

    private final OfferId one = new OfferId("g", "p/one");

    private void single(HealthSettings settings) {
        fleet(TestCatalogs.builder().gateway("g").gateway("h").model("p/one", Optional.of(Tier.CRITICAL), false, "g", "h").build(), settings);
    }

    /** No jitter and no batch pause, so the stretched interval is exactly stable_max_factor times the tier's. */
    private static HealthSettings.Builder exact() {
        return settings().batchInterval(Duration.ZERO);
    }

    private static HealthSettings.Builder adaptiveOff(HealthSettings.Builder b) {
        return b.adaptive(new AdaptiveProbing.Settings(false, 2.0, 3, 0.25));
    }

    private Duration untilDue(OfferId id) {
        return Duration.between(clock.instant(), scheduler.nextDue(id, clock.instant()).orElseThrow());
    }

    /** Probes whatever is due, then moves to the offer's next due time; {@code n} times. */
    private void probeOnSchedule(OfferId id, int n) {
        for (int i = 0; i < n; i++) {
            clock.set(scheduler.nextDue(id, clock.instant()).orElseThrow().isAfter(clock.instant())
                    ? scheduler.nextDue(id, clock.instant()).orElseThrow() : clock.instant());
            runner.tick();
        }
    }

    @Test
    void aStableUnusedOffersIntervalStretchesToTwiceItsTiersAfterThreeSuccessfulProbes() {
        single(exact().build());
        Duration interval = HealthSettings.DEFAULT_CRITICAL.interval();
        probeOnSchedule(one, 2);
        assertThat(prober.callsTo(one)).hasSize(2);
        assertThat(untilDue(one)).as("two successes: not stable yet").isEqualTo(interval);
        assertThat(scheduler.paceOf(one, clock.instant()).kind()).isEqualTo(AdaptiveProbing.Kind.STEADY);
        probeOnSchedule(one, 1);
        assertThat(scheduler.paceOf(one, clock.instant()).kind()).isEqualTo(AdaptiveProbing.Kind.STABLE);
        assertThat(untilDue(one)).as("three successes in a row, unused: stable").isEqualTo(interval.multipliedBy(2));

        engine.onOutcome(Outcome.success(one, Outcome.Source.LIVE, Duration.ofMillis(80), clock.instant()));
        assertThat(untilDue(one)).as("used again: back to its tier interval, from the live call").isEqualTo(interval);
    }

    @Test
    void theStretchKeepsAnUnusedOffersOutageWithinTwoTierIntervalsOfJitterAndBatchPause() {
        single(HealthSettings.builder().build()); // default jitter 10 s, batches 30 s apart
        probeOnSchedule(one, 3);
        Duration interval = HealthSettings.DEFAULT_CRITICAL.interval();
        assertThat(untilDue(one)).isGreaterThan(interval)
                .isLessThanOrEqualTo(interval.multipliedBy(2).minus(HealthSettings.DEFAULT_BATCH_INTERVAL));
    }

    @Test
    void withAdaptiveOffEveryOfferKeepsItsTierInterval() {
        single(adaptiveOff(exact()).build());
        probeOnSchedule(one, 6);
        assertThat(scheduler.paceOf(one, clock.instant()).factor()).isEqualTo(1.0);
        assertThat(untilDue(one)).isEqualTo(HealthSettings.DEFAULT_CRITICAL.interval());
    }

    /** failure, success, failure, then successes: three switches in the window. */
    private void flap(OfferId id) {
        prober.script(id, SERVER_ERROR, SUCCESS, SERVER_ERROR, SUCCESS);
        run(60, false, t -> { });
    }

    @Test
    void aFlappingOfferIsProbedMoreOften() {
        single(exact().build());
        flap(one);
        AdaptiveProbing.Pace pace = scheduler.paceOf(one, clock.instant());
        assertThat(pace.kind()).as(pace.reason()).isEqualTo(AdaptiveProbing.Kind.HOT);
        assertThat(pace.reason()).startsWith("flapping");
        Instant last = clock.instant();
        Instant due = scheduler.nextDue(one, last).orElseThrow();
        Duration interval = HealthSettings.DEFAULT_CRITICAL.interval();
        assertThat(due).as("a quarter of its tier interval after its last probe").isBefore(last.plus(interval.dividedBy(2)));

        single(adaptiveOff(exact()).build());
        flap(one);
        assertThat(scheduler.paceOf(one, clock.instant()).kind()).isEqualTo(AdaptiveProbing.Kind.STEADY);
        assertThat(scheduler.nextDue(one, clock.instant()).orElseThrow()).as("adaptive off: the fixed schedule")
                .isAfter(clock.instant().plus(interval.dividedBy(2)));
    }

    @Test
    void aDegradingOfferIsProbedMoreOften() {
        io.healthgate.anomaly.DriftSettings drift = io.healthgate.anomaly.DriftSettings.defaults()
                .withMinSamples(5).withSustain(Duration.ZERO).withSeasonalAfter(Duration.ZERO);
        single(exact().drift(drift).build());
        for (int i = 0; i < 20; i++) {
            engine.onOutcome(Outcome.success(one, Outcome.Source.PROBE, Duration.ofMillis(50), clock.instant()));
            clock.advanceSeconds(1);
        }
        assertThat(scheduler.paceOf(one, clock.instant()).kind()).isNotEqualTo(AdaptiveProbing.Kind.HOT);
        for (int i = 0; i < 10; i++) {
            engine.onOutcome(Outcome.success(one, Outcome.Source.PROBE, Duration.ofMillis(2000), clock.instant()));
            clock.advanceSeconds(1);
        }
        assertThat(engine.evidence(one, clock.instant()).drift()).as("the detector sees the slowdown").isPresent();
        AdaptiveProbing.Pace pace = scheduler.paceOf(one, clock.instant());
        assertThat(pace.kind()).isEqualTo(AdaptiveProbing.Kind.HOT);
        assertThat(pace.reason()).startsWith("degrading");
        assertThat(untilDue(one)).isLessThanOrEqualTo(HealthSettings.DEFAULT_CRITICAL.interval().dividedBy(4));
    }

    @Test
    void anOfferCarryingMostOfItsModelsTrafficIsProbedSoonerOnceTheTrafficPauses() {
        single(exact().build());
        OfferId spare = new OfferId("h", "p/one");
        for (int i = 0; i < 5; i++) {
            engine.onOutcome(Outcome.success(one, Outcome.Source.LIVE, Duration.ofMillis(80), clock.instant()));
            clock.advanceSeconds(1);
        }
        assertThat(engine.trafficShare(one)).isEqualTo(1.0);
        assertThat(engine.trafficShare(spare)).isZero();
        AdaptiveProbing.Pace pace = scheduler.paceOf(one, clock.instant());
        assertThat(pace.kind()).as(pace.reason()).isEqualTo(AdaptiveProbing.Kind.HOT);
        Duration interval = HealthSettings.DEFAULT_CRITICAL.interval();
        assertThat(scheduler.nextDue(one, clock.instant()).orElseThrow()).as("from its last live call, a quarter interval")
                .isEqualTo(clock.instant().minusSeconds(1).plus(interval.dividedBy(4)));
        assertThat(scheduler.paceOf(spare, clock.instant()).kind()).isNotEqualTo(AdaptiveProbing.Kind.HOT);
    }

    @Test
    void hotOffersNeverBreakTheHourlyCapOrThePerGatewayConcurrency() {
        TestCatalogs b = TestCatalogs.builder().gateway("g");
        for (int i = 0; i < 8; i++) {
            b.model("p/m" + i, Optional.of(Tier.CRITICAL), false, "g");
        }
        fleet(b.build(), exact().hourlyProbeCap(40).perGatewayConcurrency(2).build());
        for (int i = 0; i < 8; i++) {
            prober.script(new OfferId("g", "p/m" + i), SERVER_ERROR, SUCCESS, SERVER_ERROR, SUCCESS);
        }
        clock.set(Instant.parse("2026-06-01T10:00:00Z"));
        int hot = 0;
        for (int t = 0; t < 3599; t++) {
            if (t % 30 == 0) {
                runner.tick();
            } else {
                runner.tickUrgent();
            }
            if (t == 600) {
                for (int i = 0; i < 8; i++) {
                    hot += scheduler.paceOf(new OfferId("g", "p/m" + i), clock.instant()).kind() == AdaptiveProbing.Kind.HOT ? 1 : 0;
                }
            }
            clock.advanceSeconds(1);
        }
        assertThat(hot).as("the offers flapped: hot").isPositive();
        assertThat(engine.rebuild().gateway("g").orElseThrow().probes().requestsThisHour()).as("hourly_probe_cap").isEqualTo(40);
        assertThat(prober.calls()).hasSize(40);

        prober.holdReplies(true);
        clock.set(Instant.parse("2026-06-01T11:00:00Z"));
        runner.tick();
        runner.tickUrgent();
        assertThat(scheduler.inFlight()).as("per_gateway_concurrency").isEqualTo(2);
    }

    // ---- spend defects: dead offers, long outages ----

    @Test
    void aDeadOfferOnABusyGatewayBacksOffToItsTierIntervalInsteadOfFollowingItsSiblingsSuccesses() {
        deadAndBusy(Tier.CRITICAL, settings().build());
        prober.script(dead, SERVER_ERROR);
        int day = 86_400;
        run(day, true, t -> {
            if (t % 10 == 0) {
                live(busy, SUCCESS); // the gateway serves its other model all day
            }
        });
        long interval = HealthSettings.DEFAULT_CRITICAL.interval().toSeconds();
        assertThat(prober.callsTo(dead).size()).as("probes of the dead offer in a day (tier interval %d s)", interval)
                .isLessThanOrEqualTo((int) (2 * day / interval));
        assertThat(engine.statusOf(dead)).isEqualTo(OfferStatus.UNHEALTHY);
    }

    @Test
    void twoDeadOffersOnABusyGatewayNeitherLoopThroughSuspectPeriodsNorFollowTheirSiblingsSuccesses() {
        OfferId dead2 = new OfferId("g", "p/dead2");
        fleet(TestCatalogs.builder().gateway("g")
                .model("p/busy", Optional.of(Tier.CRITICAL), false, "g")
                .model("p/dead", Optional.of(Tier.CRITICAL), false, "g")
                .model("p/dead2", Optional.of(Tier.CRITICAL), false, "g").build(), settings().build());
        prober.script(dead, SERVER_ERROR);
        prober.script(dead2, SERVER_ERROR);
        int day = 86_400;
        int[] suspectSeconds = {0};
        run(day, true, t -> {
            if (t % 10 == 0) {
                live(busy, SUCCESS);
            }
            if (engine.facts("g").evidence().suspect()) {
                suspectSeconds[0]++;
            }
        });
        long interval = HealthSettings.DEFAULT_CRITICAL.interval().toSeconds();
        assertThat(prober.callsTo(dead).size()).as("dead offer 1, a day").isLessThanOrEqualTo((int) (2 * day / interval));
        assertThat(prober.callsTo(dead2).size()).as("dead offer 2, a day").isLessThanOrEqualTo((int) (2 * day / interval));
        assertThat(prober.callsTo(busy)).as("the busy offer: only the suspect periods of the dead offers' first failures re-probe it")
                .hasSizeLessThanOrEqualTo(3);
        assertThat(suspectSeconds[0]).as("seconds the gateway read suspect: only while both first failed").isLessThanOrEqualTo(30);
    }

    @Test
    void anOfferInALongOutageOnAQuietGatewayReachesItsTierInterval() {
        deadAndBusy(Tier.POPULAR, settings().build());
        prober.script(dead, SERVER_ERROR);
        int outage = 34_560; // 9.6 h
        run(outage, true, t -> { });
        long interval = HealthSettings.DEFAULT_POPULAR.interval().toSeconds();
        assertThat(prober.callsTo(dead).size()).as("probes and canaries of the offer in a 9.6 h outage (tier interval %d s)", interval)
                .isLessThanOrEqualTo((int) (2 * outage / interval));
    }

    // ---- canary cost ----

    private long canaryCompletions() {
        return prober.calls().stream().filter(c -> c.request().maxTokens() == 1).count();
    }

    @Test
    void aHealthyQuietGatewaysCanarySendsItsCompletionOnlyEveryCompletionInterval() {
        deadAndBusy(Tier.ON_DEMAND, settings().build());
        int day = 86_400;
        run(day, true, t -> { });
        long completionEvery = HealthSettings.DEFAULT_CANARY_COMPLETION_INTERVAL.toSeconds();
        assertThat(modelLists).as("a models list each quiet canary interval").isGreaterThan(day / 70);
        assertThat(canaryCompletions()).as("tiny completions in a quiet day (every %d s at most)", completionEvery)
                .isPositive().isLessThanOrEqualTo(day / completionEvery + 1);
        assertThat(engine.rebuild().gateway("g").orElseThrow().canaries().requests()).as("models lists and completions, counted")
                .isEqualTo(modelLists + canaryCompletions());
    }

    @Test
    void aFailingModelsListStillMakesAQuietGatewaySuspectWithinOneCanaryInterval() {
        deadAndBusy(Tier.ON_DEMAND, settings().build());
        boolean[] down = {false};
        GatewayCheck check = (g, t) -> {
            modelLists++;
            return CompletableFuture.completedFuture(down[0] ? new GatewayCheck.Result(GatewayCheck.Reach.UNREACHABLE, "HTTP 502")
                    : new GatewayCheck.Result(GatewayCheck.Reach.REACHABLE, "HTTP 200"));
        };
        canaries = new CanaryRunner(new CanaryScheduler(engine), check, prober, engine, engine);
        run(3_600, true, t -> { });
        assertThat(engine.facts("g").evidence().suspect()).isFalse();
        down[0] = true;
        long interval = HealthSettings.DEFAULT_CANARY_INTERVAL.toSeconds();
        Integer suspectAfter = null;
        for (int t = 0; t <= interval + CanaryRunner.TICK_MS / 1000 && suspectAfter == null; t++) {
            run(1, true, x -> { });
            if (engine.facts("g").evidence().suspect()) {
                suspectAfter = t + 1;
            }
        }
        assertThat(suspectAfter).as("suspect within one canary interval (and its tick)").isNotNull();
        assertThat(engine.rebuild().gateway("g").orElseThrow().status()).isEqualTo(GatewayStatus.SUSPECT);
    }

    @Test
    void modelsListOnlyCanariesStillStopAtTheHourlyCap() {
        deadAndBusy(Tier.ON_DEMAND, settings().canaryHourlyCap(5).build());
        clock.set(Instant.parse("2026-06-01T10:00:00Z"));
        run(3_599, true, t -> { });
        assertThat(engine.rebuild().gateway("g").orElseThrow().canaries().requestsThisHour()).isEqualTo(5);
        assertThat(modelLists + canaryCompletions()).isEqualTo(5);
    }
}
