package io.healthgate.routing;

import io.healthgate.catalog.OfferId;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class OfferTimingsTest {
    private static final OfferId OFFER = new OfferId("groq", "acme/chat");

    @Test
    void noP99BeforeMinSamples() {
        OfferTimings t = new OfferTimings();
        for (int i = 0; i < 19; i++) {
            t.recordFirstByte(OFFER, Duration.ofMillis(100));
        }
        assertThat(t.firstByteP99(OFFER, 20)).isEmpty();
        assertThat(t.firstByteP99(new OfferId("groq", "other"), 1)).isEmpty();
        t.recordFirstByte(OFFER, Duration.ofMillis(100));
        assertThat(t.firstByteP99(OFFER, 20)).hasValue(Duration.ofMillis(100));
    }

    @Test
    void p99IsTheNearestRankOverTheLastSamples() {
        OfferTimings t = new OfferTimings();
        for (int i = 1; i <= 100; i++) {
            t.recordGap(OFFER, Duration.ofMillis(i));
        }
        assertThat(t.gapP99(OFFER, 1)).hasValue(Duration.ofMillis(99));
        assertThat(t.firstByteP99(OFFER, 1)).as("first bytes and gaps are separate memories").isEmpty();
    }

    @Test
    void aReadP99FollowsNewSamplesWithinTheResortBound() {
        OfferTimings t = new OfferTimings();
        for (int i = 0; i < OfferTimings.CAPACITY; i++) {
            t.recordFirstByte(OFFER, Duration.ofMillis(100));
        }
        assertThat(t.firstByteP99(OFFER, 1)).hasValue(Duration.ofMillis(100));
        // The offer slows down: once the ring holds only slow samples, the p99 says so, at most
        // RESORT_AFTER samples late.
        for (int i = 0; i < OfferTimings.CAPACITY + OfferTimings.RESORT_AFTER; i++) {
            t.recordFirstByte(OFFER, Duration.ofMillis(5_000));
            t.firstByteP99(OFFER, 1);
        }
        assertThat(t.firstByteP99(OFFER, 1)).hasValue(Duration.ofMillis(5_000));
    }

    @Test
    void theP99IsReusedUntilEnoughNewSamplesArrive() {
        OfferTimings t = new OfferTimings();
        for (int i = 0; i < 100; i++) {
            t.recordFirstByte(OFFER, Duration.ofMillis(100));
        }
        assertThat(t.firstByteP99(OFFER, 1)).hasValue(Duration.ofMillis(100));
        for (int i = 0; i < OfferTimings.RESORT_AFTER - 1; i++) {
            t.recordFirstByte(OFFER, Duration.ofMillis(9_000));
        }
        assertThat(t.firstByteP99(OFFER, 1)).as("fewer than RESORT_AFTER new samples: the last sort stands").hasValue(Duration.ofMillis(100));
        t.recordFirstByte(OFFER, Duration.ofMillis(9_000));
        assertThat(t.firstByteP99(OFFER, 1)).as("RESORT_AFTER new samples: sorted again").hasValue(Duration.ofMillis(9_000));
    }
}
