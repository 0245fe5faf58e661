package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.catalog.Tier;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every offer and gateway status rule of DESIGN.md, and the measurement pitfalls of issue 4, on a fake clock. */
class HealthEngineStatusTest {
    private final FakeClock clock = new FakeClock();
    private final OfferId groqLlama = new OfferId("groq", "meta-llama/llama-3.3-70b");
    private final OfferId togetherLlama = new OfferId("together", "meta-llama/llama-3.3-70b");
    private final Catalog catalog = TestCatalogs.builder()
            .gateway("groq").gateway("together").gateway("openrouter")
            .model("meta-llama/llama-3.3-70b", "groq", "together")
            .model("openai/gpt-4o", "openrouter")
            .build();
    private final HealthEngine engine = new HealthEngine(catalog, Set.of("groq", "together", "openrouter"),
            HealthSettings.defaults(), clock);

    private void ok(OfferId id, int n) {
        for (int i = 0; i < n; i++) {
            engine.onOutcome(Outcome.success(id, Outcome.Source.LIVE, Duration.ofMillis(100), clock.instant()));
        }
    }

    private void fail(OfferId id, OutcomeClass c, int n) {
        for (int i = 0; i < n; i++) {
            engine.onOutcome(Outcome.failure(id, c, Outcome.Source.PROBE, 0, c.wireName(), clock.instant()));
        }
    }

    @Test
    void rateLimitedProbeNeverMarksOfferUnhealthy() {
        ok(groqLlama, 1);
        fail(groqLlama, OutcomeClass.RATE_LIMITED, 20);

        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
        HealthSnapshot.OfferHealth h = engine.rebuild().offer(groqLlama).orElseThrow();
        assertThat(h.errors()).isZero();
        assertThat(h.successRate()).contains(1.0);
        assertThat(h.calls()).isEqualTo(21);
        assertThat(h.throttle()).hasValueSatisfying(t -> assertThat(t.scope()).isEqualTo(Throttle.Scope.OFFER));
        assertThat(engine.snapshot().gateway("groq").orElseThrow().status()).as("one model's limit is not the gateway's")
                .isNotEqualTo(GatewayStatus.THROTTLED);
    }

    @Test
    void rateLimitedOnlyEvidenceStaysUnknownNotUnhealthy() {
        fail(togetherLlama, OutcomeClass.RATE_LIMITED, 5);

        assertThat(engine.statusOf(togetherLlama)).isEqualTo(OfferStatus.UNKNOWN);
        assertThat(engine.rebuild().offer(togetherLlama).orElseThrow().successRate()).isEmpty();
    }

