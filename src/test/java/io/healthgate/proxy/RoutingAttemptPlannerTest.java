package io.healthgate.proxy;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.catalog.Tier;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.OutcomeClass;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.routing.BreakerSettings;
import io.healthgate.routing.ClientPreferences;
import io.healthgate.routing.Decision;
import io.healthgate.routing.FailoverPolicy;
import io.healthgate.routing.FirstTokenDeadlines;
import io.healthgate.routing.HealthSignals;
import io.healthgate.routing.HedgePolicy;
import io.healthgate.routing.Router;
import io.healthgate.routing.RoutingMode;
import io.healthgate.routing.RoutingSettings;
import io.healthgate.routing.RoutingSwitch;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingAttemptPlannerTest {
    static final String MODEL = "m";
    static final OfferId A = new OfferId("a", MODEL);
    static final OfferId B = new OfferId("b", MODEL);

    private final FakeClock clock = new FakeClock();
    private final Catalog catalog = new Catalog(
            List.of(Gateway.of("a", "http://a", Protocol.OPENAI, "A"), Gateway.of("b", "http://b", Protocol.OPENAI, "B")),
            List.of(new Model(MODEL, "p", Optional.of(Tier.CRITICAL), false, 0, List.of(),
                    List.of(new Offer("a", MODEL, "ua"), new Offer("b", MODEL, "ub")))));
    private final BreakerRegistry breakers = new BreakerRegistry(BreakerSettings.DEFAULTS.withOpenWait(Duration.ofSeconds(10), Duration.ofSeconds(60)), clock);
    private final RoutingSwitch routingSwitch = new RoutingSwitch(RoutingMode.HEALTH_AWARE);
    private HealthSignals signals = HealthSignals.NONE;

    private RoutingAttemptPlanner planner(HedgePolicy hedging, FirstTokenDeadlines deadlines) {
        RoutingSettings settings = RoutingSettings.DEFAULTS;
        HealthSignals viaField = new HealthSignals() {
            public OfferStatus status(OfferId o) { return signals.status(o); }
            public OptionalDouble uptime(OfferId o) { return signals.uptime(o); }
            public Optional<Duration> ttfbP50(OfferId o) { return signals.ttfbP50(o); }
            public Optional<Duration> ttfbP95(OfferId o) { return signals.ttfbP95(o); }
            public OptionalDouble price(OfferId o) { return signals.price(o); }
        };
        Router router = new Router(() -> catalog, Set.of("a", "b")::contains, viaField, breakers, routingSwitch, settings);
        return new RoutingAttemptPlanner(router, breakers, new FailoverPolicy(settings), deadlines, hedging, viaField,
                m -> Optional.empty(), clock);
    }

    private AttemptPlan plan(RoutingAttemptPlanner p) {
        return p.plan(catalog.resolve(MODEL).orElseThrow(), ClientPreferences.NONE);
    }

    private void openBreaker(OfferId o) {
        for (int i = 0; i < BreakerSettings.DEFAULT_CONSECUTIVE_FAILURES; i++) {
            breakers.record(o, OutcomeClass.SERVER_ERROR);
        }
    }

    @Test
    void anOpenBreakerTakesItsOfferOutOfThePlanAndAHalfOpenOneGrantsOneTrialOnly() {
        RoutingAttemptPlanner p = planner(HedgePolicy.OFF, FirstTokenDeadlines.DEFAULTS);
        openBreaker(A);
        assertThat(plan(p).candidates()).extracting(Offer::gateway).containsExactly("b");

        clock.advanceSeconds(11);
        AttemptPlan half = plan(p);
        assertThat(half.candidates()).extracting(Offer::gateway).contains("a");
        Offer a = half.candidates().stream().filter(o -> o.gateway().equals("a")).findFirst().orElseThrow();
        assertThat(half.permits(a)).as("the one trial").isTrue();
        assertThat(half.permits(a)).as("no second trial while the first is out").isFalse();
    }

    @Test
    void theRollbackSwitchIgnoresBreakersAndKeepsCatalogOrder() {
        RoutingAttemptPlanner p = planner(HedgePolicy.OFF, FirstTokenDeadlines.DEFAULTS);
        openBreaker(A);
        routingSwitch.set(RoutingMode.ORDERED);
        AttemptPlan ordered = plan(p);
        assertThat(ordered.candidates()).extracting(Offer::gateway).containsExactly("a", "b");
        assertThat(ordered.permits(ordered.candidates().get(0))).isTrue();
        routingSwitch.set(RoutingMode.HEALTH_AWARE);
        assertThat(plan(p).candidates()).extracting(Offer::gateway).containsExactly("b");
    }

    @Test
    void whenEveryBreakerIsOpenThePlanFailsOpenAndCallsThemAnyway() {
        RoutingAttemptPlanner p = planner(HedgePolicy.OFF, FirstTokenDeadlines.DEFAULTS);
        openBreaker(A);
        openBreaker(B);
        AttemptPlan plan = plan(p);
        assertThat(plan.failOpen()).isTrue();
        assertThat(plan.candidates()).extracting(Offer::gateway).containsExactly("a", "b");
        assertThat(plan.candidates()).allMatch(plan::permits);
    }

    @Test
    void failoverFollowsThePolicyNeverForBadRequestOrAfterTheFirstByte() {
        AttemptPlan plan = plan(planner(HedgePolicy.OFF, FirstTokenDeadlines.DEFAULTS));
        Offer first = plan.candidates().get(0);
        Optional<Offer> second = Optional.of(plan.candidates().get(1));
        Duration soon = Duration.ofSeconds(1);
        assertThat(plan.afterAttempt(first, OutcomeClass.RATE_LIMITED, 1, false, soon, second)).isInstanceOf(Decision.TryNext.class);
        Decision timeout = plan.afterAttempt(first, OutcomeClass.TIMEOUT, 1, false, soon, second);
        assertThat(timeout).isInstanceOf(Decision.TryNext.class);
        assertThat(((Decision.TryNext) timeout).next().offer()).as("the decision names the candidate to call").isEqualTo(second.get());
        assertThat(plan.afterAttempt(first, OutcomeClass.BAD_REQUEST, 1, false, soon, second)).isInstanceOf(Decision.Stop.class);
        assertThat(plan.afterAttempt(first, OutcomeClass.SERVER_ERROR, 1, true, soon, second)).isInstanceOf(Decision.Stop.class);
        assertThat(plan.afterAttempt(second.get(), OutcomeClass.SERVER_ERROR, 2, false, soon, Optional.empty()).reason())
                .as("nothing after the last candidate").contains("no candidates left");
    }

    @Test
    void aHedgeSpendsAnAttemptAndClimbsTheSameLadder() {
        AttemptPlan plan = plan(planner(HedgePolicy.OFF, FirstTokenDeadlines.DEFAULTS));
        Offer first = plan.candidates().get(0);
        Optional<Offer> second = Optional.of(plan.candidates().get(1));
        Duration soon = Duration.ofSeconds(1);
        assertThat(plan.hedge(first, 1, false, soon, second)).isInstanceOf(Decision.TryNext.class);
        assertThat(plan.hedge(first, 1, true, soon, second).reason()).contains("no hedge once committed");
        assertThat(plan.hedge(first, RoutingSettings.DEFAULTS.maxAttempts(), false, soon, second).reason()).contains("max_attempts");
        assertThat(plan.hedge(first, 1, false, RoutingSettings.DEFAULTS.totalDeadline(), second).reason()).contains("total deadline");
    }

    @Test
    void theDeadlineIsTheModelsTierUnlessTheModelHasItsOwn() {
        FirstTokenDeadlines d = new FirstTokenDeadlines(Map.of(Tier.CRITICAL, Duration.ofSeconds(7)), Map.of());
        assertThat(plan(planner(HedgePolicy.OFF, d)).firstTokenDeadline()).contains(Duration.ofSeconds(7));
        FirstTokenDeadlines perModel = new FirstTokenDeadlines(Map.of(Tier.CRITICAL, Duration.ofSeconds(7)), Map.of(MODEL, Duration.ofMillis(900)));
        assertThat(plan(planner(HedgePolicy.OFF, perModel)).firstTokenDeadline()).contains(Duration.ofMillis(900));
    }

    @Test
    void hedgingIsOffByDefaultAndOnlyWhenAskedUsesTheFirstCandidatesP95WithinFloorAndCap() {
        assertThat(plan(planner(HedgePolicy.OFF, FirstTokenDeadlines.DEFAULTS)).hedgeDelay()).isEmpty();
        HedgePolicy on = new HedgePolicy(true, Map.of(), Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(plan(planner(on, FirstTokenDeadlines.DEFAULTS)).hedgeDelay()).as("p95 unknown: the cap").contains(Duration.ofSeconds(5));
        signals = new HealthSignals() {
            public OfferStatus status(OfferId o) { return OfferStatus.HEALTHY; }
            public OptionalDouble uptime(OfferId o) { return OptionalDouble.empty(); }
            public Optional<Duration> ttfbP50(OfferId o) { return Optional.empty(); }
            public Optional<Duration> ttfbP95(OfferId o) { return Optional.of(Duration.ofMillis(50)); }
            public OptionalDouble price(OfferId o) { return OptionalDouble.empty(); }
        };
        assertThat(plan(planner(on, FirstTokenDeadlines.DEFAULTS)).hedgeDelay()).as("p95 below the floor").contains(Duration.ofMillis(200));
    }

    @Test
    void unreadableHealthFailsOpenWithoutHedging() {
        signals = new HealthSignals() {
            public OfferStatus status(OfferId o) { throw new IllegalStateException("snapshot unavailable"); }
            public OptionalDouble uptime(OfferId o) { throw new IllegalStateException("snapshot unavailable"); }
            public Optional<Duration> ttfbP50(OfferId o) { throw new IllegalStateException("snapshot unavailable"); }
            public Optional<Duration> ttfbP95(OfferId o) { throw new IllegalStateException("snapshot unavailable"); }
            public OptionalDouble price(OfferId o) { throw new IllegalStateException("snapshot unavailable"); }
        };
        AttemptPlan plan = plan(planner(new HedgePolicy(true, Map.of(), null, null), FirstTokenDeadlines.DEFAULTS));
        assertThat(plan.failOpen()).isTrue();
        assertThat(plan.candidates()).extracting(Offer::gateway).containsExactly("a", "b");
        assertThat(plan.hedgeDelay()).isEmpty();
    }
}
