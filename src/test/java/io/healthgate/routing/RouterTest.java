package io.healthgate.routing;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.OutcomeClass;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.healthgate.health.OfferStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {
    static final String MODEL = "meta-llama/llama-3.3-70b-instruct";
    static final OfferId A = new OfferId("alpha", MODEL);
    static final OfferId B = new OfferId("beta", MODEL);
    static final OfferId C = new OfferId("gamma", MODEL);
    static final OfferId D = new OfferId("delta", MODEL);

    private final FakeClock clock = new FakeClock();
    private final FakeHealthSignals signals = new FakeHealthSignals();
    private final BreakerRegistry breakers = new BreakerRegistry(BreakerSettings.DEFAULTS, clock);
    private final RoutingSwitch routingSwitch = new RoutingSwitch(RoutingMode.HEALTH_AWARE);
    private final Set<String> keys = new HashSet<>(Set.of("alpha", "beta", "gamma", "delta", "off"));
    private final Catalog catalog = catalog();

    static Catalog catalog() {
        Gateway off = new Gateway("off", "Off", "http://127.0.0.1:1", "", Protocol.SPECIAL, "OFF_KEY", false, "special protocol", "", Map.of(), 0, false);
        List<Gateway> gateways = List.of(gw("alpha"), gw("beta"), gw("gamma"), gw("delta"), off);
        Model m = new Model(MODEL, "meta-llama", Optional.empty(), false, 0, List.of("llama-70b"), List.of(
                new Offer(A, "llama-3.3-70b"), new Offer(B, "meta-llama/Llama-3.3-70B"),
                new Offer(C, "llama3.3-70b"), new Offer(D, "l70b"), new Offer("off", MODEL, "x")));
        return new Catalog(gateways, List.of(m));
    }

    static Gateway gw(String name) {
        return Gateway.of(name, "http://127.0.0.1:1/" + name, Protocol.OPENAI, name.toUpperCase() + "_KEY");
    }

    private Router router(RoutingSettings settings) {
        return new Router(() -> catalog, keys::contains, signals, breakers, routingSwitch, settings);
    }

    private RoutePlan plan(String requested, ClientPreferences prefs) {
        return router(RoutingSettings.DEFAULTS).plan(new RouteRequest(catalog.resolve(requested).orElseThrow(), prefs), clock.instant());
    }

    private RoutePlan plan() {
        return plan(MODEL, ClientPreferences.NONE);
    }

    private static List<String> gateways(RoutePlan p) {
        return p.candidates().stream().map(c -> c.gateway().name()).toList();
    }

    private void openBreaker(OfferId o) {
        for (int i = 0; i < 5; i++) {
            breakers.record(o, OutcomeClass.SERVER_ERROR);
        }
    }

    @Test
    void withNoHealthDataEveryConfiguredEnabledOfferIsPlannedInCatalogOrder() {
        RoutePlan p = plan();
        assertThat(gateways(p)).containsExactly("alpha", "beta", "gamma", "delta");
        assertThat(p.failOpen()).isFalse();
        assertThat(p.mode()).isEqualTo(RoutingMode.HEALTH_AWARE);
        assertThat(p.candidates()).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(UNKNOWN);
            assertThat(c.reason()).isNotBlank();
        });
        assertThat(p.skipped()).extracting(s -> s.offer().gateway(), RoutePlan.Skipped::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("off", "gateway disabled: special protocol"));
    }

    @Test
    void statusRanksHealthyThenDegradedThenUnknownThenUnhealthy() {
        signals.status(A, UNHEALTHY).status(B, UNKNOWN).status(C, DEGRADED).status(D, HEALTHY);
        RoutePlan p = plan();
        assertThat(gateways(p)).containsExactly("delta", "gamma", "beta", "alpha");
        assertThat(p.candidates()).extracting(Candidate::status).containsExactly(HEALTHY, DEGRADED, UNKNOWN, UNHEALTHY);
        assertThat(p.candidates().get(0).reason()).startsWith("healthy");
    }

    @Test
    void aDegradingOfferRanksBelowItsHealthyEqualsButAboveDegradedOnes() {
        // Equal on every other key, and the degrading one first in catalog order: status alone demotes it.
        for (OfferId o : List.of(A, B, C, D)) {
            signals.uptime(o, 0.99).p50(o, 300).price(o, 1.0);
        }
        signals.status(A, OfferStatus.DEGRADING).status(B, HEALTHY).status(C, DEGRADED).status(D, HEALTHY);
        RoutePlan p = plan();
        assertThat(gateways(p)).containsExactly("beta", "delta", "alpha", "gamma");
        assertThat(p.candidates()).extracting(Candidate::status)
                .containsExactly(HEALTHY, HEALTHY, OfferStatus.DEGRADING, DEGRADED);
        assertThat(p.candidates().get(2).reason()).startsWith("degrading");
    }

    @Test
    void withinAStatusHigherUptimeThenLowerLatencyThenLowerPriceWins() {
        for (OfferId o : List.of(A, B, C, D)) {
            signals.status(o, HEALTHY).uptime(o, 0.99).p50(o, 500).price(o, 1.0);
        }
        signals.uptime(D, 0.999);          // best uptime
        signals.p50(C, 200);               // then fastest
        signals.price(B, 0.5);             // then cheapest
        RoutePlan p = plan();
        assertThat(gateways(p)).containsExactly("delta", "gamma", "beta", "alpha");
        assertThat(p.candidates().get(0).reason()).contains("uptime 99.9%").contains("ttfb p50 500 ms");
    }

    @Test
    void unknownFiguresRankAfterKnownOnes() {
        signals.p50(D, 900).p50(C, 100);
        RoutePlan p = router(RoutingSettings.DEFAULTS.withRankBy(List.of(RankKey.LATENCY))).plan(
                new RouteRequest(catalog.resolve(MODEL).orElseThrow()), clock.instant());
        assertThat(gateways(p)).containsExactly("gamma", "delta", "alpha", "beta");
    }

    @Test
    void theOrderOfRankingKeysIsConfigurable() {
        signals.status(A, DEGRADED).p50(A, 100);
        signals.status(B, HEALTHY).p50(B, 900);
        signals.status(C, HEALTHY).p50(C, 400);
        signals.status(D, HEALTHY).p50(D, 400).price(D, 0.1);
        RoutingSettings latencyFirst = RoutingSettings.DEFAULTS.withRankBy(RoutingSettings.parseRankBy(List.of("latency", "status", "price")));
        RoutePlan byDefault = plan();
        RoutePlan byLatency = router(latencyFirst).plan(new RouteRequest(catalog.resolve(MODEL).orElseThrow()), clock.instant());
        assertThat(gateways(byDefault)).containsExactly("delta", "gamma", "beta", "alpha");
        assertThat(gateways(byLatency)).containsExactly("alpha", "delta", "gamma", "beta");
    }

    @Test
    void tiesKeepCatalogOrder() {
        for (OfferId o : List.of(A, B, C, D)) {
            signals.status(o, HEALTHY).uptime(o, 1.0).p50(o, 300);
        }
        assertThat(gateways(plan())).containsExactly("alpha", "beta", "gamma", "delta");
    }

    @Test
    void misconfiguredDeprecatedAndUnconfiguredOffersAreDropped() {
        signals.status(A, MISCONFIGURED).status(B, DEPRECATED).status(C, UNCONFIGURED).status(D, UNHEALTHY);
        RoutePlan p = plan();
        assertThat(gateways(p)).containsExactly("delta");
        assertThat(p.failOpen()).isFalse();
        assertThat(p.skipped()).extracting(RoutePlan.Skipped::reason)
                .contains("status misconfigured", "status deprecated", "status unconfigured");
    }

    @Test
    void gatewaysWithoutAKeyAreNeverPlanned() {
        keys.remove("beta");
        RoutePlan p = plan();
        assertThat(gateways(p)).containsExactly("alpha", "gamma", "delta");
        assertThat(p.skipped()).anySatisfy(s -> {
            assertThat(s.offer()).isEqualTo(B);
            assertThat(s.reason()).contains("no API key");
        });
    }

    @Test
    void openCircuitOffersAreDroppedWithTheirReason() {
        openBreaker(A);
        RoutePlan p = plan();
        assertThat(gateways(p)).containsExactly("beta", "gamma", "delta");
        assertThat(p.skipped()).anySatisfy(s -> {
            assertThat(s.offer()).isEqualTo(A);
            assertThat(s.reason()).startsWith("circuit open until").contains("5 consecutive failures");
        });
    }

    @Test
    void aHalfOpenOfferStaysWhileItsTrialPermitIsFreeAndIsMarkedAsATrial() {
        openBreaker(A);
        clock.advanceSeconds(30);
        RoutePlan p = plan();
        assertThat(gateways(p)).containsExactly("alpha", "beta", "gamma", "delta");
        assertThat(p.candidates().get(0).trial()).isTrue();
        assertThat(p.candidates().get(1).trial()).isFalse();

        assertThat(breakers.tryAcquirePermission(A, clock.instant())).isTrue();
        assertThat(gateways(plan())).containsExactly("beta", "gamma", "delta");
    }

    @Test
    void whenEveryOfferIsFilteredOutThePlanFailsOpenWithTheConfiguredOffersInCatalogOrder() {
        signals.status(A, DEPRECATED).status(B, MISCONFIGURED);
        openBreaker(C);
        openBreaker(D);
        keys.remove("delta");
        RoutePlan p = plan();
        assertThat(p.failOpen()).isTrue();
        assertThat(p.reason()).contains("fail open");
        assertThat(gateways(p)).containsExactly("alpha", "beta", "gamma");
        assertThat(p.candidates()).extracting(Candidate::status).containsExactly(DEPRECATED, MISCONFIGURED, UNKNOWN);
        assertThat(p.candidates()).allSatisfy(c -> assertThat(c.reason()).startsWith("fail open"));
    }

    @Test
    void whenHealthSignalsThrowThePlanFailsOpen() {
        signals.status(D, HEALTHY);
        signals.breakDown();
        RoutePlan p = plan();
        assertThat(p.failOpen()).isTrue();
        assertThat(p.reason()).contains("health unreadable").contains("IllegalStateException");
        assertThat(gateways(p)).containsExactly("alpha", "beta", "gamma", "delta");
    }

    @Test
    void aReadThatThrowsHalfWayFailsOpenWithoutAHalfMadeSkipList() {
        signals.status(A, DEPRECATED).breakDownFor(C);
        RoutePlan p = plan();
        assertThat(p.failOpen()).isTrue();
        assertThat(gateways(p)).containsExactly("alpha", "beta", "gamma", "delta");
        assertThat(p.skipped()).extracting(s -> s.offer().gateway()).containsExactly("off");
    }

    @Test
    void whenASignalReturnsNullThePlanFailsOpen() {
        HealthSignals nulls = new HealthSignals() {
            public OfferStatus status(OfferId o) { return null; }
            public java.util.OptionalDouble uptime(OfferId o) { return null; }
            public Optional<java.time.Duration> ttfbP50(OfferId o) { return null; }
            public Optional<java.time.Duration> ttfbP95(OfferId o) { return null; }
            public java.util.OptionalDouble price(OfferId o) { return null; }
        };
        RoutePlan p = new Router(() -> catalog, keys::contains, nulls, breakers, routingSwitch, RoutingSettings.DEFAULTS)
                .plan(new RouteRequest(catalog.resolve(MODEL).orElseThrow()), clock.instant());
        assertThat(p.failOpen()).isTrue();
        assertThat(gateways(p)).containsExactly("alpha", "beta", "gamma", "delta");
    }

    @Test
    void theNoneSignalsRouteInCatalogOrderWithoutFailingOpen() {
        RoutePlan p = new Router(() -> catalog, keys::contains, HealthSignals.NONE, breakers, routingSwitch, RoutingSettings.DEFAULTS)
                .plan(new RouteRequest(catalog.resolve(MODEL).orElseThrow()), clock.instant());
        assertThat(gateways(p)).containsExactly("alpha", "beta", "gamma", "delta");
        assertThat(p.failOpen()).isFalse();
    }

    @Test
    void theClientsOrderGoesFirstAndTheRestFollowByHealth() {
        signals.status(A, HEALTHY).status(B, UNHEALTHY).status(C, DEGRADED).status(D, UNKNOWN);
        RoutePlan p = plan(MODEL, new ClientPreferences(List.of("Delta", "beta"), true, Set.of()));
        assertThat(gateways(p)).containsExactly("delta", "beta", "alpha", "gamma");
        assertThat(p.candidates().get(0).reason()).contains("client order #1");
    }

    @Test
    void ignoredGatewaysAreNeverPlannedEvenWhenFailingOpen() {
        RoutePlan p = plan(MODEL, new ClientPreferences(List.of(), true, Set.of("alpha", "gamma")));
        assertThat(gateways(p)).containsExactly("beta", "delta");
        signals.breakDown();
        assertThat(gateways(plan(MODEL, new ClientPreferences(List.of(), true, Set.of("alpha", "gamma"))))).containsExactly("beta", "delta");
    }

    @Test
    void withoutFallbacksOnlyTheOrderedGatewaysAreTried() {
        signals.status(A, HEALTHY);
        RoutePlan p = plan(MODEL, new ClientPreferences(List.of("gamma", "beta"), false, Set.of()));
        assertThat(gateways(p)).containsExactly("gamma", "beta");
        assertThat(p.skipped()).extracting(RoutePlan.Skipped::reason).contains("not in the client's order and fallbacks are off");
    }

    @Test
    void withoutFallbacksAndWithoutAnOrderOnlyTheBestCandidateIsTried() {
        signals.status(C, HEALTHY);
        assertThat(gateways(plan(MODEL, new ClientPreferences(List.of(), false, Set.of())))).containsExactly("gamma");
    }

    @Test
    void whenTheClientExcludesEveryOfferThePlanIsEmptyAndSaysWhy() {
        RoutePlan p = plan(MODEL, new ClientPreferences(List.of("nowhere"), false, Set.of()));
        assertThat(p.isEmpty()).isTrue();
        assertThat(p.failOpen()).isFalse();
        assertThat(p.reason()).contains("no usable offer").contains("alpha not in the client's order");
    }

    @Test
    void aPinnedGatewayIsTheOnlyCandidate() {
        signals.status(D, HEALTHY).status(B, DEGRADED);
        RoutePlan p = plan("beta/" + MODEL, ClientPreferences.NONE);
        assertThat(gateways(p)).containsExactly("beta");
        assertThat(p.candidates().get(0).offer().upstreamModel()).isEqualTo("meta-llama/Llama-3.3-70B");
    }

    @Test
    void aPinnedGatewayWhoseCircuitIsOpenIsStillTriedByFailingOpen() {
        openBreaker(B);
        RoutePlan p = plan("beta/" + MODEL, ClientPreferences.NONE);
        assertThat(gateways(p)).containsExactly("beta");
        assertThat(p.failOpen()).isTrue();
    }

    @Test
    void aPinToAGatewayWithoutAKeyGivesAnEmptyPlanThatSaysWhy() {
        keys.remove("beta");
        RoutePlan p = plan("beta/" + MODEL, ClientPreferences.NONE);
        assertThat(p.isEmpty()).isTrue();
        assertThat(p.reason()).contains("pinned to beta").contains("no API key");
    }

    @Test
    void orderedModeIsPlainCatalogOrderWithoutHealthFiltering() {
        signals.status(A, DEPRECATED).status(B, UNHEALTHY).status(D, HEALTHY);
        openBreaker(C);
        routingSwitch.set(RoutingMode.ORDERED);
        RoutePlan p = plan(MODEL, new ClientPreferences(List.of(), true, Set.of("beta")));
        assertThat(p.mode()).isEqualTo(RoutingMode.ORDERED);
        assertThat(gateways(p)).containsExactly("alpha", "gamma", "delta");
        assertThat(p.candidates()).extracting(Candidate::status).containsExactly(DEPRECATED, UNKNOWN, HEALTHY);
        assertThat(p.failOpen()).isFalse();
    }

    @Test
    void theSwitchFlipsBehaviourOnTheNextPlan() {
        signals.status(D, HEALTHY);
        assertThat(gateways(plan()).get(0)).isEqualTo("delta");
        assertThat(routingSwitch.set(RoutingMode.ORDERED)).isEqualTo(RoutingMode.HEALTH_AWARE);
        assertThat(gateways(plan()).get(0)).isEqualTo("alpha");
        routingSwitch.set(RoutingMode.HEALTH_AWARE);
        assertThat(gateways(plan()).get(0)).isEqualTo("delta");
    }

    @Test
    void orderedModeNeverReadsHealthSoBrokenSignalsDoNotMatter() {
        signals.breakDown();
        routingSwitch.set(RoutingMode.ORDERED);
        RoutePlan p = plan();
        assertThat(p.failOpen()).isFalse();
        assertThat(gateways(p)).containsExactly("alpha", "beta", "gamma", "delta");
    }

    @Test
    void rankByRejectsUnknownAndRepeatedKeysQuotingThem() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RoutingSettings.parseRankBy(List.of("status", "speed")))
                .hasMessageContaining("'speed'").hasMessageContaining("status, uptime, latency, price");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RoutingSettings.DEFAULTS.withRankBy(List.of(RankKey.PRICE, RankKey.PRICE)))
                .hasMessageContaining("'price' twice");
    }
}
