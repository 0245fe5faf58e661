package io.healthgate.alerting;

import io.healthgate.bench.DriftSimulation;
import io.healthgate.health.HealthSettings;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Ramp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The early warning's lead over the outage alert, on a fake clock, through the real engine, the
 * snapshot facts and the alert evaluator (its hold and flap rules included): a ramped outage
 * warns before it starts and before the outage alert, and the warning is neither resolved nor
 * repeated while the outage it foretold goes on.
 */
class WarningLeadTest {
    private static final double OUTAGE_AT = 3600;

    private static List<DriftSimulation.OfferRun> run(Ramp ramp) {
        Behaviour b = Behaviour.NORMAL.withLatency(300, 0).withOutage(OUTAGE_AT, 900, Fault.UNAVAILABLE, ramp);
        DriftSimulation.OfferPlan plan = new DriftSimulation.OfferPlan("ramp", 1.0, 0.2, 0.005, b);
        DriftSimulation.OfferPlan steady = new DriftSimulation.OfferPlan("steady", 1.0, 0.2, 0.005, Behaviour.NORMAL.withLatency(300, 0));
        return DriftSimulation.run(List.of(plan, steady), Duration.ofSeconds((long) OUTAGE_AT + 1200), Duration.ofSeconds(1),
                HealthSettings.defaults(), AlertSettings.defaults(), 99);
    }

    @Test
    void aLatencyRampWarnsAMinuteBeforeTheOutageAndBeforeTheOutageAlert() {
        List<DriftSimulation.OfferRun> runs = run(new Ramp(300, 1500, 0));
        DriftSimulation.OfferRun r = runs.get(0);
        Duration outage = Duration.ofSeconds((long) OUTAGE_AT);

        assertThat(r.firstWarning()).as("a degrading warning").isPresent();
        assertThat(r.warnings()).as("one incident: the warning is sent once, never repeated through the outage").hasSize(1);
        assertThat(outage.minus(r.firstWarning().get())).as("lead over the outage start").isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(r.firstOutageAlert()).as("the outage alert fires once the offer is unhealthy").isPresent();
        assertThat(r.firstOutageAlert().get()).isGreaterThanOrEqualTo(outage);
        assertThat(r.firstOutageAlert().get().minus(r.firstWarning().get())).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(r.firstDegrading()).isPresent();
        assertThat(r.firstDegradingReason()).startsWith("degrading: TTFB");
        assertThat(r.firstUnhealthy().orElseThrow()).isGreaterThan(r.firstDegrading().get());

        assertThat(runs.get(1).warnings()).as("the steady offer beside it never warns").isEmpty();
        assertThat(runs.get(1).firstOutageAlert()).isEmpty();
    }

    @Test
    void anErrorRateRampWarnsBeforeTheOutage() {
        DriftSimulation.OfferRun r = run(new Ramp(480, 0, 0.3)).get(0);
        assertThat(r.firstWarning()).isPresent();
        assertThat(Duration.ofSeconds((long) OUTAGE_AT).minus(r.firstWarning().get())).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(r.firstDegradingReason()).startsWith("degrading: counting-error rate");
    }
}
