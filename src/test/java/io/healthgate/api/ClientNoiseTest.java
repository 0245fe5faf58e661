package io.healthgate.api;

import ch.qos.logback.classic.Level;
import io.healthgate.support.CapturedLogs;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Client misbehaviour is logged at INFO, one line per kind per interval, the next saying how many were left out. */
class ClientNoiseTest {

    @Test
    void oneInfoLinePerKindPerIntervalAndTheNextCountsWhatWasLeftOut() {
        FakeClock clock = new FakeClock();
        ClientNoise noise = new ClientNoise(clock, Duration.ofSeconds(10));
        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(noise.note("gone", "client {} went away", "a")).isTrue();
            for (int i = 0; i < 500; i++) {
                assertThat(noise.note("gone", "client {} went away", "b")).isFalse();
            }
            assertThat(noise.note("junk", "junk from {}", "c")).as("another kind has its own window").isTrue();
            clock.advance(Duration.ofSeconds(10));
            assertThat(noise.note("gone", "client {} went away", "d")).isTrue();

            assertThat(logs.events().stream().filter(e -> e.getLoggerName().equals(ClientNoise.class.getName()))
                    .map(e -> e.getLevel() + " " + e.getFormattedMessage()))
                    .containsExactly("INFO client a went away", "INFO junk from c",
                            "INFO client d went away (500 more like it in the last 10 s not logged)");
            assertThat(logs.atLeast(Level.WARN)).isEmpty();
        }
    }

    @Test
    void aClosedConnectionAnywhereInTheCausesIsTheClientGoingAway() {
        assertThat(ClientNoise.clientGone(new RuntimeException(new io.vertx.core.http.HttpClosedException("Connection was closed")))).isTrue();
        assertThat(ClientNoise.clientGone(new java.io.IOException("Connection reset by peer"))).isTrue();
        assertThat(ClientNoise.clientGone(new IllegalStateException("boom"))).isFalse();
        assertThat(ClientNoise.clientGone(null)).isFalse();
    }
}
