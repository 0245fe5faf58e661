package io.healthgate.alerting;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.health.GatewayStatus;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthSettings;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotFactsTest {
    private final FakeClock clock = new FakeClock();
    private final OfferId groqCritical = new OfferId("groq", "acme/critical");
    private final Catalog catalog = TestCatalogs.builder()
            .gateway("groq").gateway("together")
            .model("acme/critical", Optional.of(Tier.CRITICAL), false, "groq")
            .model("acme/other", "together")
            .build();
    private final AtomicBoolean breakerOpen = new AtomicBoolean();
    private final HealthEngine engine = new HealthEngine(catalog, Set.of("groq", "together"), HealthSettings.defaults(), clock)
            .circuitView(o -> o.equals(groqCritical) && breakerOpen.get());
    private final SnapshotFacts adapter = new SnapshotFacts();

    private void outcomes(OfferId id, OutcomeClass c, int n) {
        for (int i = 0; i < n; i++) {
            engine.onOutcome(c == OutcomeClass.SUCCESS
                    ? Outcome.success(id, Outcome.Source.LIVE, Duration.ofMillis(100), clock.instant())
                    : Outcome.failure(id, c, Outcome.Source.PROBE, 500, c.wireName(), clock.instant()));
        }
    }

    @Test
    void noDataYetIsUnknownHealthAndNoProblem() {
        HealthFacts f = adapter.next(engine.rebuild());
        assertThat(f.healthKnown()).isFalse();
        assertThat(f.criticalModelsWithoutHealthyOffer()).isEmpty();
        assertThat(f.openBreakers()).isEmpty();
    }

    @Test
    void failingCriticalModelAndRejectedKeyBecomeFacts() {
        outcomes(groqCritical, OutcomeClass.SERVER_ERROR, 30);
        outcomes(new OfferId("together", "acme/other"), OutcomeClass.AUTH_ERROR, 3);
        HealthFacts f = adapter.next(engine.rebuild());
        assertThat(f.criticalModelsWithoutHealthyOffer()).containsExactly("acme/critical");
        assertThat(f.gateways()).containsEntry("together", GatewayStatus.MISCONFIGURED);
        assertThat(f.healthPercentage()).isEqualTo(0.0);
    }

    @Test
    void breakerOpenSinceIsTheFirstSnapshotThatShowedItOpen() {
        outcomes(groqCritical, OutcomeClass.SUCCESS, 5);
        breakerOpen.set(true);
        Instant first = clock.instant();
        assertThat(adapter.next(engine.rebuild()).openBreakers()).singleElement()
                .satisfies(b -> assertThat(b.openSince()).isEqualTo(first));
        clock.advance(Duration.ofMinutes(11));
        assertThat(adapter.next(engine.rebuild()).openBreakers()).singleElement().satisfies(b -> {
            assertThat(b.openSince()).isEqualTo(first);
            assertThat(b.tier()).isEqualTo(Tier.CRITICAL);
        });
        breakerOpen.set(false);
        clock.advance(Duration.ofMinutes(1));
        assertThat(adapter.next(engine.rebuild()).openBreakers()).isEmpty();
        breakerOpen.set(true);
        clock.advance(Duration.ofMinutes(1));
        assertThat(adapter.next(engine.rebuild()).openBreakers()).singleElement()
                .satisfies(b -> assertThat(b.openSince()).as("reopened: a new since").isEqualTo(clock.instant()));
    }
}
