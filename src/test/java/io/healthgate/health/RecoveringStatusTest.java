package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An offer whose newest counting outcomes are successes after an outage, on a fake clock: the
 * outage's failures left in the window never make it {@code unhealthy} on their own (at most
 * {@code degraded} until {@code recovery_successes} successes follow), its error drift does not
 * outlive the outage, and routing still sees it as demoted, so it gets the trial that clears it.
 */
class RecoveringStatusTest {
    private static final String MODEL = "qwen/qwen3-235b-a22b";
    private final FakeClock clock = new FakeClock();
    private final OfferId primary = new OfferId("fireworks", MODEL);
    private final Catalog catalog = TestCatalogs.builder().gateway("fireworks").gateway("together").model(MODEL, "fireworks", "together").build();
    private final HealthEngine engine = new HealthEngine(catalog, Set.of("fireworks", "together"), HealthSettings.defaults(), clock);

    private void ok(int n, int everySeconds) {
        for (int i = 0; i < n; i++) {
            clock.advanceSeconds(everySeconds);
            engine.onOutcome(Outcome.success(primary, Outcome.Source.LIVE, Duration.ofMillis(400 + (i % 3) * 20), clock.instant()));
        }
    }

    private void fail(int n, int everySeconds) {
        for (int i = 0; i < n; i++) {
            clock.advanceSeconds(everySeconds);
            engine.onOutcome(Outcome.failure(primary, OutcomeClass.SERVER_ERROR, Outcome.Source.LIVE, 503, "503", clock.instant()));
        }
    }

    /** The day run's timeline: 1 req/s before, an outage met by a few calls and trials, then two trial successes. */
    private void outageThenTwoSuccesses() {
        ok(400, 1);
        fail(3, 1);
        fail(9, 30); // the breaker's and the recovery trials' failures through a 5-minute outage
        ok(2, 5);
    }

    @Test
    void theOutagesFailuresAloneNeverMakeAnOfferWhoseNewestOutcomesSucceededUnhealthy() {
        outageThenTwoSuccesses();
        for (int i = 0; i < 20 * 60; i += 10) {
            HealthSnapshot.OfferHealth h = engine.rebuild().offer(primary).orElseThrow();
            assertThat(h.status()).as("%d s after its second success: %s", i, h.reason()).isNotEqualTo(OfferStatus.UNHEALTHY);
            clock.advanceSeconds(10);
        }
    }

    @Test
    void onceThePreOutageSuccessesLeftTheWindowItReadsDegradedRecoveringUntilItsThirdSuccess() {
        outageThenTwoSuccesses();
        clock.advanceSeconds(11 * 60);
        HealthSnapshot.OfferHealth h = engine.rebuild().offer(primary).orElseThrow();
        assertThat(h.successRate()).as("only the outage's failures and the two successes are left: the rate alone reads unhealthy")
                .hasValueSatisfying(r -> assertThat(r).isLessThanOrEqualTo(0.5));
        assertThat(h.status()).isEqualTo(OfferStatus.DEGRADED);
        assertThat(h.reason()).startsWith("recovering: 2 of 3 successes in a row since its last failure");
        assertThat(h.demotedByFailures()).as("routing gives it a recovery trial").isTrue();

        ok(1, 1);
        assertThat(engine.rebuild().offer(primary).orElseThrow().status()).isEqualTo(OfferStatus.HEALTHY);
    }

    @Test
    void anErrorDriftDrawnFromTheOutageEndsWithItsFirstSuccess() {
        ok(400, 1);
        fail(3, 1);
        fail(9, 30);
        assertThat(engine.evidence(primary, clock.instant()).drift()).as("the outage's failures fill the CUSUM").isPresent();
        ok(1, 5);
        assertThat(engine.evidence(primary, clock.instant()).drift()).isEmpty();
        HealthSnapshot.OfferHealth h = engine.rebuild().offer(primary).orElseThrow();
        assertThat(h.status()).as(h.reason()).isNotEqualTo(OfferStatus.DEGRADING);
        assertThat(h.demotedByFailures()).as("one success after an outage: still owed its recovery trial").isTrue();

        fail(1, 1);
        ok(1, 1);
        assertThat(engine.evidence(primary, clock.instant()).drift()).as("a failure after the recovery: the warning may come back")
                .isPresent();
    }
}
