package io.healthgate.routing;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthSettings;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accuracy day's one false-unhealthy offer (probes off), on a fake clock with the real engine,
 * breakers, recovery trials and router: a primary at one request a second goes through a 5-minute
 * outage, recovers, and must get its traffic and its status back; when traffic then stops, the
 * outage's failures left in the window must never make it {@code unhealthy} again on their own.
 * Before the fix it got two breaker-trial successes (the breaker closes on 2, the status needs 3),
 * then read {@code degrading} (the outage's failures in its CUSUM) or {@code healthy} with a lower
 * uptime than its backup, so no trial came, and 9 minutes later read {@code unhealthy} "error rate
 * 86% over the last 14 calls" with no new failure.
 */
class RecoveredPrimaryWithoutProbesTest {
    private static final String MODEL = "qwen/qwen3-235b-a22b";
    private final FakeClock clock = new FakeClock();
    private final OfferId primary = new OfferId("fireworks", MODEL);
    private final OfferId backup = new OfferId("together", MODEL);
    private final Catalog catalog = TestCatalogs.builder().gateway("fireworks").gateway("together").model(MODEL, "fireworks", "together").build();
    private final BreakerRegistry breakers = new BreakerRegistry(BreakerSettings.DEFAULTS, clock);
    private final RecoveryTrials trials = RecoveryTrials.defaults();
    private final HealthEngine engine = new HealthEngine(catalog, Set.of("fireworks", "together"), HealthSettings.defaults(), clock)
            .circuitView(id -> breakers.state(id, clock.instant()) == BreakerState.OPEN);
    private final Router router = new Router(() -> catalog, g -> true, new SnapshotSignals(engine::snapshot, clock), breakers,
            new RoutingSwitch(RoutingMode.HEALTH_AWARE), new RoutingSettings(3, Duration.ofSeconds(60),
            List.of(RankKey.STATUS, RankKey.UPTIME), true), trials);

    private void record(Outcome o) {
        engine.onOutcome(o);
        breakers.onOutcome(o);
        trials.onOutcome(o);
    }

    /** One request a second for {@code seconds}, failing over like the proxy; returns the offer each one tried first. */
    private List<OfferId> traffic(int seconds, boolean primaryUp) {
        List<OfferId> firsts = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            clock.advanceSeconds(1);
            engine.rebuild();
            RoutePlan plan = router.plan(new RouteRequest(catalog.resolve(MODEL).orElseThrow(), ClientPreferences.NONE), clock.instant());
            firsts.add(plan.candidates().get(0).offer().id());
            for (Candidate c : plan.candidates()) {
                OfferId id = c.offer().id();
                if (!id.equals(primary) || primaryUp) {
                    record(Outcome.success(id, Outcome.Source.LIVE, Duration.ofMillis(400 + (i % 3) * 20), clock.instant()));
                    break;
                }
                record(Outcome.failure(id, OutcomeClass.SERVER_ERROR, Outcome.Source.LIVE, 503, "503", clock.instant()));
            }
        }
        engine.rebuild();
        return firsts;
    }

    private HealthSnapshot.OfferHealth primaryHealth() {
        return engine.rebuild().offer(primary).orElseThrow();
    }

    @Test
    void aRecoveredPrimaryGetsItsTrafficAndStatusBackAndTheOutagesFailuresNeverMakeItUnhealthyAgain() {
        traffic(300, true);
        assertThat(primaryHealth().status()).isEqualTo(OfferStatus.HEALTHY);
        traffic(320, false);
        assertThat(primaryHealth().status()).as("in the outage").isEqualTo(OfferStatus.UNHEALTHY);

        List<OfferId> after = traffic(300, true);
        int back = after.indexOf(primary);
        assertThat(back).as("seconds until a request tried the recovered primary first").isBetween(0, 60);
        assertThat(after.subList(60, after.size())).as("from a minute after the end on, the primary has its traffic back")
                .containsOnly(primary);
        HealthSnapshot.OfferHealth h = primaryHealth();
        assertThat(h.status()).as(h.reason()).isEqualTo(OfferStatus.HEALTHY);

        // Traffic stops. Over the next 15 minutes the successes from before the outage leave the window
        // first; the outage's failures must not make the recovered offer unhealthy or degraded on their own.
        for (int i = 0; i < 15 * 60; i += 10) {
            clock.advanceSeconds(10);
            HealthSnapshot.OfferHealth q = primaryHealth();
            assertThat(q.status()).as("%d s after traffic stopped: %s", i + 10, q.reason()).isEqualTo(OfferStatus.HEALTHY);
        }
    }
}
