package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The degrading status on a fake clock: it comes with its evidence, it clears, worse evidence wins, health % keeps it. */
class DegradingStatusTest {
    private static final String MODEL = "meta-llama/llama-3.3-70b";
    private final FakeClock clock = new FakeClock();
    private final OfferId groq = new OfferId("groq", MODEL);
    private final OfferId together = new OfferId("together", MODEL);
    private final Catalog catalog = TestCatalogs.builder().gateway("groq").gateway("together").model(MODEL, "groq", "together").build();
    private final HealthEngine engine = new HealthEngine(catalog, Set.of("groq", "together"), HealthSettings.defaults(), clock);

    /** One call a second to each offer for {@code seconds}: groq at {@code groqMs}, together steady at 300 ms. */
    private void traffic(long groqMs, int seconds) {
        for (int i = 0; i < seconds; i++) {
            clock.advanceSeconds(1);
            // A little alternation, so the baseline has a spread like real traffic.
            long jitter = i % 2 == 0 ? 0 : groqMs / 10;
            engine.onOutcome(Outcome.success(groq, Outcome.Source.LIVE, Duration.ofMillis(groqMs + jitter), clock.instant()));
            engine.onOutcome(Outcome.success(together, Outcome.Source.LIVE, Duration.ofMillis(300), clock.instant()));
        }
    }

    @Test
    void aSustainedSlowdownReadsDegradingWithTheEvidenceThenClearsToHealthy() {
        traffic(200, 1200);
        assertThat(engine.rebuild().offerStatus(groq)).isEqualTo(OfferStatus.HEALTHY);

        traffic(700, 30);
        assertThat(engine.rebuild().offerStatus(groq)).as("30 s of drift: not sustained yet").isEqualTo(OfferStatus.HEALTHY);
        traffic(700, 90);
        HealthSnapshot s = engine.rebuild();
        HealthSnapshot.OfferHealth h = s.offer(groq).orElseThrow();
        assertThat(h.status()).isEqualTo(OfferStatus.DEGRADING);
        assertThat(h.reason()).matches("degrading: TTFB \\d\\.\\d× its baseline \\(recent \\d+ ms, usual 2\\d\\d ms\\) for \\d+ s");
        // The slowdown is 3.5x, above ttfb_factor 2 but below degraded_latency_factor 3 on the window's p50 (mixed with the
        // healthy minutes of the 15-min window): the early warning, not yet degraded.
        assertThat(s.offerStatus(together)).isEqualTo(OfferStatus.HEALTHY);
        assertThat(s.model(MODEL).orElseThrow().status()).as("a model is as healthy as its best offer").isEqualTo(OfferStatus.HEALTHY);
        assertThat(s.system().healthPercentage()).as("a degrading offer still serves").contains(100.0);
        assertThat(s.gateway("groq").orElseThrow().status()).isEqualTo(GatewayStatus.HEALTHY);

        traffic(200, 300);
        assertThat(engine.rebuild().offerStatus(groq)).as("back at its baseline for longer than the sustain time").isEqualTo(OfferStatus.HEALTHY);
    }

    @Test
    void aModelWhoseOnlyGoodOfferIsDegradingReadsDegrading() {
        traffic(200, 1200);
        for (int i = 0; i < 3; i++) {
            engine.onOutcome(Outcome.failure(together, OutcomeClass.SERVER_ERROR, Outcome.Source.LIVE, 500, "500", clock.instant()));
        }
        traffic(700, 120);
        for (int i = 0; i < 3; i++) {
            engine.onOutcome(Outcome.failure(together, OutcomeClass.SERVER_ERROR, Outcome.Source.LIVE, 500, "500", clock.instant()));
        }
        HealthSnapshot s = engine.rebuild();
        assertThat(s.offerStatus(together)).isEqualTo(OfferStatus.UNHEALTHY);
        assertThat(s.offerStatus(groq)).isEqualTo(OfferStatus.DEGRADING);
        assertThat(s.model(MODEL).orElseThrow().status()).isEqualTo(OfferStatus.DEGRADING);
        assertThat(s.model(MODEL).orElseThrow().bestOffer()).contains(groq);
    }

    @Test
    void failuresWinOverDrift() {
        traffic(200, 1200);
        traffic(700, 120);
        assertThat(engine.rebuild().offerStatus(groq)).isEqualTo(OfferStatus.DEGRADING);
        for (int i = 0; i < 3; i++) {
            engine.onOutcome(Outcome.failure(groq, OutcomeClass.TIMEOUT, Outcome.Source.LIVE, 0, "timeout", clock.instant()));
        }
        HealthSnapshot.OfferHealth h = engine.rebuild().offer(groq).orElseThrow();
        assertThat(h.status()).isEqualTo(OfferStatus.UNHEALTHY);
        assertThat(h.reason()).startsWith("3 consecutive failures");
    }

    @Test
    void withTheDetectorOffNothingEverReadsDegrading() {
        HealthEngine off = new HealthEngine(catalog, Set.of("groq", "together"),
                HealthSettings.builder().drift(io.healthgate.anomaly.DriftSettings.defaults().withEnabled(false)).build(), clock);
        for (int i = 0; i < 1500; i++) {
            clock.advanceSeconds(1);
            long ms = i < 1200 ? 200 : 700;
            off.onOutcome(Outcome.success(groq, Outcome.Source.LIVE, Duration.ofMillis(ms + (i % 2) * 20), clock.instant()));
        }
        assertThat(off.rebuild().offerStatus(groq)).isEqualTo(OfferStatus.HEALTHY);
    }
}
