package io.healthgate.app;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.catalog.Tier;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.config.StorageConfig;
import io.healthgate.health.HealthSettings;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeBus;
import io.healthgate.health.OutcomeClass;
import io.healthgate.health.OfferStatus;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HealthWiringTest {
    private final FakeClock clock = new FakeClock();
    private final Catalog catalog = new Catalog(
            List.of(Gateway.of("a", "http://127.0.0.1:1/v1", Protocol.OPENAI, "A_KEY"),
                    Gateway.of("b", "http://127.0.0.1:1/v1", Protocol.OPENAI, "B_KEY")),
            List.of(new Model("m", "p", Optional.empty(), false, 0, List.of(),
                    List.of(new Offer("a", "m", "m-a"), new Offer("b", "m", "m-b")))));

    @Test
    void monitoringConfigReachesTheEngineSettings() {
        HealthgateConfig config = Demo.demoConfig(0, "jdbc:sqlite:unused.db");
        HealthSettings s = config.monitoring().health();
        assertThat(s.tiers().get(Tier.CRITICAL).interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.batchInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.coldStartTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.backoffInitial()).as("never later than the shortest tier interval").isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aStoreThatCannotBeOpenedLeavesTheGatewayServingAndSaysSo() {
        HealthgateConfig d = HealthgateConfig.defaults();
        HealthgateConfig config = d.withStorage(new StorageConfig("jdbc:postgresql://127.0.0.1:1/nothing-listens-here"));
        try (HealthWiring w = new HealthWiring(config, catalog, Set.of("a", "b"), java.util.Map.of(), clock, new HealthWiring.Features(true, false, true))) {
            OutcomeBus bus = new OutcomeBus();
            w.start((offer, req) -> { throw new AssertionError("probes are off"); }, bus);
            assertThat(w.store()).as("the store is kept, and reconnected in the background").isPresent();
            assertThat(w.storeProblem()).startsWith("health store unavailable").contains("reconnecting in the background");
            assertThat(w.storeStatus().orElseThrow().up()).isFalse();
            assertThat(w.alerting()).as("alerting keeps its history in memory").isPresent();
            bus.onOutcome(Outcome.success(new OfferId("a", "m"), Outcome.Source.LIVE, Duration.ofMillis(50), clock.instant()));
            assertThat(w.engine().rebuild().offer(new OfferId("a", "m")).orElseThrow().calls()).isEqualTo(1);
            assertThat(w.storeStatus().orElseThrow().bufferedWrites()).as("the outcome waits for the store (offer delta, history bucket)")
                    .isEqualTo(2);
        }
    }

    @Test
    void throttledOfferRanksLastButKeepsItsStatus() {
        try (HealthWiring w = new HealthWiring(HealthgateConfig.defaults(), catalog, Set.of("a", "b"), java.util.Map.of(), clock, HealthWiring.Features.NONE)) {
            OutcomeBus bus = new OutcomeBus();
            w.start((offer, req) -> { throw new AssertionError("probes are off"); }, bus);
            OfferId a = new OfferId("a", "m");
            bus.onOutcome(Outcome.success(a, Outcome.Source.LIVE, Duration.ofMillis(50), clock.instant()));
            bus.onOutcome(new Outcome(a, OutcomeClass.RATE_LIMITED, Outcome.Source.LIVE, 429, Optional.empty(), Duration.ZERO,
                    0, 0, "rate limited", Optional.of(Duration.ofSeconds(30)), clock.instant()));
            w.engine().rebuild();
            assertThat(w.engine().snapshot().offerStatus(a)).as("a rate limit never makes a model unhealthy")
                    .isNotEqualTo(OfferStatus.UNHEALTHY);
            assertThat(w.healthSignals().status(a)).isEqualTo(OfferStatus.HEALTHY);
            assertThat(w.healthSignals().throttled(a)).as("routing tries it last while throttled").isTrue();
            assertThat(w.healthSignals().throttled(new OfferId("b", "m"))).as("another gateway's offer is not").isFalse();
            clock.advanceSeconds(31);
            w.engine().rebuild();
            assertThat(w.healthSignals().throttled(a)).isFalse();
        }
    }
}
