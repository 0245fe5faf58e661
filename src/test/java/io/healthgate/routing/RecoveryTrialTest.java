package io.healthgate.routing;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.healthgate.routing.RouterTest.A;
import static io.healthgate.routing.RouterTest.B;
import static io.healthgate.routing.RouterTest.C;
import static io.healthgate.routing.RouterTest.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery is always rediscovered, on a fake clock: a primary demoted by failures gets one live
 * trial per backoff window, the window doubles with failed trials up to its cap, and a rate
 * limited offer ranks last among its model's offers.
 */
class RecoveryTrialTest {
    private final FakeClock clock = new FakeClock();
    private final FakeHealthSignals signals = new FakeHealthSignals();
    private final BreakerRegistry breakers = new BreakerRegistry(BreakerSettings.DEFAULTS, clock);
    private final Set<String> keys = new HashSet<>(Set.of("alpha", "beta", "gamma", "delta"));
    private final Catalog catalog = RouterTest.catalog();
    private final RecoveryTrials trials = new RecoveryTrials(Duration.ofSeconds(10), Duration.ofSeconds(40));
    private final Router router = new Router(() -> catalog, keys::contains, signals, breakers,
            new RoutingSwitch(RoutingMode.HEALTH_AWARE), RoutingSettings.DEFAULTS, trials);

    private String first() {
        RoutePlan p = router.plan(new RouteRequest(catalog.resolve(MODEL).orElseThrow(), ClientPreferences.NONE), clock.instant());
        return p.candidates().get(0).gateway().name();
    }

    private void live(OfferId id, OutcomeClass c) {
        Outcome o = c == OutcomeClass.SUCCESS ? Outcome.success(id, Outcome.Source.LIVE, Duration.ofMillis(40), clock.instant())
                : Outcome.failure(id, c, Outcome.Source.LIVE, 503, "503", clock.instant());
        trials.onOutcome(o);
        breakers.onOutcome(o);
    }

    /** One request a second for the given seconds; returns the gateway each was sent to first. */
    private List<String> requests(int seconds, OutcomeClass primaryAnswers) {
        List<String> firsts = new java.util.ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            String g = first();
            firsts.add(g);
            if (g.equals("alpha")) {
                live(A, primaryAnswers);
            }
            clock.advanceSeconds(1);
        }
        return firsts;
    }

    @Test
    void demotedPrimaryGetsOneLiveTrialPerBackoffWindowWhichDoublesWhileItFails() {
        Instant failedAt = clock.instant();
        signals.status(A, OfferStatus.DEGRADED).demotedSince(A, failedAt).status(B, OfferStatus.HEALTHY).status(C, OfferStatus.HEALTHY);

        List<String> firsts = requests(80, OutcomeClass.SERVER_ERROR);

        List<Integer> trialsAt = new java.util.ArrayList<>();
        for (int t = 0; t < firsts.size(); t++) {
            if (firsts.get(t).equals("alpha")) {
                trialsAt.add(t);
            }
        }
        // 10 s after the failure, then 20 s and 40 s (the cap) after each failed trial
        assertThat(trialsAt).containsExactly(10, 30, 70);
    }

    @Test
    void recoveredPrimaryRegainsTrafficWithinAMinuteWithoutProbes() {
        signals.status(A, OfferStatus.UNHEALTHY).demotedSince(A, clock.instant()).status(B, OfferStatus.HEALTHY);
        requests(300, OutcomeClass.SERVER_ERROR); // a five-minute outage: the window is at its 40 s cap

        Instant recovered = clock.instant();
        List<String> firsts = requests(60, OutcomeClass.SUCCESS);
        int firstTrial = firsts.indexOf("alpha");
        assertThat(firstTrial).as("the first trial after the outage ended").isBetween(0, 40);
        assertThat(firsts.subList(firstTrial, firstTrial + 3)).as("each success lets the next request try it again at once")
                .containsExactly("alpha", "alpha", "alpha");
        // Three successes in a row restore its status (HealthEngine); routing then ranks it first by status.
        signals.status(A, OfferStatus.HEALTHY).demotedSince(A, null);
        assertThat(first()).isEqualTo("alpha");
        assertThat(Duration.between(recovered, clock.instant())).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void noTrialWhileTheDemotedOfferIsRateLimitedOrWhenTheClientNamedAnOrder() {
        signals.status(A, OfferStatus.DEGRADED).demotedSince(A, clock.instant()).status(B, OfferStatus.HEALTHY).throttled(A, true);
        clock.advanceSeconds(30);
        assertThat(first()).isEqualTo("beta");

        signals.throttled(A, false);
        RoutePlan ordered = router.plan(new RouteRequest(catalog.resolve(MODEL).orElseThrow(),
                new ClientPreferences(List.of("beta"), true, Set.of())), clock.instant());
        assertThat(ordered.candidates().get(0).gateway().name()).isEqualTo("beta");
        assertThat(first()).as("the trial is still there for the next request").isEqualTo("alpha");
    }

    @Test
    void throttledOfferRanksLastAmongItsModelsOffersEvenWhenHealthier() {
        signals.status(A, OfferStatus.HEALTHY).status(B, OfferStatus.DEGRADED).status(C, OfferStatus.UNKNOWN).throttled(A, true);
        RoutePlan p = router.plan(new RouteRequest(catalog.resolve(MODEL).orElseThrow(), ClientPreferences.NONE), clock.instant());
        List<String> order = p.candidates().stream().map(c -> c.gateway().name()).toList();
        assertThat(order.get(order.size() - 1)).isEqualTo("alpha");
        assertThat(p.candidates().get(order.size() - 1).status()).as("its status is untouched").isEqualTo(OfferStatus.HEALTHY);
        assertThat(p.candidates().get(order.size() - 1).reason()).contains("rate limited (ranked last)");
    }
}
