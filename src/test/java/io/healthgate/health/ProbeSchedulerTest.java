package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.catalog.Tier;
import io.healthgate.support.FakeClock;
import io.healthgate.support.ScriptedProber;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.healthgate.health.OutcomeClass.NOT_FOUND;
import static io.healthgate.health.OutcomeClass.SERVER_ERROR;
import static io.healthgate.health.OutcomeClass.SUCCESS;
import static io.healthgate.health.OutcomeClass.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/** The probe plan on a fake clock: what is probed, when, how, and what it costs. */
class ProbeSchedulerTest {
    private final FakeClock clock = new FakeClock();
    private final ScriptedProber prober = new ScriptedProber(clock);
    private static final Optional<Tier> CRITICAL = Optional.of(Tier.CRITICAL);
    private final OfferId groqLlama = new OfferId("groq", "meta-llama/llama-3.3-70b");
    private final OfferId groqR1 = new OfferId("groq", "deepseek/deepseek-r1");

    private HealthEngine engine;
    private ProbeScheduler scheduler;
    private ProbeRunner runner;

    private void fleet(Catalog catalog, Set<String> configured, HealthSettings settings) {
        engine = new HealthEngine(catalog, configured, settings, clock);
        scheduler = new ProbeScheduler(engine);
        runner = new ProbeRunner(scheduler, prober, engine, engine);
    }

    private static HealthSettings.Builder noJitter() {
        return HealthSettings.builder().jitter(Duration.ZERO).perGatewayConcurrency(10);
    }

    private void groqFleet() {
        fleet(TestCatalogs.builder().gateway("groq")
                .model("meta-llama/llama-3.3-70b", CRITICAL, false, "groq")
                .model("deepseek/deepseek-r1", CRITICAL, true, "groq").build(), Set.of("groq"), noJitter().build());
    }

    @Test
    void probeUsesUpstreamModelIdNotCanonical() {
        groqFleet();
        runner.tick();

        ScriptedProber.Call call = prober.callsTo(groqLlama).get(0);
        assertThat(call.offer().upstreamModel()).isEqualTo(TestCatalogs.upstreamId("groq", "meta-llama/llama-3.3-70b"))
                .isNotEqualTo(groqLlama.model());
        assertThat(call.request().timeout()).isEqualTo(HealthSettings.DEFAULT_CRITICAL.timeout());
    }

    @Test
    void anOfferWhoseLeaseAnotherInstanceHoldsIsNotProbedHereUnlessAnOperatorAsks() {
        groqFleet();
        scheduler.probeOnly(groqLlama::equals);
        runner.tick();

        assertThat(prober.callsTo(groqLlama)).hasSize(1);
        assertThat(prober.callsTo(groqR1)).isEmpty();
        assertThat(scheduler.nextDue(groqR1, clock.instant())).isEmpty();

        scheduler.probeSoon(groqR1);
        runner.tick();
        assertThat(prober.callsTo(groqR1)).hasSize(1);
    }

    @Test
    void anotherInstancesProbeCountsInSpendAndPostponesOurOwn() {
        groqFleet();
        engine.recordPeerProbe(Outcome.success(groqLlama, Outcome.Source.PROBE, Duration.ofMillis(50), clock.instant()));

        assertThat(engine.rebuild().gateways().get("groq").probes().requests()).isEqualTo(1);
        assertThat(scheduler.nextDue(groqLlama, clock.instant()).orElseThrow()).isAfter(clock.instant());
        runner.tick();
        assertThat(prober.callsTo(groqLlama)).isEmpty();
        assertThat(prober.callsTo(groqR1)).hasSize(1);
    }

    @Test
    void reasoningModelProbeGetsEnoughTokens() {
        groqFleet();
        runner.tick();

        assertThat(prober.callsTo(groqR1).get(0).request().maxTokens()).isEqualTo(HealthSettings.DEFAULT_REASONING_MAX_TOKENS);
        assertThat(prober.callsTo(groqLlama).get(0).request().maxTokens()).isEqualTo(HealthSettings.DEFAULT_CRITICAL.maxTokens());
    }

