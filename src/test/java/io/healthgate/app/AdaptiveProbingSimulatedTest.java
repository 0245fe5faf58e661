package io.healthgate.app;

import io.healthgate.catalog.Protocol;
import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Scenario;
import io.healthgate.support.FakeClock;
import io.healthgate.support.ManualExecutor;
import io.healthgate.support.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Adaptive probe intervals end to end: the real composition root in front of the simulated
 * fleet, both on one fake clock, the health schedules on a {@link ManualExecutor} (the harness of
 * {@link FastHealthSimulatedTest}). No client traffic: one stable offer and one flapping offer
 * (half its calls fail), each alone on its gateway, with five-minute tier intervals, run for two
 * fake hours with adaptive probing on and then off. Spend is counted where it lands, at the
 * simulated fleet (chat calls per offer: probes and canary completions), not from the ledger.
 */
@org.junit.jupiter.api.Timeout(300)
class AdaptiveProbingSimulatedTest {
    private static final int INTERVAL = 300;
    private static final int RUN_SECONDS = 7200;

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-06-01T10:00:00Z"));
    private ManualScheduler timers;
    private SimulatedGateway sim;
    private int runs;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private static Scenario scenario() {
        return Scenario.builder().seed(41)
                .gateway("calm", Protocol.OPENAI, "CALM_KEY", "sk-sim-calm")
                .gateway("shaky", Protocol.OPENAI, "SHAKY_KEY", "sk-sim-shaky")
                .offer("calm", "s/stable", "stable")
                .offer("shaky", "f/flappy", "flappy", Behaviour.NORMAL.withErrorRate(0.5, Fault.SERVER_ERROR))
                .build();
    }

    private void start(boolean adaptive) {
        if (sim != null) {
            sim.close();
        }
        timers = new ManualScheduler(clock);
        Map<String, String> cfg = SimulatedGateway.fakeClockSettings(dir.resolve("adaptive-" + (runs++) + ".db"));
        cfg.put("HEALTHGATE_MONITORING_ADAPTIVE_ENABLED", String.valueOf(adaptive));
        for (String tier : new String[] {"CRITICAL", "POPULAR", "STANDARD", "ON_DEMAND"}) {
            cfg.put("HEALTHGATE_MONITORING_TIERS_" + tier + "_INTERVAL_SECONDS", String.valueOf(INTERVAL));
        }
        HealthgateConfig config = ConfigLoader.load(Optional.empty(), cfg);
        sim = new SimulatedGateway(scenario(), config, env -> { }, clock, Optional.of(new ManualExecutor(clock, timers)));
        settle();
    }

    private void second() {
        timers.advance(Duration.ofSeconds(1));
        settle();
    }

    private void settle() {
        timers.runDue();
        if (!sim.settled()) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(2)).until(sim::settled);
        }
        sim.gateway.engine().rebuild();
    }

    /** Chat calls each offer received at the fleet in two fake hours: {stable, flappy}. */
    private long[] spendOverTwoHours(boolean adaptive) {
        start(adaptive);
        for (int t = 0; t < RUN_SECONDS; t++) {
            second();
        }
        return new long[] {sim.fleet.requestCount("calm", "s/stable"), sim.fleet.requestCount("shaky", "f/flappy")};
    }

    @Test
    void theStableOfferIsProbedLessAndTheFlappingOneMoreThanOnTheFixedSchedule() {
        long[] on = spendOverTwoHours(true);
        String paced = sim.gateway.probeScheduler().paceOf(new io.healthgate.catalog.OfferId("calm", "s/stable"), clock.instant()).reason();
        long[] off = spendOverTwoHours(false);
        long batch = io.healthgate.health.HealthSettings.DEFAULT_BATCH_INTERVAL.toSeconds();

        // Probes go out with the batches, 30 s apart: a due time waits for the next one.
        assertThat(off[0]).as("fixed schedule: the stable offer about once per tier interval")
                .isBetween((long) RUN_SECONDS / (INTERVAL + batch), (long) RUN_SECONDS / INTERVAL + 1);
        assertThat(on[0]).as("adaptive: the stable offer stretched (%s)", paced).isLessThan(off[0]).isLessThanOrEqualTo(off[0] * 3 / 4);
        assertThat(on[1]).as("adaptive: the flapping offer watched more closely").isGreaterThan(off[1]);
    }
}
