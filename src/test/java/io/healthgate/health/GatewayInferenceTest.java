package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.support.FakeClock;
import io.healthgate.support.ScriptedProber;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.healthgate.health.OutcomeClass.SERVER_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeing outages at the scale they happen, on a fake clock: sibling inference (gateway suspect),
 * quiet-gateway canaries and their cap, and rate limits scoped to what they limit.
 */
class GatewayInferenceTest {
    private final FakeClock clock = new FakeClock();
    private final ScriptedProber prober = new ScriptedProber(clock);
    private final OfferId a = new OfferId("g", "p/a");
    private final OfferId b = new OfferId("g", "p/b");
    private final OfferId c = new OfferId("g", "p/c");
    private final OfferId other = new OfferId("h", "p/a");
    private final Catalog catalog = TestCatalogs.builder().gateway("g").gateway("h")
            .model("p/a", Optional.of(Tier.ON_DEMAND), false, "g", "h")
            .model("p/b", Optional.of(Tier.ON_DEMAND), false, "g")
            .model("p/c", Optional.of(Tier.ON_DEMAND), true, "g").build();
    private HealthEngine engine = engine(HealthSettings.builder());

    private HealthEngine engine(HealthSettings.Builder b) {
        return new HealthEngine(catalog, Set.of("g", "h"), b.jitter(Duration.ZERO).perGatewayConcurrency(10).build(), clock);
    }

    private void ok(OfferId id) {
        engine.onOutcome(Outcome.success(id, Outcome.Source.PROBE, Duration.ofMillis(50), clock.instant()));
    }

    private void fail(OfferId id, OutcomeClass cls) {
        engine.onOutcome(Outcome.failure(id, cls, Outcome.Source.LIVE, 500, cls.wireName(), clock.instant()));
    }

    private void rateLimited(OfferId id, String text, Optional<Duration> retryAfter) {
        engine.onOutcome(new Outcome(id, OutcomeClass.RATE_LIMITED, Outcome.Source.LIVE, 429, Optional.empty(), Duration.ZERO,
                0, 0, text, retryAfter, clock.instant()));
    }

    // ---- sibling inference ----

    @Test
    void twoOffersFailingWithinTheWindowMakeTheGatewaySuspectAndItsOtherOffersDegraded() {
        ok(a);
        ok(b);
        ok(c);
        ok(other);
        fail(a, SERVER_ERROR);
        assertThat(engine.rebuild().offerStatus(c)).as("one failure is one offer's").isEqualTo(OfferStatus.HEALTHY);

        clock.advanceSeconds(20);
        fail(b, OutcomeClass.TIMEOUT);
        HealthSnapshot s = engine.rebuild();
        assertThat(s.gateway("g").orElseThrow().status()).isEqualTo(GatewayStatus.SUSPECT);
        assertThat(s.offerStatus(c)).as("healthy only on evidence older than its siblings' failures").isEqualTo(OfferStatus.DEGRADED);
        assertThat(s.offer(c).orElseThrow().reason()).startsWith("gateway g is suspect: 2 of its offers failed within 30 s");
        assertThat(s.offer(c).orElseThrow().gatewaySuspect()).isTrue();
        assertThat(s.offerStatus(other)).as("another gateway is not touched").isEqualTo(OfferStatus.HEALTHY);

        ok(c);
        s = engine.rebuild();
        assertThat(s.gateway("g").orElseThrow().status()).as("a success clears it").isNotEqualTo(GatewayStatus.SUSPECT);
        assertThat(s.offerStatus(c)).isEqualTo(OfferStatus.HEALTHY);
    }

