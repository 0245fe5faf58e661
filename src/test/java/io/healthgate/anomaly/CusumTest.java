package io.healthgate.anomaly;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Page's CUSUM on counting failures: quiet at the usual rate, climbing at a raised one, as fast as arithmetic says. */
class CusumTest {
    @Test
    void staysLowWhileFailuresAreAsRareAsUsual() {
        Cusum c = new Cusum();
        Random r = new Random(11);
        double max = 0;
        for (int i = 0; i < 20_000; i++) {
            max = Math.max(max, c.add(r.nextDouble() < 0.01, 0.01, 0.05));
        }
        assertThat(max).as("highest sum over 20,000 calls at the usual 1%").isLessThan(5.0);
    }

    @Test
    void climbsByTheRaisedRateMinusTheReferencePerCall() {
        Cusum c = new Cusum();
        Random r = new Random(5);
        int n = 2000;
        for (int i = 0; i < n; i++) {
            c.add(r.nextDouble() < 0.20, 0.01, 0.05);
        }
        // Drift per call is p - (p0 + rise/2) = 0.20 - 0.035.
        assertThat(c.sum() / n).isCloseTo(0.165, within(0.02));
    }

    @Test
    void aCappedSumComesBackUnderItsThresholdSoonAfterAnOutage() {
        Cusum c = new Cusum(10);
        for (int i = 0; i < 900; i++) {
            c.add(true, 0.01, 0.05);
        }
        assertThat(c.sum()).isEqualTo(10);
        int successes = 0;
        while (c.sum() >= 5) {
            c.add(false, 0.01, 0.05);
            successes++;
        }
        assertThat(successes).isEqualTo((int) Math.ceil(5 / 0.035));
    }

    @Test
    void neverGoesBelowZeroAndAFailureAddsOneMinusTheReference() {
        Cusum c = new Cusum();
        for (int i = 0; i < 100; i++) {
            assertThat(c.add(false, 0.02, 0.1)).isZero();
        }
        assertThat(c.add(true, 0.02, 0.1)).isCloseTo(1 - 0.07, within(1e-12));
        assertThat(c.add(false, 0.02, 0.1)).isCloseTo(1 - 0.14, within(1e-12));
    }
}
