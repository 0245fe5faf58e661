package io.healthgate.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BreakerSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        BreakerSettings d = BreakerSettings.DEFAULTS;
        assertThat(d.consecutiveFailures()).isEqualTo(5);
        assertThat(d.failureRateThreshold()).isEqualTo(0.5);
        assertThat(d.minimumCalls()).isEqualTo(10);
        assertThat(d.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.openWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.maxOpenWait()).isEqualTo(Duration.ofSeconds(40));
        assertThat(d.successesToClose()).isEqualTo(2);
    }

    @Test
    void badValuesAreRejectedWithTheValueQuoted() {
        assertThatThrownBy(() -> BreakerSettings.DEFAULTS.withConsecutiveFailures(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("routing.breaker.failure_threshold").hasMessageContaining("got 0");
        assertThatThrownBy(() -> new BreakerSettings(5, 1.5, 10, Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(5), 2, Duration.ofMinutes(2)))
                .hasMessageContaining("routing.breaker.failure_rate").hasMessageContaining("1.5");
        assertThatThrownBy(() -> BreakerSettings.DEFAULTS.withOpenWait(Duration.ofMinutes(10), Duration.ofMinutes(5)))
                .hasMessageContaining("max_open_wait (PT5M)").hasMessageContaining("open_wait (PT10M)");
        assertThatThrownBy(() -> new BreakerSettings(5, 0.5, 10, Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofMinutes(5), 2, Duration.ofMinutes(2)))
                .hasMessageContaining("window").hasMessageContaining("PT0.01S");
    }

    @Test
    void theWaitDoublesUpToTheCap() {
        BreakerSettings s = BreakerSettings.DEFAULTS;
        assertThat(s.nextWait(Duration.ofSeconds(15))).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.nextWait(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(40));
    }
}