    @Test
    void failuresFurtherApartThanTheWindowOrOfClassesThatDoNotCountMakeNoSuspect() {
        ok(c);
        fail(a, SERVER_ERROR);
        clock.advanceSeconds(31);
        fail(b, SERVER_ERROR);
        assertThat(engine.rebuild().gateway("g").orElseThrow().status()).isNotEqualTo(GatewayStatus.SUSPECT);

        fail(a, OutcomeClass.BAD_RESPONSE); // a broken body is the model's, not the gateway's
        engine.onOutcome(Outcome.failure(c, OutcomeClass.NOT_FOUND, Outcome.Source.PROBE, 404, "gone", clock.instant()));
        assertThat(engine.rebuild().gateway("g").orElseThrow().status()).isNotEqualTo(GatewayStatus.SUSPECT);
    }

    @Test
    void suspectGatewaysOtherOffersAreReprobedFirstBetweenBatches() {
        ProbeScheduler scheduler = new ProbeScheduler(engine);
        ProbeRunner runner = new ProbeRunner(scheduler, prober, engine, engine);
        runner.tick(); // everything probed once at t0
        prober.clearCalls();
        clock.advanceSeconds(60);
        assertThat(runner.tickUrgent()).as("nothing urgent while all is well").isZero();

        fail(a, SERVER_ERROR);
        fail(b, SERVER_ERROR);
        clock.advanceSeconds(1);
        runner.tickUrgent();
        assertThat(prober.callsTo(c)).as("the sibling with only old evidence, at once").hasSize(1);
        assertThat(prober.callsTo(other)).as("not another gateway's offer").isEmpty();
        assertThat(engine.rebuild().gateway("g").orElseThrow().status()).as("c answered: cleared").isNotEqualTo(GatewayStatus.SUSPECT);
    }

    @Test
    void whenASuspectPeriodEndsTheOffersThatFailedInsideItAreReprobedOnce() {
        ProbeScheduler scheduler = new ProbeScheduler(engine);
        ProbeRunner runner = new ProbeRunner(scheduler, prober, engine, engine);
        runner.tick(); // everything probed once at t0
        clock.advanceSeconds(60);
        prober.script(a, SERVER_ERROR, SERVER_ERROR, SERVER_ERROR, OutcomeClass.SUCCESS);
        prober.script(c, SERVER_ERROR);
        fail(a, SERVER_ERROR);
        fail(c, SERVER_ERROR); // two offers within the window: a gateway-wide episode
        assertThat(engine.rebuild().gateway("g").orElseThrow().status()).isEqualTo(GatewayStatus.SUSPECT);
        for (int i = 0; i < 4; i++) {
            clock.advanceSeconds(2);
            runner.tickUrgent(); // a and c confirm their failures; b is re-probed first
        }
        assertThat(engine.statusOf(a)).isEqualTo(OfferStatus.UNHEALTHY);
        prober.clearCalls();
        clock.advanceSeconds(5);
        assertThat(runner.tickUrgent()).as("backing off: not due").isZero();

        ok(b); // live or canary evidence that the gateway answers again: the episode is over
        clock.advanceSeconds(1);
        runner.tickUrgent();
        assertThat(prober.callsTo(a)).as("the offer that failed with its gateway is looked at again at once").hasSize(1);
        ok(b);
        clock.advanceSeconds(1);
        runner.tickUrgent();
        ok(b);
        clock.advanceSeconds(1);
        runner.tickUrgent();
        assertThat(prober.callsTo(c)).as("still failing: once, not on every success of its siblings").hasSize(1);
    }

    @Test
    void aLoneFailingOfferIsNotReprobedOnEverySuccessOfItsSiblings() {
        ProbeScheduler scheduler = new ProbeScheduler(engine);
        ProbeRunner runner = new ProbeRunner(scheduler, prober, engine, engine);
        prober.script(a, SERVER_ERROR);
        runner.tick();
        clock.advanceSeconds(2);
        runner.tickUrgent();
        clock.advanceSeconds(2);
        runner.tickUrgent();
        assertThat(engine.statusOf(a)).isEqualTo(OfferStatus.UNHEALTHY);
        prober.clearCalls();
        for (int i = 0; i < 20; i++) { // its sibling serves traffic; no episode: a's failures are its own
            ok(b);
            clock.advanceSeconds(1);
            runner.tickUrgent();
        }
        assertThat(prober.callsTo(a)).as("backing off (30 s), whatever its siblings answer").isEmpty();
    }

