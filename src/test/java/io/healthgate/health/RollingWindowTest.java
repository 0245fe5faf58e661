package io.healthgate.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RollingWindowTest {
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    private final RollingWindow window = new RollingWindow(Duration.ofSeconds(30), 30); // 900 s

    @Test
    void outcomesLeaveTheWindowBucketByBucket() {
        window.record(t0, true, Optional.of(Duration.ofMillis(100)));
        window.record(t0.plusSeconds(300), false, Optional.empty());

        assertThat(window.summary(t0.plusSeconds(899)).samples()).isEqualTo(2);
        RollingWindow.Summary later = window.summary(t0.plusSeconds(900));
        assertThat(later.samples()).isEqualTo(1);
        assertThat(later.failures()).isEqualTo(1);
        assertThat(later.p50()).isEmpty();
        assertThat(window.summary(t0.plusSeconds(1200)).samples()).isZero();
    }

    @Test
    void aLongGapEmptiesTheWholeWindow() {
        for (int i = 0; i < 100; i++) {
            window.record(t0.plusSeconds(i * 9L), true, Optional.of(Duration.ofMillis(50)));
        }
        assertThat(window.summary(t0.plusSeconds(899)).samples()).isEqualTo(100);
        assertThat(window.summary(t0.plus(Duration.ofDays(3))).samples()).isZero();
        window.record(t0.plus(Duration.ofDays(3)), true, Optional.empty());
        assertThat(window.summary(t0.plus(Duration.ofDays(3))).samples()).isEqualTo(1);
    }

    @Test
    void percentilesComeFromTheHistogramWithinOneBin() {
        for (int i = 0; i < 90; i++) {
            window.record(t0, true, Optional.of(Duration.ofMillis(100)));
        }
        for (int i = 0; i < 10; i++) {
            window.record(t0, true, Optional.of(Duration.ofMillis(2000)));
        }
        RollingWindow.Summary s = window.summary(t0);
        assertThat(s.p50().orElseThrow().toMillis()).isBetween(100L, 140L);
        assertThat(s.p95().orElseThrow().toMillis()).isBetween(2000L, 2800L);
        assertThat(s.successRate()).contains(1.0);
    }

    @Test
    void emptyWindowHasNoRateRatherThanZero() {
        assertThat(window.summary(t0).successRate()).isEmpty();
    }
}
