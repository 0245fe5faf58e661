package io.healthgate.anomaly;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hour-of-day baseline on fake time: an offer three times slower every working day from 08:00
 * to 18:00 UTC. The flat baseline calls each morning's slowdown a drift; once a week of history
 * exists the seasonal one does not, and still calls a slowdown beyond the hour's usual a drift.
 */
class SeasonalBaselineTest {
    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final double NIGHT_MS = 200;
    private static final double DAY_MS = 600;

    private final Random r = new Random(7);

    /** Feeds one success every 10 s with the diurnal pattern (times {@code factor} from {@code slowFrom}) until {@code until}. */
    private Instant feed(DriftDetector d, Instant from, Instant until, Instant slowFrom, double factor, DriftLog log) {
        Instant now = from;
        while (now.isBefore(until)) {
            int h = now.atOffset(ZoneOffset.UTC).getHour();
            double ms = (h >= 8 && h < 18 ? DAY_MS : NIGHT_MS) * (slowFrom != null && !now.isBefore(slowFrom) ? factor : 1.0);
            d.success(Optional.of(Duration.ofNanos((long) (ms * Math.exp(r.nextGaussian() * 0.15) * 1e6))), now);
            log.observe(d.drift(now), now);
            now = now.plusSeconds(10);
        }
        return now;
    }

    /** Which days saw a drift reported at some point. */
    private static final class DriftLog {
        final boolean[] days = new boolean[32];
        Optional<Drift> last = Optional.empty();

        void observe(Optional<Drift> drift, Instant at) {
            drift.ifPresent(x -> days[(int) Duration.between(T0, at).toDays()] = true);
            last = drift.isPresent() ? drift : last;
        }
    }

    @Test
    void theHourOfDayIsTheUtcHourIncludingBeforeTheEpoch() {
        Instant start = Instant.parse("1969-12-30T00:00:00Z");
        for (long s = 0; s < 5 * 86_400L; s += 1_777) {
            Instant at = start.plusSeconds(s);
            assertThat(SeasonalBaseline.hour(at)).as("%s", at).isEqualTo(at.atOffset(ZoneOffset.UTC).getHour());
        }
        assertThat(SeasonalBaseline.hour(Instant.parse("2026-12-03T23:59:59.999Z"))).isEqualTo(23);
        assertThat(SeasonalBaseline.hour(Instant.parse("2026-12-04T00:00:00Z"))).isZero();
    }

    @Test
    void theFlatBaselineWarnsEveryMorningTheSeasonalOneStopsOnceAWeekIsKnown() {
        DriftDetector flat = new DriftDetector(DriftSettings.defaults().withSeasonalAfter(Duration.ZERO));
        DriftDetector seasonal = new DriftDetector(DriftSettings.defaults());
        DriftLog flatLog = new DriftLog();
        DriftLog seasonalLog = new DriftLog();
        Instant end = T0.plus(Duration.ofDays(10));

        feed(flat, T0, end, null, 1, flatLog);
        feed(seasonal, T0, end, null, 1, seasonalLog);

        for (int day = 1; day < 10; day++) {
            assertThat(flatLog.days[day]).as("flat baseline, day %d: the 08:00 tripling reads as a drift", day).isTrue();
        }
        for (int day = 8; day < 10; day++) {
            assertThat(seasonalLog.days[day]).as("seasonal baseline, day %d: 08:00 is slow as usual", day).isFalse();
        }
        assertThat(seasonalLog.days[1]).as("before a week of history the seasonal detector is the flat one").isTrue();
    }

    @Test
    void aSlowdownBeyondTheHoursUsualIsStillADriftAndSaysWhichHour() {
        DriftDetector d = new DriftDetector(DriftSettings.defaults());
        DriftLog log = new DriftLog();
        Instant week = T0.plus(Duration.ofDays(8)).plus(Duration.ofHours(10)); // day 8, 10:00 UTC: a day hour
        Instant now = feed(d, T0, week, null, 1, log);
        assertThat(d.drift(now)).as("usual afternoon latency").isEmpty();

        Instant slow = now;
        feed(d, now, now.plus(Duration.ofMinutes(5)), slow, 3.0, log);

        Drift drift = log.last.orElseThrow();
        assertThat(drift.kind()).isEqualTo(Drift.Kind.LATENCY);
        assertThat(drift.since()).isAfter(slow);
        assertThat(drift.evidence()).contains("its baseline for 10:00 UTC").containsPattern("usual (5[6-9]\\d|6[0-4]\\d) ms");
    }

    @Test
    void aSlotNeverFedFallsBackToTheFlatBaseline() {
        RobustEwma flat = new RobustEwma(Duration.ofHours(1), 30, DriftSettings.MIN_SPREAD);
        SeasonalBaseline b = new SeasonalBaseline(flat, Duration.ofHours(1), 30, DriftSettings.MIN_SPREAD, Duration.ofDays(7));
        Instant now = T0;
        // Eight days of traffic, but only between 00:00 and 01:00 UTC.
        for (int day = 0; day < 8; day++) {
            for (int i = 0; i < 360; i++) {
                b.learn(Math.log(100), T0.plus(Duration.ofDays(day)).plusSeconds(i * 10L), 2.0);
            }
        }
        Instant noon = T0.plus(Duration.ofDays(8)).plus(Duration.ofHours(12));
        assertThat(b.describe(noon)).isEqualTo("its baseline");
        assertThat(b.center(noon)).isEqualTo(flat.center(noon));
        Instant midnight = T0.plus(Duration.ofDays(8)).plusSeconds(60);
        assertThat(b.describe(midnight)).isEqualTo("its baseline for 00:00 UTC");
        assertThat(Math.exp(b.center(midnight))).isBetween(99.0, 101.0);
        assertThat(b.samples()).isEqualTo(8 * 360);
    }
}