    @Test
    void twoDeadOffersAloneDoNotMakeTheirGatewaySuspect() {
        for (int i = 0; i < 4; i++) { // both down on their own for a while
            fail(a, SERVER_ERROR);
            fail(b, SERVER_ERROR);
            clock.advanceSeconds(60);
        }
        ok(c);
        fail(a, SERVER_ERROR);
        fail(b, SERVER_ERROR);
        assertThat(engine.facts("g").evidence().suspect()).as("repeats of long-dead offers are no news").isFalse();
        fail(c, SERVER_ERROR);
        assertThat(engine.facts("g").evidence().suspect()).as("a new failure beside them is").isTrue();
    }

    // ---- canaries ----

    private final List<Gateway> checked = new ArrayList<>();

    private CanaryRunner canaries(GatewayCheck.Reach reach) {
        GatewayCheck check = (g, t) -> {
            checked.add(g);
            return CompletableFuture.completedFuture(new GatewayCheck.Result(reach, reach == GatewayCheck.Reach.UNREACHABLE ? "HTTP 503" : "HTTP 200"));
        };
        return new CanaryRunner(new CanaryScheduler(engine), check, prober, engine, engine);
    }

    @Test
    void quietGatewayGetsOneCanaryAfterTheIntervalOnItsCheapestOffer() {
        CanaryRunner canaries = canaries(GatewayCheck.Reach.REACHABLE);
        ok(other);
        clock.advanceSeconds(59);
        ok(other); // h has evidence; g has none
        assertThat(canaries.tick()).isZero();

        clock.advanceSeconds(1);
        assertThat(canaries.tick()).as("g has been quiet for 60 s").isEqualTo(1);
        assertThat(checked).extracting(Gateway::name).containsExactly("g");
        List<ScriptedProber.Call> calls = prober.callsTo(a);
        assertThat(calls).as("one tiny completion on a non-reasoning offer").hasSize(1);
        assertThat(calls.get(0).request().maxTokens()).isEqualTo(1);
        assertThat(prober.callsTo(c)).as("the reasoning model has a higher token floor").isEmpty();

        HealthSnapshot s = engine.rebuild();
        assertThat(s.gateway("g").orElseThrow().canaries().requests()).as("models list + completion").isEqualTo(2);
        assertThat(s.gateway("g").orElseThrow().probes().requests()).as("counted apart from probes").isZero();
        assertThat(s.offerStatus(a)).as("the canary is real evidence").isEqualTo(OfferStatus.HEALTHY);

        clock.advanceSeconds(30);
        assertThat(canaries.tick()).as("its own completion was evidence: quiet again only after another interval").isZero();
    }

    @Test
    void failingCanaryMakesTheGatewaySuspectSoNoOfferReadsHealthyOnOldEvidence() {
        engine = engine(HealthSettings.builder().canaryCompletionInterval(Duration.ZERO)); // every canary sends its completion
        ok(a);
        ok(b);
        clock.advanceSeconds(60);
        prober.script(a, SERVER_ERROR);
        prober.script(b, SERVER_ERROR);
        canaries(GatewayCheck.Reach.REACHABLE).tick();

        HealthSnapshot s = engine.rebuild();
        assertThat(s.gateway("g").orElseThrow().status()).isEqualTo(GatewayStatus.SUSPECT);
        assertThat(s.gateway("g").orElseThrow().reason()).startsWith("canary failed: tiny completion on");
        for (OfferId id : List.of(a, b, c)) {
            assertThat(s.offerStatus(id)).as(id.toString()).isNotEqualTo(OfferStatus.HEALTHY);
        }
    }

