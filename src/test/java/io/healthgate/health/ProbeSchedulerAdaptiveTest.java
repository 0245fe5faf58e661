package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.support.FakeClock;
import io.healthgate.support.ScriptedProber;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

import static io.healthgate.health.OutcomeClass.SERVER_ERROR;
import static io.healthgate.health.OutcomeClass.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spend where it matters, on a fake clock: what the probe and canary schedules cost over
 * simulated hours and days, for dead offers, long outages and quiet gateways.
 */
class ProbeSchedulerAdaptiveTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final ScriptedProber prober = new ScriptedProber(clock);
    private final OfferId dead = new OfferId("g", "p/dead");
    private final OfferId busy = new OfferId("g", "p/busy");
    private HealthEngine engine;
    private ProbeScheduler scheduler;
    private ProbeRunner runner;
    private CanaryRunner canaries;
    private int modelLists;

    private void fleet(Catalog catalog, HealthSettings settings) {
        engine = new HealthEngine(catalog, Set.of("g", "h"), settings, clock);
        scheduler = new ProbeScheduler(engine);
        runner = new ProbeRunner(scheduler, prober, engine, engine);
        GatewayCheck check = (g, t) -> {
            modelLists++;
            return CompletableFuture.completedFuture(new GatewayCheck.Result(GatewayCheck.Reach.REACHABLE, "HTTP 200"));
        };
        canaries = new CanaryRunner(new CanaryScheduler(engine), check, prober, engine, engine);
    }

    private static HealthSettings.Builder settings() {
        return HealthSettings.builder().jitter(Duration.ZERO);
    }

    private void deadAndBusy(Tier tier, HealthSettings settings) {
        fleet(TestCatalogs.builder().gateway("g")
                .model("p/busy", Optional.of(tier), false, "g")
                .model("p/dead", Optional.of(tier), false, "g").build(), settings);
    }

    private void live(OfferId id, OutcomeClass c) {
        engine.onOutcome(c == SUCCESS ? Outcome.success(id, Outcome.Source.LIVE, Duration.ofMillis(80), clock.instant())
                : Outcome.failure(id, c, Outcome.Source.LIVE, 500, c.wireName(), clock.instant()));
    }

    /**
     * Runs the schedules as the gateway does for {@code seconds} fake seconds: urgent probes each
     * second, a batch every 30 s, canaries every 5 s; {@code each} sees every second first.
     */
    private void run(int seconds, boolean withCanaries, IntConsumer each) {
        for (int t = 0; t < seconds; t++) {
            each.accept(t);
            if (t % 30 == 0) {
                runner.tick();
            } else {
                runner.tickUrgent();
            }
            if (withCanaries && t % 5 == 0) {
                canaries.tick();
            }
            clock.advanceSeconds(1);
        }
    }

    // ---- spend defects: dead offers, long outages ----

    @Test
    void aDeadOfferOnABusyGatewayBacksOffToItsTierIntervalInsteadOfFollowingItsSiblingsSuccesses() {
        deadAndBusy(Tier.CRITICAL, settings().build());
        prober.script(dead, SERVER_ERROR);
        int day = 86_400;
        run(day, true, t -> {
            if (t % 10 == 0) {
                live(busy, SUCCESS); // the gateway serves its other model all day
            }
        });
        long interval = HealthSettings.DEFAULT_CRITICAL.interval().toSeconds();
        assertThat(prober.callsTo(dead).size()).as("probes of the dead offer in a day (tier interval %d s)", interval)
                .isLessThanOrEqualTo((int) (2 * day / interval));
        assertThat(engine.statusOf(dead)).isEqualTo(OfferStatus.UNHEALTHY);
    }

    @Test
    void anOfferInALongOutageOnAQuietGatewayReachesItsTierInterval() {
        deadAndBusy(Tier.POPULAR, settings().build());
        prober.script(dead, SERVER_ERROR);
        int outage = 34_560; // 9.6 h
        run(outage, true, t -> { });
        long interval = HealthSettings.DEFAULT_POPULAR.interval().toSeconds();
        assertThat(prober.callsTo(dead).size()).as("probes and canaries of the offer in a 9.6 h outage (tier interval %d s)", interval)
                .isLessThanOrEqualTo((int) (2 * outage / interval));
    }

    // ---- canary cost ----

    private long canaryCompletions() {
        return prober.calls().stream().filter(c -> c.request().maxTokens() == 1).count();
    }

    @Test
    void aHealthyQuietGatewaysCanarySendsItsCompletionOnlyEveryCompletionInterval() {
        deadAndBusy(Tier.ON_DEMAND, settings().build());
        int day = 86_400;
        run(day, true, t -> { });
        long completionEvery = HealthSettings.DEFAULT_CANARY_COMPLETION_INTERVAL.toSeconds();
        assertThat(modelLists).as("a models list each quiet canary interval").isGreaterThan(day / 70);
        assertThat(canaryCompletions()).as("tiny completions in a quiet day (every %d s at most)", completionEvery)
                .isPositive().isLessThanOrEqualTo(day / completionEvery + 1);
        assertThat(engine.rebuild().gateway("g").orElseThrow().canaries().requests()).as("models lists and completions, counted")
                .isEqualTo(modelLists + canaryCompletions());
    }
}