    @Test
    void singleRateLimitDoesNotFlipModel() {
        ok(groqLlama, 3);
        engine.onOutcome(new Outcome(groqLlama, OutcomeClass.RATE_LIMITED, Outcome.Source.LIVE, 429, Optional.empty(),
                Duration.ZERO, 0, 0, "429", Optional.of(Duration.ofSeconds(20)), clock.instant()));

        HealthSnapshot s = engine.rebuild();
        assertThat(s.model("meta-llama/llama-3.3-70b").orElseThrow().status()).isEqualTo(OfferStatus.HEALTHY);
        assertThat(s.offerStatus(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
        assertThat(s.offer(groqLlama).orElseThrow().throttledUntil()).contains(clock.instant().plusSeconds(20));
        assertThat(s.gateway("groq").orElseThrow().throttledUntil()).as("the offer's limit, not the gateway's").isEmpty();
    }

    @Test
    void offerThrottleWithoutRetryAfterEndsAfterTheShortDefault() {
        ok(groqLlama, 3);
        fail(groqLlama, OutcomeClass.RATE_LIMITED, 1); // no Retry-After: the default 10 s

        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().throttledUntil()).contains(clock.instant().plusSeconds(10));
        clock.advanceSeconds(9);
        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().throttle()).isPresent();
        clock.advanceSeconds(1);
        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().throttle()).isEmpty();
        assertThat(engine.snapshot().gateway("groq").orElseThrow().status()).isEqualTo(GatewayStatus.HEALTHY);
    }

    @Test
    void missingKeyIsUnconfiguredNotUnhealthy() {
        HealthEngine e = new HealthEngine(catalog, Set.of("groq"), HealthSettings.defaults(), clock);

        HealthSnapshot s = e.rebuild();
        assertThat(s.offerStatus(togetherLlama)).isEqualTo(OfferStatus.UNCONFIGURED);
        assertThat(s.offer(togetherLlama).orElseThrow().reason()).contains("TOGETHER_API_KEY").contains("not set");
        assertThat(s.gateway("together").orElseThrow().status()).isEqualTo(GatewayStatus.UNCONFIGURED);
        assertThat(s.model("openai/gpt-4o").orElseThrow().status()).isEqualTo(OfferStatus.UNCONFIGURED);
        assertThat(s.system().unhealthyModels()).isZero();
    }

    @Test
    void disabledGatewayIsDisabledAndItsOffersUnconfigured() {
        Catalog c = TestCatalogs.builder()
                .gateway(new Gateway("img", "img", "http://127.0.0.1:1", "", Protocol.SPECIAL, "IMG_KEY", false,
                        "needs its own adapter", "", Map.of(), 0, false))
                .model("x/img", "img").build();
        HealthEngine e = new HealthEngine(c, Set.of("img"), HealthSettings.defaults(), clock);

        HealthSnapshot s = e.rebuild();
        assertThat(s.gateway("img").orElseThrow().status()).isEqualTo(GatewayStatus.DISABLED);
        assertThat(s.offerStatus(new OfferId("img", "x/img"))).isEqualTo(OfferStatus.UNCONFIGURED);
    }

    @Test
    void staleEvidenceIsUnknownNotHealthy() {
        ok(groqLlama, 5);
        Duration interval = HealthSettings.DEFAULT_ON_DEMAND.interval(); // no traffic tier yet: on_demand

        clock.advance(interval.multipliedBy(2));
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
        clock.advanceSeconds(1);
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.UNKNOWN);
        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().reason()).contains("stale");
    }

    /**
     * The accuracy smoke's "last checked 57 min ago, more than twice its tier interval (5 min)": a
     * model promoted by traffic from on_demand (4 h) to critical (5 min) made its other offer's
     * evidence stale at the promotion itself, before the scheduler, which follows the same tier, had
     * a chance to probe it. The stale rule now counts the new tier's two intervals from the promotion.
     */
    @Test
    void aTrafficPromotionDoesNotMakeEvidenceGatheredUnderTheOldTierStaleAtOnce() {
        engine.onOutcome(Outcome.success(groqLlama, Outcome.Source.PROBE, Duration.ofMillis(100), clock.instant()));
        clock.advance(Duration.ofMinutes(57));
        ok(togetherLlama, 30); // live traffic on the model's other offer
        engine.reevaluateTiers();
        assertThat(engine.tierOf(groqLlama)).isEqualTo(Tier.CRITICAL);
        ProbeScheduler scheduler = new ProbeScheduler(engine);
        assertThat(scheduler.nextDue(groqLlama, clock.instant()).orElseThrow()).as("the scheduler probes it at once under the new tier")
                .isBeforeOrEqualTo(clock.instant());

        HealthSnapshot.OfferHealth h = engine.rebuild().offer(groqLlama).orElseThrow();
        assertThat(h.tier()).isEqualTo(Tier.CRITICAL);
        assertThat(h.status()).as(h.reason()).isEqualTo(OfferStatus.HEALTHY);

        Duration interval = HealthSettings.DEFAULT_CRITICAL.interval();
        clock.advance(interval.multipliedBy(2));
        ok(togetherLlama, 1);
        assertThat(engine.statusOf(groqLlama)).as("two critical intervals since the promotion").isEqualTo(OfferStatus.HEALTHY);
        clock.advanceSeconds(1);
        assertThat(engine.statusOf(groqLlama)).as("no probe in two of the new tier's intervals: stale").isEqualTo(OfferStatus.UNKNOWN);
        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().reason()).contains("twice its tier interval (5 min)");
    }

    @Test
    void staleUnhealthyEvidenceIsAlsoUnknown() {
        fail(groqLlama, OutcomeClass.SERVER_ERROR, 5);
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.UNHEALTHY);

        clock.advance(HealthSettings.DEFAULT_ON_DEMAND.interval().multipliedBy(2).plusSeconds(1));
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.UNKNOWN);
    }

    @Test
    void noDataIsUnknownNotZeroPercent() {
        HealthSnapshot s = engine.rebuild();

        HealthSnapshot.OfferHealth h = s.offer(groqLlama).orElseThrow();
        assertThat(h.status()).isEqualTo(OfferStatus.UNKNOWN);
        assertThat(h.successRate()).isEmpty();
        assertThat(h.latencyP50()).isEmpty();
        assertThat(s.system().healthPercentage()).isEmpty();
        assertThat(s.system().knownModels()).isZero();
        assertThat(s.providers().get("meta-llama").healthPercentage()).isEmpty();
        assertThat(s.gateway("groq").orElseThrow().status()).isEqualTo(GatewayStatus.UNKNOWN);
        assertThat(s.gateway("groq").orElseThrow().errorRate()).isEmpty();
    }

    @Test
    void consecutiveCountingFailuresMakeOfferUnhealthy() {
        ok(groqLlama, 20);
        fail(groqLlama, OutcomeClass.SERVER_ERROR, 2);
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.DEGRADED);

        fail(groqLlama, OutcomeClass.CONNECTION_ERROR, 1);
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.UNHEALTHY);
        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().reason()).contains("3 consecutive failures");
    }

    @Test
    void highErrorRateOverMinSamplesMakesOfferUnhealthy() {
        for (int i = 0; i < 5; i++) {
            ok(groqLlama, 1);
            fail(groqLlama, OutcomeClass.BAD_RESPONSE, 1);
        }
        ok(groqLlama, 1); // last call succeeded, but 5 of 11 failed... below 50%
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.DEGRADED);

        fail(groqLlama, OutcomeClass.TIMEOUT, 1); // 6 of 12 = 50%
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.UNHEALTHY);
        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().reason()).contains("error rate 50%");
    }

    @Test
    void recoveredOfferIsHealthyAfterThreeSuccessesInARowWhileOldFailuresStayInTheWindow() {
        fail(groqLlama, OutcomeClass.SERVER_ERROR, 6);
        ok(groqLlama, 2);
        // Issue 11 item 5: its newest outcomes are successes, so the window's 75% error rate (older failures) holds it
        // degraded, not unhealthy, until the third success.
        assertThat(engine.statusOf(groqLlama)).as("two successes after six failures").isEqualTo(OfferStatus.DEGRADED);
        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().reason()).startsWith("recovering: 2 of 3 successes in a row");

        ok(groqLlama, 1);
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
        HealthSnapshot.OfferHealth h = engine.rebuild().offer(groqLlama).orElseThrow();
        assertThat(h.reason()).startsWith("recovered: 3 successes in a row");
        assertThat(h.errors()).as("the failures are still counted in the window").isEqualTo(6);

        fail(groqLlama, OutcomeClass.SERVER_ERROR, 1);
        assertThat(engine.statusOf(groqLlama)).as("a new failure ends the recovery").isNotEqualTo(OfferStatus.HEALTHY);
    }

    @Test
    void fewerThanMinSamplesNeverMakeARate() {
        fail(groqLlama, OutcomeClass.SERVER_ERROR, 1);
        ok(groqLlama, 1);

        // 1 of 2 failed (50%), but 2 samples are fewer than min_samples (3): the rate says nothing yet
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
    }

    @Test
    void someErrorsMakeOfferDegraded() {
        ok(groqLlama, 8);
        fail(groqLlama, OutcomeClass.SERVER_ERROR, 1);
        ok(groqLlama, 1);

        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.DEGRADED); // 10% errors
        ok(groqLlama, 1);
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.HEALTHY); // 1 of 11 < 10%
    }

    @Test
    void latencyFarAboveItsOwnBaselineMakesOfferDegraded() {
        ok(groqLlama, 30); // baseline 100 ms
        clock.advance(HealthSettings.DEFAULT_WINDOW.plusSeconds(60)); // the window empties
        for (int i = 0; i < 5; i++) {
            engine.onOutcome(Outcome.success(groqLlama, Outcome.Source.LIVE, Duration.ofMillis(1500), clock.instant()));
        }

        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.DEGRADED);
        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().reason()).contains("slow");
    }

    @Test
    void clientErrorsAndCancellationsNeverCount() {
        ok(groqLlama, 3);
        fail(groqLlama, OutcomeClass.BAD_REQUEST, 10);
        fail(groqLlama, OutcomeClass.CANCELLED, 10);

        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().windowSamples()).isEqualTo(3);
    }

    @Test
    void circuitOpenMakesOfferUnhealthy() {
        ok(groqLlama, 3);
        engine.circuitView(id -> id.equals(groqLlama));

        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.UNHEALTHY);
        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().circuitOpen()).isTrue();
    }

    @Test
    void authErrorMarksGatewayMisconfiguredNotModelUnhealthy() {
        ok(togetherLlama, 3);
        fail(groqLlama, OutcomeClass.AUTH_ERROR, 5);

        HealthSnapshot s = engine.rebuild();
        assertThat(s.gateway("groq").orElseThrow().status()).isEqualTo(GatewayStatus.MISCONFIGURED);
        assertThat(s.offerStatus(groqLlama)).isEqualTo(OfferStatus.MISCONFIGURED);
        assertThat(s.model("meta-llama/llama-3.3-70b").orElseThrow().status()).isEqualTo(OfferStatus.HEALTHY);
        assertThat(s.offer(groqLlama).orElseThrow().errors()).isZero();

        ok(groqLlama, 1); // the key works again
        assertThat(engine.rebuild().gateway("groq").orElseThrow().status()).isEqualTo(GatewayStatus.HEALTHY);
    }

    @Test
    void noCreditsMarksGatewayOutOfCreditsUntilASuccess() {
        ok(groqLlama, 3);
        fail(groqLlama, OutcomeClass.NO_CREDITS, 1);

        assertThat(engine.rebuild().gateway("groq").orElseThrow().status()).isEqualTo(GatewayStatus.OUT_OF_CREDITS);
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
        ok(groqLlama, 1);
        assertThat(engine.rebuild().gateway("groq").orElseThrow().status()).isEqualTo(GatewayStatus.HEALTHY);
    }

    @Test
    void notFoundRepeatedMakesOfferDeprecated() {
        fail(groqLlama, OutcomeClass.NOT_FOUND, 1);
        assertThat(engine.statusOf(groqLlama)).isNotEqualTo(OfferStatus.DEPRECATED);

        fail(groqLlama, OutcomeClass.NOT_FOUND, 1);
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.DEPRECATED);
        assertThat(engine.rebuild().offer(groqLlama).orElseThrow().errors()).isZero();

        ok(groqLlama, 1);
        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
    }

    @Test
    void modelIsAsHealthyAsItsBestOffer() {
        fail(groqLlama, OutcomeClass.SERVER_ERROR, 3);
        ok(togetherLlama, 3);

        HealthSnapshot s = engine.rebuild();
        HealthSnapshot.ModelHealth m = s.model("meta-llama/llama-3.3-70b").orElseThrow();
        assertThat(m.status()).isEqualTo(OfferStatus.HEALTHY);
        assertThat(m.bestOffer()).contains(togetherLlama);
        assertThat(m.healthyOffers()).isEqualTo(1);
    }

    @Test
    void knownUnhealthyOfferOutranksAnOfferWithoutEvidence() {
        fail(groqLlama, OutcomeClass.SERVER_ERROR, 3);

        HealthSnapshot s = engine.rebuild();
        assertThat(s.model("meta-llama/llama-3.3-70b").orElseThrow().status()).isEqualTo(OfferStatus.UNHEALTHY);
        assertThat(s.system().knownModels()).isEqualTo(1);
        assertThat(s.system().healthPercentage()).contains(0.0);
    }

    @Test
    void healthPercentageExcludesUnconfiguredAndReportsCoverage() {
        Catalog c = TestCatalogs.builder().gateway("a").gateway("b").gateway("nokey")
                .model("p/one", "a").model("p/two", "a", "b").model("p/three", "b").model("p/four", "nokey")
                .model("q/five", "nokey", "a")
                .build();
        HealthEngine e = new HealthEngine(c, Set.of("a", "b"), HealthSettings.defaults(), clock);
        for (String m : new String[] {"p/one", "p/two"}) {
            for (int i = 0; i < 3; i++) {
                e.onOutcome(Outcome.success(new OfferId("a", m), Outcome.Source.LIVE, Duration.ofMillis(50), clock.instant()));
            }
        }
        for (int i = 0; i < 3; i++) {
            e.onOutcome(Outcome.failure(new OfferId("b", "p/three"), OutcomeClass.SERVER_ERROR, Outcome.Source.LIVE, 502, "", clock.instant()));
        }

        HealthSnapshot.SystemHealth s = e.rebuild().system();
        // known: one, two (healthy), three (unhealthy); four is unconfigured, five has no evidence
        assertThat(s.knownModels()).isEqualTo(3);
        assertThat(s.healthyModels()).isEqualTo(2);
        assertThat(s.healthPercentage()).hasValueSatisfying(p -> assertThat(p).isCloseTo(66.67, org.assertj.core.data.Offset.offset(0.01)));
        assertThat(s.catalogModels()).isEqualTo(5);
        assertThat(s.trackedModels()).isEqualTo(3);
        assertThat(s.totalOffers()).isEqualTo(7);
        assertThat(s.configuredOffers()).isEqualTo(5);
        assertThat(s.offerCoveragePercentage()).hasValueSatisfying(p -> assertThat(p).isCloseTo(71.43, org.assertj.core.data.Offset.offset(0.01)));
        assertThat(s.modelsWithConfiguredOffer()).isEqualTo(4);
        assertThat(s.modelCoveragePercentage()).contains(80.0);
        assertThat(e.snapshot().providers().get("p").healthPercentage()).hasValueSatisfying(
                p -> assertThat(p).isCloseTo(66.67, org.assertj.core.data.Offset.offset(0.01)));
        assertThat(e.snapshot().providers().get("q").healthPercentage()).isEmpty();
    }

    @Test
    void gatewayIsDownWhenOverHalfItsOffersUnhealthy() {
        Catalog c = TestCatalogs.builder().gateway("g").model("p/a", "g").model("p/b", "g").model("p/c", "g").model("p/d", "g").build();
        HealthEngine e = new HealthEngine(c, Set.of("g"), HealthSettings.defaults(), clock);
        String[] models = {"p/a", "p/b", "p/c"};
        for (String m : models) {
            for (int i = 0; i < 3; i++) {
                e.onOutcome(Outcome.success(new OfferId("g", m), Outcome.Source.LIVE, Duration.ofMillis(50), clock.instant()));
            }
        }
        assertThat(e.rebuild().gateway("g").orElseThrow().status()).isEqualTo(GatewayStatus.HEALTHY);

        failThree(e, new OfferId("g", "p/a"));
        assertThat(e.rebuild().gateway("g").orElseThrow().status()).isEqualTo(GatewayStatus.DEGRADED);

        clock.advanceSeconds(31); // past the sibling window: two single-offer failures, not a suspect gateway
        failThree(e, new OfferId("g", "p/b"));
        HealthSnapshot.GatewayHealth g = e.rebuild().gateway("g").orElseThrow();
        assertThat(g.status()).isEqualTo(GatewayStatus.DOWN); // 2 of 3 known (p/d has no evidence and is not counted)
        assertThat(g.knownOffers()).isEqualTo(3);
        assertThat(g.unhealthyOffers()).isEqualTo(2);
    }

    private void failThree(HealthEngine e, OfferId id) {
        for (int i = 0; i < 3; i++) {
            e.onOutcome(Outcome.failure(id, OutcomeClass.SERVER_ERROR, Outcome.Source.LIVE, 500, "", clock.instant()));
        }
    }

    @Test
    void exactlyHalfUnhealthyIsNotDown() {
        Catalog c = TestCatalogs.builder().gateway("g").model("p/a", "g").model("p/b", "g").build();
        HealthEngine e = new HealthEngine(c, Set.of("g"), HealthSettings.defaults(), clock);
        for (int i = 0; i < 3; i++) {
            e.onOutcome(Outcome.success(new OfferId("g", "p/a"), Outcome.Source.LIVE, Duration.ofMillis(50), clock.instant()));
        }
        failThree(e, new OfferId("g", "p/b"));

        assertThat(e.rebuild().gateway("g").orElseThrow().status()).isEqualTo(GatewayStatus.DEGRADED);
    }

    @Test
    void liveTrafficFeedsTheWindowAtOnce() {
        ok(groqLlama, 1);

        assertThat(engine.statusOf(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
        assertThat(engine.evidence(groqLlama, clock.instant()).lastLiveCounting()).contains(clock.instant());
    }

    @Test
    void outcomesForOffersOutsideTheCatalogAreIgnored() {
        engine.onOutcome(Outcome.success(new OfferId("groq", "nobody/else"), Outcome.Source.LIVE, Duration.ofMillis(5), clock.instant()));

        assertThat(engine.rebuild().system().trackedOffers()).isZero();
    }

    @Test
    void tiersAssignedFromTrafficShare() {
        TestCatalogs b = TestCatalogs.builder().gateway("g");
        for (int i = 0; i < 20; i++) {
            b.model(String.format("p/m%02d", i), "g");
        }
        b.model("p/pinned", Optional.of(Tier.CRITICAL), false, "g");
        Catalog c = b.build(); // 21 models: 5% -> 2 critical slots, 20% -> 5 popular slots
        HealthEngine e = new HealthEngine(c, Set.of("g"), HealthSettings.defaults(), clock);
        for (int i = 0; i < 10; i++) { // models 0..9 get 100, 90, ..., 10 requests
            for (int n = 0; n < 100 - 10 * i; n++) {
                e.onOutcome(Outcome.success(new OfferId("g", String.format("p/m%02d", i)), Outcome.Source.LIVE, Duration.ofMillis(5), clock.instant()));
            }
        }
        e.onOutcome(Outcome.success(new OfferId("g", "p/m19"), Outcome.Source.PROBE, Duration.ofMillis(5), clock.instant()));

        assertThat(e.tierOf(new OfferId("g", "p/m00"))).isEqualTo(Tier.ON_DEMAND); // not yet re-evaluated
        e.reevaluateTiers();

        assertThat(e.tierOf(new OfferId("g", "p/m00"))).isEqualTo(Tier.CRITICAL);
        assertThat(e.tierOf(new OfferId("g", "p/m01"))).isEqualTo(Tier.CRITICAL);
        for (int i = 2; i < 7; i++) {
            assertThat(e.tierOf(new OfferId("g", String.format("p/m%02d", i)))).isEqualTo(Tier.POPULAR);
        }
        for (int i = 7; i < 10; i++) {
            assertThat(e.tierOf(new OfferId("g", String.format("p/m%02d", i)))).isEqualTo(Tier.STANDARD);
        }
        assertThat(e.tierOf(new OfferId("g", "p/m19"))).as("probes are not traffic").isEqualTo(Tier.ON_DEMAND);
        assertThat(e.tierOf(new OfferId("g", "p/pinned"))).as("the catalog's tier wins").isEqualTo(Tier.CRITICAL);
        assertThat(e.rebuild().offer(new OfferId("g", "p/pinned")).orElseThrow().tierFromCatalog()).isTrue();

        // traffic moves: m09 becomes the busiest; old scores halve each period
        for (int n = 0; n < 1000; n++) {
            e.onOutcome(Outcome.success(new OfferId("g", "p/m09"), Outcome.Source.LIVE, Duration.ofMillis(5), clock.instant()));
        }
        clock.advance(HealthSettings.DEFAULT_TIER_REEVALUATION);
        e.refresh();
        assertThat(e.tierOf(new OfferId("g", "p/m09"))).isEqualTo(Tier.CRITICAL);
        assertThat(e.tierOf(new OfferId("g", "p/m01"))).isEqualTo(Tier.POPULAR);
    }

    @Test
    void snapshotIsRebuiltOnChangeAtMostOnceASecond() {
        HealthSnapshot first = engine.snapshot();
        ok(groqLlama, 3);
        assertThat(engine.refresh()).as("less than a second since the last build").isFalse();
        assertThat(engine.snapshot()).isSameAs(first);

        clock.advanceSeconds(1);
        assertThat(engine.refresh()).isTrue();
        assertThat(engine.snapshot().offerStatus(groqLlama)).isEqualTo(OfferStatus.HEALTHY);
        clock.advanceSeconds(1);
        assertThat(engine.refresh()).as("nothing changed").isFalse();
        clock.advance(HealthSettings.DEFAULT_SNAPSHOT_MAX_AGE);
        assertThat(engine.refresh()).as("time alone can make evidence stale").isTrue();
    }
}
