package io.healthgate.anomaly;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The detector on fake time: latency and error drifts, their sustain and clearing, and what never warns. */
class DriftDetectorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final DriftSettings settings = DriftSettings.defaults();
    private final DriftDetector d = new DriftDetector(settings);
    private final Random r = new Random(42);
    private Instant now = T0;

    /** One success a second at {@code ms} median with 20% log-normal noise, for {@code seconds}. */
    private void traffic(double ms, int seconds) {
        for (int i = 0; i < seconds; i++) {
            now = now.plusSeconds(1);
            d.success(Optional.of(Duration.ofNanos((long) (ms * Math.exp(r.nextGaussian() * 0.2) * 1e6))), now);
        }
    }

    @Test
    void aLatencyRiseIsADriftOnlyOnceItHasHeldForTheSustainTimeAndSaysByHowMuch() {
        traffic(200, 1800);
        assertThat(d.drift(now)).isEmpty();
        Instant jump = now;
        traffic(800, 20);
        assertThat(d.drift(now)).as("20 s into a 4x slowdown: not sustained yet").isEmpty();
        traffic(800, 100);
        Drift drift = d.drift(now).orElseThrow();
        assertThat(drift.kind()).isEqualTo(Drift.Kind.LATENCY);
        assertThat(drift.ratio()).isBetween(2.0, 4.5);
        assertThat(drift.since()).isAfter(jump).isBefore(jump.plusSeconds(60));
        assertThat(drift.evidence()).matches("TTFB \\d\\.\\d× its baseline \\(recent \\d+ ms, usual (19\\d|20\\d|21\\d) ms\\) for \\d+ s");
    }

    @Test
    void aDriftClearsOnlyAfterTheSustainTimeBackToNormal() {
        traffic(200, 1800);
        traffic(800, 120);
        assertThat(d.drift(now)).isPresent();
        // The recent level falls below 2x about 30 s after latency is back (half-life 30 s from 4x);
        // 15 s later the drift no longer holds but is still within the sustain time of clearing.
        traffic(200, 45);
        Optional<Drift> mid = d.drift(now);
        traffic(200, 120);
        assertThat(d.drift(now)).as("clear after the sustain time of normal latency").isEmpty();
        assertThat(mid).as("still reported within the hold of the clearing").isPresent();
    }

    @Test
    void noisyTrafficAtItsUsualLevelAndSingleSlowSamplesNeverWarn() {
        traffic(200, 1800);
        for (int k = 0; k < 50; k++) {
            traffic(200, 60);
            now = now.plusSeconds(1);
            d.success(Optional.of(Duration.ofSeconds(5)), now); // one 25x outlier a minute
            assertThat(d.drift(now.plusSeconds(120))).isEmpty();
        }
    }

    @Test
    void beforeMinSamplesNothingIsJudged() {
        traffic(200, settings.minSamples() - 1);
        traffic(2000, 300);
        // The baseline learnt the slow samples as its own during warm-up: nothing to compare against but itself.
        DriftDetector fresh = new DriftDetector(settings);
        Instant t = T0;
        for (int i = 0; i < settings.minSamples() - 1; i++) {
            t = t.plusSeconds(1);
            fresh.success(Optional.of(Duration.ofMillis(i < 10 ? 100 : 5000)), t);
        }
        assertThat(fresh.drift(t.plusSeconds(300))).isEmpty();
    }

    @Test
    void aRisingCountingErrorRateIsAnErrorDriftWithItsRatesInWords() {
        for (int i = 0; i < 1800; i++) {
            now = now.plusSeconds(1);
            if (r.nextDouble() < 0.01) {
                d.failure(now);
            } else {
                d.success(Optional.of(Duration.ofMillis(200)), now);
            }
        }
        assertThat(d.drift(now)).isEmpty();
        for (int i = 0; i < 180; i++) {
            now = now.plusSeconds(1);
            if (r.nextDouble() < 0.25) {
                d.failure(now);
            } else {
                d.success(Optional.of(Duration.ofMillis(200)), now);
            }
        }
        Drift drift = d.drift(now).orElseThrow();
        assertThat(drift.kind()).isEqualTo(Drift.Kind.ERRORS);
        assertThat(drift.evidence()).matches("counting-error rate \\d+% recently against its usual \\d\\.\\d% \\(CUSUM \\d+\\.\\d, threshold 5\\.0\\) for .+");
    }

    @Test
    void anOutagesOwnFailuresAreNoWarningOnceTheOfferHasRecoveredUntilAFailureFollows() {
        traffic(200, 1800);
        for (int i = 0; i < 120; i++) { // a two-minute outage: every call fails
            now = now.plusSeconds(1);
            d.failure(now);
        }
        traffic(200, 5);
        assertThat(d.drift(now)).as("5 s after the outage the CUSUM still holds its failures").isPresent();

        d.recovered(now);
        traffic(200, 5);
        assertThat(d.drift(now)).as("back from the outage: no early warning drawn from it").isEmpty();

        now = now.plusSeconds(1);
        d.failure(now);
        assertThat(d.drift(now)).as("a failure after the recovery: the error drift counts again")
                .hasValueSatisfying(x -> assertThat(x.kind()).isEqualTo(Drift.Kind.ERRORS));
    }

    @Test
    void disabledNeverDrifts() {
        DriftDetector off = new DriftDetector(settings.withEnabled(false));
        Instant t = T0;
        for (int i = 0; i < 600; i++) {
            t = t.plusSeconds(1);
            off.success(Optional.of(Duration.ofMillis(i < 300 ? 100 : 5000)), t);
            off.failure(t);
        }
        assertThat(off.drift(t)).isEmpty();
    }

    @Test
    void sustainedNeedsThreeSamplesSoOneSlowProbeAfterAQuietSpellNeverWarns() {
        traffic(200, 600);
        now = now.plusSeconds(3600);
        d.success(Optional.of(Duration.ofMillis(3000)), now);
        assertThat(d.drift(now.plusSeconds(600))).isEmpty();
    }
}
