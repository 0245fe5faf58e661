package io.healthgate.proxy;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.OutcomeClass;
import io.healthgate.routing.ClientPreferences;
import io.healthgate.routing.Decision;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedAttemptPlannerTest {
    private final Catalog catalog = new Catalog(
            List.of(Gateway.of("a", "http://a", Protocol.OPENAI, "A"), Gateway.of("b", "http://b", Protocol.OPENAI, "B"),
                    Gateway.of("c", "http://c", Protocol.OPENAI, "C")),
            List.of(new Model("m", "p", Optional.empty(), false, 0, List.of(),
                    List.of(new Offer("a", "m", "ua"), new Offer("b", "m", "ub"), new Offer("c", "m", "uc")))));
    private final Set<String> withKeys = Set.of("a", "c");
    private final OrderedAttemptPlanner planner =
            new OrderedAttemptPlanner(catalog, g -> withKeys.contains(g.name()), 2, Duration.ofSeconds(10));

    @Test
    void candidatesAreTheConfiguredOffersInCatalogOrder() {
        assertThat(planner.candidates(catalog.resolve("m").orElseThrow())).extracting(Offer::gateway).containsExactly("a", "c");
    }

    @Test
    void aPinnedGatewayKeepsOnlyItsOwnOffer() {
        assertThat(planner.candidates(catalog.resolve("c/m").orElseThrow())).extracting(Offer::gateway).containsExactly("c");
        assertThat(planner.candidates(catalog.resolve("b/m").orElseThrow())).as("pinned to a gateway without a key").isEmpty();
    }

    @Test
    void orderedModeClimbsTheSameFailoverLadderAsHealthAwareRouting() {
        AttemptPlan plan = planner.plan(catalog.resolve("m").orElseThrow(), ClientPreferences.NONE);
        Offer a = plan.candidates().get(0);
        Optional<Offer> c = Optional.of(plan.candidates().get(1));
        Duration early = Duration.ofSeconds(1);
        assertThat(plan.afterAttempt(a, OutcomeClass.SERVER_ERROR, 1, false, early, c)).isInstanceOf(Decision.TryNext.class)
                .extracting(Decision::reason).isEqualTo("server_error from a; trying c");
        assertThat(plan.afterAttempt(a, OutcomeClass.RATE_LIMITED, 1, false, early, c)).isInstanceOf(Decision.TryNext.class);
        assertThat(plan.afterAttempt(a, OutcomeClass.SERVER_ERROR, 1, true, early, c).reason()).as("after first byte")
                .contains("no failover once committed");
        assertThat(plan.afterAttempt(a, OutcomeClass.BAD_REQUEST, 1, false, early, c).reason()).as("client's own error")
                .startsWith("bad_request");
        assertThat(plan.afterAttempt(a, OutcomeClass.CANCELLED, 1, false, early, c)).isInstanceOf(Decision.Stop.class);
        assertThat(plan.afterAttempt(a, OutcomeClass.SERVER_ERROR, 2, false, early, c).reason()).as("max attempts")
                .contains("max_attempts (2) reached");
        assertThat(plan.afterAttempt(a, OutcomeClass.TIMEOUT, 1, false, Duration.ofSeconds(10), c).reason()).as("deadline")
                .contains("total deadline");
        assertThat(plan.afterAttempt(a, OutcomeClass.SERVER_ERROR, 1, false, early, Optional.empty()).reason())
                .contains("no candidates left");
    }

    @Test
    void orderedModeAsksNoBreakerAndNeverHedges() {
        AttemptPlan plan = planner.plan(catalog.resolve("m").orElseThrow(), ClientPreferences.NONE);
        assertThat(plan.candidates()).allMatch(plan::permits);
        assertThat(plan.hedgeDelay()).isEmpty();
        assertThat(plan.firstTokenDeadline()).isEmpty();
    }
}
