package io.healthgate.anomaly;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The robust baseline on fake time: it settles, it shrugs off outliers, it keeps a band floor, it forgets by time. */
class RobustEwmaTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void settlesOnTheLevelAndSpreadOfSteadyNoise() {
        RobustEwma b = new RobustEwma(Duration.ofMinutes(10), 30, 0.01);
        Random r = new Random(7);
        for (int i = 0; i < 3000; i++) {
            b.learn(5.0 + r.nextGaussian() * 0.2, T0.plusSeconds(i), 4);
        }
        assertThat(b.center(T0)).isCloseTo(5.0, within(0.05));
        // Mean absolute deviation of a normal is 0.8 sigma; clipping at 4 spreads barely touches it.
        assertThat(b.spread(T0)).isCloseTo(0.16, within(0.03));
        assertThat(b.samples()).isEqualTo(3000);
    }

    @Test
    void oneHugeOutlierMovesTheCentreNoMoreThanASampleAtTheBandsEdge() {
        RobustEwma clipped = new RobustEwma(Duration.ofSeconds(30), 5, 0.01);
        RobustEwma plain = new RobustEwma(Duration.ofSeconds(30), 5, 0.01);
        Random r = new Random(3);
        for (int i = 0; i < 200; i++) {
            double x = 5.0 + r.nextGaussian() * 0.1;
            clipped.learn(x, T0.plusSeconds(i), 4);
            plain.learn(x, T0.plusSeconds(i), Double.POSITIVE_INFINITY);
        }
        double before = clipped.center(T0);
        double band = 4 * clipped.spread(T0);
        clipped.learn(50.0, T0.plusSeconds(200), 4);
        plain.learn(50.0, T0.plusSeconds(200), Double.POSITIVE_INFINITY);
        double w = 1 - Math.pow(2, -1.0 / 30);
        assertThat(clipped.center(T0) - before).isCloseTo(w * band, within(1e-9));
        assertThat(plain.center(T0) - before).as("unclipped, the same sample drags the mean far").isGreaterThan(0.5);
    }

    @Test
    void aPerfectlySteadySignalStillHasTheSpreadFloor() {
        RobustEwma b = new RobustEwma(Duration.ofMinutes(1), 3, 0.05);
        for (int i = 0; i < 100; i++) {
            b.learn(4.0, T0.plusSeconds(i), 4);
        }
        assertThat(b.spread(T0)).isEqualTo(0.05);
    }

    @Test
    void onALongHistoryForgetsByTimeNotBySampleCount() {
        RobustEwma b = new RobustEwma(Duration.ofSeconds(60), 1, 0);
        Instant t = T0;
        for (int i = 0; i < 10_000; i++) {
            t = T0.plusSeconds(i);
            b.learn(0.0, t, Double.POSITIVE_INFINITY);
        }
        // One half-life later, a new level weighs one half, however few samples came between.
        b.learn(1.0, t.plusSeconds(60), Double.POSITIVE_INFINITY);
        assertThat(b.center(T0)).isCloseTo(0.5, within(1e-3));
        // Ten more within the same instant weigh only their 1/n share of a 10,000-sample history.
        for (int i = 0; i < 10; i++) {
            b.learn(10.0, t.plusSeconds(60), Double.POSITIVE_INFINITY);
        }
        assertThat(b.center(T0)).isCloseTo(0.5, within(0.01));
    }

    @Test
    void aShortHistoryIsItsPlainMeanNotItsFirstSample() {
        RobustEwma b = new RobustEwma(Duration.ofHours(1), 1, 0);
        b.learn(1.0, T0, Double.POSITIVE_INFINITY);
        b.learn(2.0, T0.plusSeconds(1), Double.POSITIVE_INFINITY);
        b.learn(3.0, T0.plusSeconds(2), Double.POSITIVE_INFINITY);
        assertThat(b.center(T0)).isCloseTo(2.0, within(1e-3));
    }
}