    @Test
    void unreachableModelsListMakesTheGatewaySuspectWithoutSpendingTokens() {
        clock.advanceSeconds(60);
        canaries(GatewayCheck.Reach.UNREACHABLE).tick();

        HealthSnapshot s = engine.rebuild();
        assertThat(s.gateway("g").orElseThrow().status()).isEqualTo(GatewayStatus.SUSPECT);
        assertThat(s.gateway("g").orElseThrow().reason()).isEqualTo("canary failed: models list HTTP 503");
        assertThat(prober.calls()).as("no completion after an unreachable list").isEmpty();
        assertThat(s.gateway("g").orElseThrow().canaries().requests()).isEqualTo(1);
    }

    @Test
    void suspectGatewayGetsACanaryEveryIntervalUntilOneSucceeds() {
        prober.script(a, SERVER_ERROR, SERVER_ERROR, OutcomeClass.SUCCESS);
        CanaryRunner canaries = canaries(GatewayCheck.Reach.REACHABLE);
        clock.advanceSeconds(60);
        canaries.tick();
        for (int i = 0; i < 12; i++) { // failing re-probes keep the gateway "heard from"
            clock.advanceSeconds(5);
            fail(b, SERVER_ERROR);
            canaries.tick();
        }
        assertThat(prober.callsTo(a)).as("canaries at 60 s and 120 s").hasSize(2);
        assertThat(engine.rebuild().gateway("g").orElseThrow().status()).isEqualTo(GatewayStatus.SUSPECT);

        clock.advanceSeconds(60);
        canaries.tick();
        assertThat(engine.rebuild().gateway("g").orElseThrow().status()).as("the third canary succeeded").isNotEqualTo(GatewayStatus.SUSPECT);
    }

    @Test
    void canarySpendStopsAtItsHourlyCap() {
        engine = engine(HealthSettings.builder().canaryHourlyCap(4).canaryCompletionInterval(Duration.ZERO)); // two requests a canary
        CanaryRunner canaries = canaries(GatewayCheck.Reach.REACHABLE);
        clock.set(java.time.Instant.parse("2026-03-01T12:00:00Z"));
        int started = 0;
        for (int minute = 1; minute <= 59; minute++) {
            clock.set(java.time.Instant.parse("2026-03-01T12:00:00Z").plusSeconds(60L * minute));
            started += canaries.tick();
        }
        HealthSnapshot s = engine.rebuild();
        assertThat(s.gateway("g").orElseThrow().canaries().requestsThisHour()).isEqualTo(4);
        assertThat(s.gateway("h").orElseThrow().canaries().requestsThisHour()).isEqualTo(4);
        assertThat(started).as("two canaries per gateway this hour").isEqualTo(4);

        clock.set(java.time.Instant.parse("2026-03-01T13:00:30Z"));
        assertThat(canaries.tick()).as("a new hour, a new budget").isEqualTo(2);
    }

    @Test
    void gatewayThatRejectedItsKeyOrIsUnconfiguredGetsNoCanary() {
        engine = new HealthEngine(catalog, Set.of("g"), HealthSettings.defaults(), clock);
        engine.onOutcome(Outcome.failure(a, OutcomeClass.AUTH_ERROR, Outcome.Source.PROBE, 401, "invalid key", clock.instant()));
        clock.advanceSeconds(120);
        assertThat(canaries(GatewayCheck.Reach.REACHABLE).tick()).isZero();
    }

    // ---- rate limits scoped to what they limit ----

    @Test
    void oneModelsRateLimitThrottlesThatOfferOnlyNeverMakingItUnhealthy() {
        ok(a);
        ok(b);
        rateLimited(a, "429 rate_limited: Rate limit reached for model p/a: tokens per minute", Optional.of(Duration.ofSeconds(20)));

        HealthSnapshot s = engine.rebuild();
        HealthSnapshot.OfferHealth ha = s.offer(a).orElseThrow();
        assertThat(ha.status()).isEqualTo(OfferStatus.HEALTHY);
        assertThat(ha.throttle()).hasValueSatisfying(t -> {
            assertThat(t.scope()).isEqualTo(Throttle.Scope.OFFER);
            assertThat(t.until()).isEqualTo(clock.instant().plusSeconds(20));
            assertThat(t.reason()).isEqualTo("Retry-After 20 s");
        });
        assertThat(s.offer(b).orElseThrow().throttle()).as("not another model's offer").isEmpty();
        assertThat(s.offer(other).orElseThrow().throttle()).as("nor the same model elsewhere").isEmpty();
        assertThat(s.gateway("g").orElseThrow().status()).isNotEqualTo(GatewayStatus.THROTTLED);
    }

