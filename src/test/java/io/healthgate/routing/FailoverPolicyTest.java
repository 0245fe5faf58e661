package io.healthgate.routing;

import io.healthgate.catalog.Catalog;
import io.healthgate.health.OutcomeClass;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Set;

import static io.healthgate.health.OutcomeClass.*;
import static io.healthgate.routing.RouterTest.A;
import static io.healthgate.routing.RouterTest.B;
import static io.healthgate.routing.RouterTest.D;
import static org.assertj.core.api.Assertions.assertThat;

/** Every rung of the retry-or-stop ladder. */
class FailoverPolicyTest {
    private final FailoverPolicy policy = new FailoverPolicy(RoutingSettings.DEFAULTS);
    private final RoutePlan plan = fourCandidatePlan();
    private static final Duration SOON = Duration.ofSeconds(2);

    static RoutePlan fourCandidatePlan() {
        Catalog catalog = RouterTest.catalog();
        Router router = new Router(() -> catalog, g -> true, HealthSignals.NONE,
                new BreakerRegistry(BreakerSettings.DEFAULTS, new FakeClock()), new RoutingSwitch(RoutingMode.HEALTH_AWARE), RoutingSettings.DEFAULTS);
        return router.plan(new RouteRequest(catalog.resolve(RouterTest.MODEL).orElseThrow()), new FakeClock().instant());
    }

    private Decision decide(OutcomeClass cls, int attempts, Duration elapsed, boolean firstByteSent) {
        return policy.decide(new AttemptResult(A, cls), attempts, elapsed, firstByteSent, plan);
    }

    @Test
    void aSuccessStops() {
        assertThat(decide(SUCCESS, 1, SOON, true)).isInstanceOf(Decision.Stop.class)
                .extracting(Decision::reason).asString().contains("succeeded on alpha");
    }

    @ParameterizedTest
    @EnumSource(value = OutcomeClass.class, names = {"TIMEOUT", "SERVER_ERROR", "CONNECTION_ERROR", "BAD_RESPONSE",
            "RATE_LIMITED", "NOT_FOUND", "AUTH_ERROR", "NO_CREDITS"})
    void everyGatewayOrOfferFailureBeforeTheFirstByteTriesTheNextCandidate(OutcomeClass cls) {
        Decision d = decide(cls, 1, SOON, false);
        assertThat(d).isInstanceOf(Decision.TryNext.class);
        assertThat(((Decision.TryNext) d).next().id()).isEqualTo(B);
        assertThat(d.reason()).isEqualTo(cls.wireName() + " from alpha; trying beta");
    }

    @ParameterizedTest
    @EnumSource(value = OutcomeClass.class, names = {"SUCCESS"}, mode = EnumSource.Mode.EXCLUDE)
    void nothingIsRetriedOnceTheFirstByteReachedTheClient(OutcomeClass cls) {
        Decision d = decide(cls, 1, SOON, true);
        assertThat(d).isInstanceOf(Decision.Stop.class);
        assertThat(d.reason()).contains("after the first byte reached the client");
    }

    @Test
    void aBadRequestIsTheClientsFaultAndIsNeverRetried() {
        Decision d = decide(BAD_REQUEST, 1, SOON, false);
        assertThat(d).isInstanceOf(Decision.Stop.class);
        assertThat(d.reason()).startsWith("bad_request");
    }

    @Test
    void aCancelledAttemptIsNeverRetried() {
        Decision d = decide(CANCELLED, 1, SOON, false);
        assertThat(d).isInstanceOf(Decision.Stop.class);
        assertThat(d.reason()).startsWith("cancelled");
    }

    @Test
    void itStopsAtMaxAttempts() {
        assertThat(decide(SERVER_ERROR, 2, SOON, false)).isInstanceOf(Decision.TryNext.class);
        Decision d = decide(SERVER_ERROR, 3, SOON, false);
        assertThat(d).isInstanceOf(Decision.Stop.class);
        assertThat(d.reason()).contains("max_attempts (3) reached");
    }

    @Test
    void maxAttemptsIsConfigurable() {
        FailoverPolicy one = new FailoverPolicy(RoutingSettings.DEFAULTS.withMaxAttempts(1));
        assertThat(one.decide(new AttemptResult(A, TIMEOUT), 1, SOON, false, plan)).isInstanceOf(Decision.Stop.class);
    }

    @Test
    void itStopsOnceTheTotalDeadlineHasPassed() {
        assertThat(decide(TIMEOUT, 1, Duration.ofSeconds(119), false)).isInstanceOf(Decision.TryNext.class);
        Decision d = decide(TIMEOUT, 1, Duration.ofSeconds(120), false);
        assertThat(d).isInstanceOf(Decision.Stop.class);
        assertThat(d.reason()).contains("total deadline (120s) passed");
    }

    @Test
    void itStopsWhenNoCandidateIsLeft() {
        FailoverPolicy many = new FailoverPolicy(RoutingSettings.DEFAULTS.withMaxAttempts(10));
        Decision d = many.decide(new AttemptResult(D, SERVER_ERROR), 4, SOON, false, plan);
        assertThat(d).isInstanceOf(Decision.Stop.class);
        assertThat(d.reason()).contains("no candidates left");
    }

    @Test
    void theNextCandidateFollowsTheOneJustTriedInPlanOrder() {
        Decision d = policy.decide(new AttemptResult(B, CONNECTION_ERROR), 2, SOON, false, plan);
        assertThat(((Decision.TryNext) d).next().gateway().name()).isEqualTo("gamma");
    }

    @Test
    void theLadderCoversEveryOutcomeClass() {
        Set<OutcomeClass> retried = java.util.EnumSet.noneOf(OutcomeClass.class);
        for (OutcomeClass c : OutcomeClass.values()) {
            if (decide(c, 1, SOON, false) instanceof Decision.TryNext) {
                retried.add(c);
            }
        }
        assertThat(retried).containsExactlyInAnyOrder(TIMEOUT, SERVER_ERROR, CONNECTION_ERROR, BAD_RESPONSE,
                RATE_LIMITED, NOT_FOUND, AUTH_ERROR, NO_CREDITS);
    }
}
