package io.healthgate.health;

import io.healthgate.support.FakeClock;
import io.healthgate.support.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connecting a store that is down at start, as a timeline on fake time: the backoff, and what follows the connection. */
class StoreLinkTest {
    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Instant t0 = clock.instant();
    private final List<Long> attemptsAtMs = new ArrayList<>();
    private int failuresLeft;
    private int connectedCalls;

    private StoreLink link(Duration initial, Duration max) {
        return new StoreLink("test store", () -> {
            attemptsAtMs.add(Duration.between(t0, clock.instant()).toMillis());
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("connection refused");
            }
        }, () -> connectedCalls++, new StoreLink.Backoff(initial, max), scheduler::schedule);
    }

    @Test
    void theWaitDoublesAfterEachFailureUpToTheMax() {
        StoreLink.Backoff b = new StoreLink.Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
        assertThat(List.of(b.after(1), b.after(2), b.after(3), b.after(4), b.after(5), b.after(50)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                        Duration.ofMillis(1_000), Duration.ofMillis(1_000));
    }

    @Test
    void aStoreDownAtStartIsRetriedWithBackoffUntilItAnswersThenConnectedRunsOnce() {
        failuresLeft = 5;
        StoreLink link = link(Duration.ofMillis(100), Duration.ofMillis(1_000));

        assertThat(link.start()).as("the first attempt fails on the caller's thread").isFalse();
        assertThat(link.connected()).isFalse();
        assertThat(link.lastError()).isEqualTo("connection refused");

        scheduler.advance(Duration.ofSeconds(10));

        assertThat(attemptsAtMs).as("0, then waits of 100, 200, 400, 800, 1000 ms").containsExactly(0L, 100L, 300L, 700L, 1_500L, 2_500L);
        assertThat(link.connected()).isTrue();
        assertThat(link.failedAttempts()).isEqualTo(5);
        assertThat(connectedCalls).isEqualTo(1);
        assertThat(scheduler.pending()).as("no attempt after the one that worked").isZero();
    }

    @Test
    void aStoreThatAnswersAtOnceConnectsOnTheCallersThreadWithNothingScheduled() {
        StoreLink link = link(Duration.ofMillis(100), Duration.ofMillis(1_000));
        assertThat(link.start()).isTrue();
        assertThat(connectedCalls).isEqualTo(1);
        assertThat(link.failedAttempts()).isZero();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void closingStopsTheAttempts() {
        failuresLeft = 100;
        StoreLink link = link(Duration.ofMillis(100), Duration.ofMillis(100));
        link.start();
        scheduler.advance(Duration.ofMillis(250));
        assertThat(attemptsAtMs).containsExactly(0L, 100L, 200L);

        link.close();
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(attemptsAtMs).hasSize(3);
        assertThat(connectedCalls).isZero();
    }

    @Test
    void aBackoffNamesTheSettingItBreaks() {
        assertThatThrownBy(() -> new StoreLink.Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageStartingWith("storage.reconnect_initial_ms must be >= 1");
        assertThatThrownBy(() -> new StoreLink.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageStartingWith("storage.reconnect_max_ms must be >= storage.reconnect_initial_ms (2000), got 1000");
    }
}