    /**
     * The {@link Prober} contract: a 400 saying the output limit (max_tokens) was reached proves
     * the model is alive and answering, so the prober completes it as {@code SUCCESS}; the engine
     * then counts it as a success whatever the status code.
     */
    @Test
    void outputLimitProbeCountsAsSuccess() {
        Catalog c = TestCatalogs.builder().gateway("groq").model("meta-llama/llama-3.3-70b", CRITICAL, false, "groq").build();
        engine = new HealthEngine(c, Set.of("groq"), noJitter().build(), clock);
        scheduler = new ProbeScheduler(engine);
        Prober outputLimit = (offer, req) -> CompletableFuture.completedFuture(new Outcome(offer.id(), SUCCESS, Outcome.Source.PROBE,
                400, Optional.of(Duration.ofMillis(90)), Duration.ofMillis(90), 8, req.maxTokens(),
                "output limit reached (max_tokens)", Optional.empty(), clock.instant()));
        runner = new ProbeRunner(scheduler, outputLimit, engine, engine);
        for (int i = 0; i < 3; i++) {
            runner.tick();
            clock.advance(HealthSettings.DEFAULT_CRITICAL.interval());
        }

        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().errors()).isZero();
    }

    @Test
    void timeoutIsRetriedWithColdStartAllowanceBeforeCounting() {
        groqFleet();
        prober.script(groqLlama, TIMEOUT, TIMEOUT);
        runner.tick();

        List<ScriptedProber.Call> calls = prober.callsTo(groqLlama);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).request().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(calls.get(1).request().timeout()).isEqualTo(HealthSettings.DEFAULT_COLD_START_TIMEOUT);
        HealthSnapshot.OfferHealth h = engine.rebuild().offer(groqLlama).orElseThrow();
        assertThat(h.errors()).as("two timeouts, counted once").isEqualTo(1);
        assertThat(h.calls()).isEqualTo(1);
        assertThat(h.lastOutcome()).contains(TIMEOUT);
        assertThat(engine.snapshot().system().falseTimeoutsAvoided()).isZero();
    }

    @Test
    void falseTimeoutAvoidedIsCounted() {
        groqFleet();
        prober.script(groqLlama, TIMEOUT, SUCCESS);
        runner.tick();

        HealthSnapshot s = engine.rebuild();
        assertThat(s.offer(groqLlama).orElseThrow().errors()).isZero();
        assertThat(s.offerStatus(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
        assertThat(s.system().falseTimeoutsAvoided()).isEqualTo(1);
        assertThat(s.gateway("groq").orElseThrow().probes().falseTimeoutsAvoided()).isEqualTo(1);
        assertThat(s.gateway("groq").orElseThrow().probes().requests()).as("2 to llama (retry included), 1 to r1").isEqualTo(3);
    }

    @Test
    void failedOfferIsConfirmedInSecondsThenReprobedWithBackoffUntilItRecovers() {
        groqFleet();
        prober.script(groqLlama, SERVER_ERROR, SERVER_ERROR, SERVER_ERROR, SERVER_ERROR, SUCCESS);
        Instant start = clock.instant();
        List<Long> probedAt = new ArrayList<>();
        Map<Long, OfferStatus> statusAt = new java.util.HashMap<>();
        for (int t = 0; t <= 600; t++) { // 10 minutes as the runner runs: urgent probes each second, a batch every 30 s
            int before = prober.callsTo(groqLlama).size();
            if (t % 30 == 0) {
                runner.tick();
            } else {
                runner.tickUrgent();
            }
            if (prober.callsTo(groqLlama).size() > before) {
                probedAt.add((long) t);
            }
            statusAt.put((long) t, engine.statusOf(groqLlama));
            clock.advanceSeconds(1);
        }

        // confirmations 2 s apart until unhealthy; then backoff 30 s, 60 s (waiting for a batch);
        // the first success is confirmed 2 s and 4 s later; then the tier interval (300 s, due 424, taken by the 450 batch)
        assertThat(probedAt).startsWith(0L, 2L, 4L, 60L, 120L, 122L, 124L, 450L);
        assertThat(statusAt.get(4L)).as("three failures in a row, 4 s after the first").isEqualTo(OfferStatus.UNHEALTHY);
        assertThat(statusAt.get(120L)).as("one success after four failures").isNotEqualTo(OfferStatus.HEALTHY);
        assertThat(statusAt.get(124L)).as("three successes in a row: recovered, failures still in the window").isEqualTo(OfferStatus.HEALTHY);
    }

    @Test
    void backoffDoublesUpToTheTierInterval() {
        groqFleet();
        Duration interval = Duration.ofSeconds(300);
        assertThat(scheduler.backoff(1, interval)).isEqualTo(Duration.ofSeconds(30));
        assertThat(scheduler.backoff(4, interval)).isEqualTo(Duration.ofSeconds(240));
        assertThat(scheduler.backoff(5, interval)).isEqualTo(interval);
        assertThat(scheduler.backoff(50, interval)).isEqualTo(interval);
    }

    @Test
    void freshLiveTrafficSkipsProbe() {
        groqFleet();
        runner.tick(); // first probes at t0
        clock.advanceSeconds(200);
        engine.onOutcome(Outcome.success(groqLlama, Outcome.Source.LIVE, Duration.ofMillis(80), clock.instant()));
        prober.clearCalls();

        clock.advanceSeconds(100); // t0 + 300: r1 is due, llama had live evidence 100 s ago
        runner.tick();
        assertThat(prober.callsTo(groqR1)).hasSize(1);
        assertThat(prober.callsTo(groqLlama)).isEmpty();

        clock.advanceSeconds(200); // 300 s after the live call
        runner.tick();
        assertThat(prober.callsTo(groqLlama)).hasSize(1);
    }

    @Test
    void throttledOfferIsNotProbedButItsSiblingIs() {
        groqFleet();
        engine.onOutcome(new Outcome(groqLlama, OutcomeClass.RATE_LIMITED, Outcome.Source.LIVE, 429, Optional.empty(),
                Duration.ZERO, 0, 0, "429", Optional.of(Duration.ofSeconds(120)), clock.instant()));

        runner.tick();
        assertThat(prober.callsTo(groqLlama)).isEmpty();
        assertThat(prober.callsTo(groqR1)).as("another model's 429 does not pause it").hasSize(1);
        clock.advanceSeconds(119);
        runner.tick();
        assertThat(prober.callsTo(groqLlama)).isEmpty();
        clock.advanceSeconds(1);
        runner.tick();
        assertThat(prober.callsTo(groqLlama)).hasSize(1);
    }

    @Test
    void gatewayWideThrottleStopsEveryProbeOfTheGateway() {
        groqFleet();
        engine.onOutcome(new Outcome(groqLlama, OutcomeClass.RATE_LIMITED, Outcome.Source.LIVE, 429, Optional.empty(),
                Duration.ZERO, 0, 0, "429 rate_limited: Rate limit reached for organization org-1 on requests per minute",
                Optional.of(Duration.ofSeconds(120)), clock.instant()));

        assertThat(runner.tick()).isZero();
        clock.advanceSeconds(119);
        assertThat(runner.tick()).isZero();
        clock.advanceSeconds(1);
        assertThat(runner.tick()).isEqualTo(2);
    }

    @Test
    void rateLimitedProbePausesTheGatewayAndNeverCounts() {
        groqFleet();
        prober.script(groqLlama, OutcomeClass.RATE_LIMITED, SUCCESS).retryAfter(groqLlama, Duration.ofSeconds(90));
        runner.tick();

        assertThat(engine.statusOf(groqLlama)).isNotEqualTo(OfferStatus.UNHEALTHY);
        clock.advanceSeconds(60);
        assertThat(runner.tick()).isZero();
        clock.advanceSeconds(30);
        runner.tick();
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
    }

    @Test
    void unconfiguredMisconfiguredOutOfCreditsAndDisabledGatewaysAreNotProbedOfferByOffer() {
        Catalog c = TestCatalogs.builder().gateway("nokey").gateway("badkey").gateway("broke").gateway("fine")
                .gateway(new Gateway("off", "off", "http://127.0.0.1:1", "", Protocol.SPECIAL, "OFF_KEY", false, "no adapter", "", Map.of(), 0, false))
                .model("p/m", CRITICAL, false, "nokey", "badkey", "broke", "fine", "off").build();
        fleet(c, Set.of("badkey", "broke", "fine", "off"), noJitter().build());
        engine.onOutcome(Outcome.failure(new OfferId("badkey", "p/m"), OutcomeClass.AUTH_ERROR, Outcome.Source.LIVE, 401, "", clock.instant()));
        engine.onOutcome(Outcome.failure(new OfferId("broke", "p/m"), OutcomeClass.NO_CREDITS, Outcome.Source.LIVE, 402, "", clock.instant()));

        runner.tick();
        assertThat(prober.calls()).extracting(call -> call.offer().gateway()).containsExactly("fine");
    }

    @Test
    void rejectedGatewayGetsOneRecheckPerIntervalSoAFixedKeyOrTopUpIsNoticed() {
        TestCatalogs b = TestCatalogs.builder().gateway("badkey").gateway("broke");
        for (int i = 0; i < 5; i++) {
            b.model("p/m" + i, CRITICAL, false, "badkey", "broke");
        }
        fleet(b.build(), Set.of("badkey", "broke"), noJitter().build());
        engine.onOutcome(Outcome.failure(new OfferId("badkey", "p/m0"), OutcomeClass.AUTH_ERROR, Outcome.Source.LIVE, 401, "", clock.instant()));
        engine.onOutcome(Outcome.failure(new OfferId("broke", "p/m0"), OutcomeClass.NO_CREDITS, Outcome.Source.LIVE, 402, "", clock.instant()));
        Duration interval = HealthSettings.DEFAULT_CRITICAL.interval();

        runner.tick();
        assertThat(prober.calls()).as("just rejected: nothing yet").isEmpty();
        clock.advance(interval.minusSeconds(1));
        runner.tick();
        assertThat(prober.calls()).isEmpty();

        prober.script(new OfferId("badkey", "p/m0"), OutcomeClass.AUTH_ERROR);
        prober.script(new OfferId("broke", "p/m0"), SUCCESS); // credits topped up meanwhile
        clock.advanceSeconds(1);
        runner.tick();
        assertThat(prober.calls()).as("one recheck per gateway, not one per offer")
                .extracting(call -> call.offer().gateway()).containsExactlyInAnyOrder("badkey", "broke");
        engine.rebuild();
        assertThat(engine.snapshot().gateway("broke").orElseThrow().status()).isNotEqualTo(GatewayStatus.OUT_OF_CREDITS);
        assertThat(engine.snapshot().gateway("badkey").orElseThrow().status()).isEqualTo(GatewayStatus.MISCONFIGURED);

        prober.clearCalls();
        clock.advanceSeconds(1);
        runner.tick();
        assertThat(prober.calls()).as("the topped-up gateway is probed normally again; the bad key waits")
                .extracting(call -> call.offer().gateway()).containsOnly("broke");
    }

    @Test
    void openRouterProbesRespectModelSwitchLimit() {
        TestCatalogs b = TestCatalogs.builder()
                .gateway(new Gateway("openrouter", "OpenRouter", "http://127.0.0.1:1", "", Protocol.OPENAI, "OPENROUTER_API_KEY",
                        true, "", "", Map.of(), 4, false));
        for (int i = 0; i < 10; i++) {
            b.model("p/m" + i, CRITICAL, false, "openrouter");
        }
        fleet(b.build(), Set.of("openrouter"), noJitter().batchInterval(Duration.ofSeconds(15)).build());

        assertThat(runner.tick()).isEqualTo(4);
        clock.advanceSeconds(15);
        assertThat(runner.tick()).isZero();
        clock.advanceSeconds(45);
        assertThat(runner.tick()).isEqualTo(4);
        clock.advanceSeconds(60);
        assertThat(runner.tick()).isEqualTo(2);
        assertThat(prober.calls()).extracting(call -> call.offer().id()).doesNotHaveDuplicates().hasSize(10);
    }

    @Test
    void switchLimitedGatewayRotatesOverAllItsOffersInsteadOfWatchingTheFirstFewForever() {
        TestCatalogs b = TestCatalogs.builder()
                .gateway(new Gateway("openrouter", "OpenRouter", "http://127.0.0.1:1", "", Protocol.OPENAI, "OPENROUTER_API_KEY",
                        true, "", "", Map.of(), 4, false));
        for (int i = 0; i < 6; i++) {
            b.model("p/m" + i, CRITICAL, false, "openrouter");
        }
        // A tier interval shorter than the one-minute switch window: each re-probe would renew its model's place.
        fleet(b.build(), Set.of("openrouter"), noJitter().batchInterval(Duration.ofSeconds(10))
                .tier(Tier.CRITICAL, new HealthSettings.TierSettings(Duration.ofSeconds(10), Duration.ofSeconds(5), 5)).build());

        assertThat(runner.tick()).isEqualTo(4);
        for (int s = 10; s <= 120; s += 10) {
            clock.advanceSeconds(10);
            runner.tick();
        }
        assertThat(prober.calls()).extracting(call -> call.offer().id().model()).as("every model got a place in the budget")
                .contains("p/m0", "p/m1", "p/m2", "p/m3", "p/m4", "p/m5");
    }

    @Test
    void failingModelKeepsItsSwitchPlaceSoItsRecoveryIsSeen() {
        TestCatalogs b = TestCatalogs.builder()
                .gateway(new Gateway("openrouter", "OpenRouter", "http://127.0.0.1:1", "", Protocol.OPENAI, "OPENROUTER_API_KEY",
                        true, "", "", Map.of(), 1, false));
        b.model("p/m0", CRITICAL, false, "openrouter");
        b.model("p/m1", CRITICAL, false, "openrouter");
        OfferId m0 = new OfferId("openrouter", "p/m0");
        prober.script(m0, SERVER_ERROR, SERVER_ERROR, SERVER_ERROR, SERVER_ERROR);
        fleet(b.build(), Set.of("openrouter"), noJitter().backoffInitial(Duration.ofSeconds(5)).build());

        assertThat(runner.tick()).isEqualTo(1);
        clock.advanceSeconds(5);
        runner.tick();
        assertThat(prober.callsTo(m0)).as("the failing model is re-probed while another waits").hasSize(2);
    }

    @Test
    void perGatewayConcurrencyAndBatchSizeAreCapped() {
        TestCatalogs b = TestCatalogs.builder().gateway("a").gateway("b");
        for (int i = 0; i < 10; i++) {
            b.model("p/m" + i, CRITICAL, false, "a", "b");
        }
        fleet(b.build(), Set.of("a", "b"), HealthSettings.builder().jitter(Duration.ZERO).perGatewayConcurrency(2).batchSize(3).build());
        prober.holdReplies(true);

        assertThat(runner.tick()).isEqualTo(3);
        assertThat(runner.tick()).as("two in flight on each gateway").isEqualTo(1);
        assertThat(runner.tick()).isZero();
        prober.releaseAll();
        assertThat(runner.tick()).isEqualTo(3);
    }

    @Test
    void probeSpendIsCountedAndCapped() {
        TestCatalogs b = TestCatalogs.builder().gateway("g");
        for (int i = 0; i < 10; i++) {
            b.model("p/m" + i, CRITICAL, false, "g");
        }
        fleet(b.build(), Set.of("g"), noJitter().hourlyProbeCap(6).build());
        prober.tokensPerCall(7);
        clock.set(Instant.parse("2026-01-01T10:00:00Z"));

        assertThat(runner.tick()).isEqualTo(6);
        clock.advanceSeconds(30);
        assertThat(runner.tick()).as("cap reached for this hour").isZero();
        HealthSnapshot.ProbeSpend spend = engine.rebuild().gateway("g").orElseThrow().probes();
        assertThat(spend.requests()).isEqualTo(6);
        assertThat(spend.tokens()).isEqualTo(42);
        assertThat(spend.requestsThisHour()).isEqualTo(6);
        assertThat(engine.snapshot().system().probeRequests()).isEqualTo(6);

        clock.set(Instant.parse("2026-01-01T11:00:00Z"));
        assertThat(runner.tick()).as("a new hour: the cap allows 6 more").isEqualTo(6);
    }

    @Test
    void repeatedNotFoundProbesConfirmDeprecationQuickly() {
        groqFleet();
        prober.script(groqLlama, NOT_FOUND);
        runner.tick();
        assertThat(engine.statusOf(groqLlama)).isNotEqualTo(OfferStatus.DEPRECATED);
        clock.advanceSeconds(30);
        runner.tick();
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.DEPRECATED);
    }

    @Test
    void tiersDecideProbeIntervals() {
        fleet(TestCatalogs.builder().gateway("g").model("p/std", Optional.of(Tier.STANDARD), false, "g").build(), Set.of("g"),
                noJitter().build());
        runner.tick();
        OfferId id = new OfferId("g", "p/std");
        assertThat(scheduler.nextDue(id, clock.instant())).contains(clock.instant().plus(HealthSettings.DEFAULT_STANDARD.interval()));
        assertThat(prober.callsTo(id).get(0).request().maxTokens()).isEqualTo(5);
    }

    @Test
    void jitterSpreadsDueTimesWithinItsBound() {
        TestCatalogs b = TestCatalogs.builder().gateway("g");
        for (int i = 0; i < 10; i++) {
            b.model("p/m" + i, CRITICAL, false, "g");
        }
        fleet(b.build(), Set.of("g"), HealthSettings.builder().perGatewayConcurrency(10).build());
        Instant t0 = clock.instant();
        runner.tick();
        List<Instant> due = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant d = scheduler.nextDue(new OfferId("g", "p/m" + i), t0).orElseThrow();
            assertThat(d).isBetween(t0.plusSeconds(300), t0.plusSeconds(310));
            due.add(d);
        }
        assertThat(due.stream().distinct().count()).isGreaterThan(1);
    }
}