    @Test
    void repeatedRateLimitsWithoutRetryAfterBackOffUpToTheCap() {
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rateLimited(a, "429", Optional.empty());
            waits.add(engine.rebuild().offer(a).orElseThrow().throttle().orElseThrow().waited());
            clock.advance(waits.get(i));
        }
        assertThat(waits).extracting(Duration::toSeconds).containsExactly(10L, 20L, 40L, 80L, 120L, 120L);

        ok(a);
        rateLimited(a, "429", Optional.empty());
        assertThat(engine.rebuild().offer(a).orElseThrow().throttle().orElseThrow().waited()).as("a success resets the backoff")
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void accountWideBodyThrottlesTheWholeGateway() {
        rateLimited(a, "429 rate_limited: Rate limit reached for organization org-123 on requests per min", Optional.of(Duration.ofSeconds(30)));

        HealthSnapshot s = engine.rebuild();
        assertThat(s.gateway("g").orElseThrow().status()).isEqualTo(GatewayStatus.THROTTLED);
        assertThat(s.offer(b).orElseThrow().throttle()).hasValueSatisfying(t -> {
            assertThat(t.scope()).isEqualTo(Throttle.Scope.GATEWAY);
            assertThat(t.reason()).startsWith("the rate limit names the account or key");
        });
        assertThat(s.offer(other).orElseThrow().throttle()).isEmpty();
    }

    @Test
    void twoOffersThrottledAtOnceThrottleTheGateway() {
        rateLimited(a, "429", Optional.of(Duration.ofSeconds(30)));
        assertThat(engine.rebuild().offer(c).orElseThrow().throttle()).isEmpty();
        clock.advanceSeconds(5);
        rateLimited(b, "429", Optional.of(Duration.ofSeconds(30)));

        HealthSnapshot s = engine.rebuild();
        assertThat(s.offer(c).orElseThrow().throttle()).hasValueSatisfying(t -> {
            assertThat(t.scope()).isEqualTo(Throttle.Scope.GATEWAY);
            assertThat(t.reason()).startsWith("2 of its offers are rate limited at once");
        });
    }

    @Test
    void gatewayThatLimitsModelSwitchesIsThrottledWholeByOne429() {
        Catalog switchLimited = TestCatalogs.builder()
                .gateway(new Gateway("agg", "agg", "http://127.0.0.1:1/v1", "", io.healthgate.catalog.Protocol.OPENAI, "AGG_KEY", true, "", "", java.util.Map.of(), 4, false))
                .model("p/a", "agg").model("p/b", "agg").build();
        HealthEngine e = new HealthEngine(switchLimited, Set.of("agg"), HealthSettings.defaults(), clock);
        e.onOutcome(new Outcome(new OfferId("agg", "p/a"), OutcomeClass.RATE_LIMITED, Outcome.Source.PROBE, 429, Optional.empty(),
                Duration.ZERO, 0, 0, "429", Optional.empty(), clock.instant()));

        HealthSnapshot s = e.rebuild();
        assertThat(s.offer(new OfferId("agg", "p/b")).orElseThrow().throttle()).hasValueSatisfying(
                t -> assertThat(t.reason()).startsWith("the gateway limits model switches"));
        assertThat(e.throttles()).extracting(Throttle::scope).contains(Throttle.Scope.GATEWAY, Throttle.Scope.OFFER);
    }
}
