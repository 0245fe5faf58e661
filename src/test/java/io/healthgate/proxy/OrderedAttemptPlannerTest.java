package io.healthgate.proxy;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.OutcomeClass;
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
    void failoverHappensOnlyBeforeTheFirstByteForRetryableClassesWithinBudget() {
        Duration early = Duration.ofSeconds(1);
        assertThat(planner.shouldTryNext(OutcomeClass.SERVER_ERROR, 1, false, early)).isTrue();
        assertThat(planner.shouldTryNext(OutcomeClass.RATE_LIMITED, 1, false, early)).isTrue();
        assertThat(planner.shouldTryNext(OutcomeClass.SERVER_ERROR, 1, true, early)).as("after first byte").isFalse();
        assertThat(planner.shouldTryNext(OutcomeClass.BAD_REQUEST, 1, false, early)).as("client's own error").isFalse();
        assertThat(planner.shouldTryNext(OutcomeClass.CANCELLED, 1, false, early)).isFalse();
        assertThat(planner.shouldTryNext(OutcomeClass.SERVER_ERROR, 2, false, early)).as("max attempts").isFalse();
        assertThat(planner.shouldTryNext(OutcomeClass.TIMEOUT, 1, false, Duration.ofSeconds(10))).as("deadline").isFalse();
    }
}
