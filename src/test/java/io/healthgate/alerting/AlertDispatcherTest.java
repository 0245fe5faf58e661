package io.healthgate.alerting;

import io.healthgate.support.FakeClock;
import io.healthgate.support.ManualScheduler;
import io.healthgate.support.RecordingSink;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AlertDispatcherTest {
    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final InMemoryAlertHistory history = new InMemoryAlertHistory();

    private AlertNotification note(String key, Severity severity) {
        return new AlertNotification(key, severity, "t " + key, "m " + key, 85.0, clock.instant());
    }

    @Test
    void sinkFailingTwiceThenSucceedingIsDeliveredExactlyOnceWithBackoff() {
        RecordingSink flaky = new RecordingSink("flaky", clock, 2);
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(flaky), history, scheduler, RetryPolicy.defaults(), 10);
        Instant start = clock.instant();

        dispatcher.dispatch(note("health.overall", Severity.WARNING));
        assertThat(flaky.attempts()).as("nothing is sent on the caller's thread").isEmpty();

        scheduler.runDue();
        assertThat(flaky.attempts()).containsExactly(start);
        scheduler.advance(Duration.ofMillis(999));
        assertThat(flaky.attempts()).hasSize(1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(flaky.attempts()).containsExactly(start, start.plusSeconds(1));
        scheduler.advance(Duration.ofMinutes(10));

        assertThat(flaky.attempts()).containsExactly(start, start.plusSeconds(1), start.plusSeconds(3));
        assertThat(flaky.delivered()).extracting(AlertNotification::key).containsExactly("health.overall");
        assertThat(scheduler.pending()).isZero();
        assertThat(dispatcher.stats()).filteredOn(s -> s.name().equals("flaky"))
                .singleElement().satisfies(s -> {
                    assertThat(s.delivered()).isEqualTo(1);
                    assertThat(s.givenUp()).isZero();
                });
    }

    @Test
    void sinkThatKeepsFailingIsGivenUpAfterFiveAttemptsAndTheNextNotificationStillGoesOut() {
        RecordingSink down = new RecordingSink("down", clock, 5);
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(down), history, scheduler, RetryPolicy.defaults(), 10);
        Instant start = clock.instant();

        dispatcher.dispatch(note("a", Severity.CRITICAL));
        dispatcher.dispatch(note("b", Severity.CRITICAL));
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(down.attempts()).as("5 attempts for a (1s, 2s, 4s, 8s apart), then b at once")
                .containsExactly(start, start.plusSeconds(1), start.plusSeconds(3), start.plusSeconds(7),
                        start.plusSeconds(15), start.plusSeconds(15));
        assertThat(down.delivered()).extracting(AlertNotification::key).containsExactly("b");
        assertThat(dispatcher.stats()).filteredOn(s -> s.name().equals("down"))
                .singleElement().satisfies(s -> assertThat(s.givenUp()).isEqualTo(1));
    }

    @Test
    void oneSinkFailingDelaysNoOtherSink() {
        RecordingSink down = new RecordingSink("down", clock, 100);
        RecordingSink fine = new RecordingSink("fine", clock);
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(down, fine), history, scheduler, RetryPolicy.defaults(), 10);

        dispatcher.dispatch(note("a", Severity.WARNING));
        dispatcher.dispatch(note("b", Severity.WARNING));
        scheduler.runDue();

        assertThat(fine.delivered()).extracting(AlertNotification::key).containsExactly("a", "b");
        assertThat(down.delivered()).isEmpty();
    }

    @Test
    void fullQueueDropsTheOldestNotification() {
        RecordingSink sink = new RecordingSink("sink", clock);
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(sink), history, scheduler, RetryPolicy.defaults(), 3);

        for (String k : List.of("k1", "k2", "k3", "k4", "k5")) {
            dispatcher.dispatch(note(k, Severity.WARNING));
        }
        scheduler.runDue();

        assertThat(sink.delivered()).extracting(AlertNotification::key).containsExactly("k3", "k4", "k5");
        assertThat(dispatcher.stats()).filteredOn(s -> s.name().equals("sink"))
                .singleElement().satisfies(s -> assertThat(s.dropped()).isEqualTo(2));
    }

    @Test
    void historyRecordsEachNotificationWithTheSinksItWentTo() {
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(new RecordingSink("log", clock), new RecordingSink("webhook", clock)),
                history, scheduler, RetryPolicy.defaults(), 10);
        dispatcher.dispatch(note("a", Severity.WARNING));
        clock.advanceSeconds(60);
        dispatcher.dispatch(note("a", Severity.RESOLVED));
        scheduler.runDue();

        assertThat(history.recent(10)).extracting(AlertHistory.Entry::key, AlertHistory.Entry::severity, AlertHistory.Entry::sinks)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", Severity.RESOLVED, List.of("log", "webhook")),
                        org.assertj.core.groups.Tuple.tuple("a", Severity.WARNING, List.of("log", "webhook")));
        assertThat(history.recent(1)).hasSize(1);
    }

    @Test
    void historyWriteThatFailsIsRetriedLikeASink() {
        AtomicInteger failures = new AtomicInteger(1);
        AlertHistory flakyStore = new AlertHistory() {
            @Override
            public void record(AlertNotification n, List<String> sinks) {
                if (failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("database busy");
                }
                history.record(n, sinks);
            }

            @Override
            public List<Entry> recent(int limit) {
                return history.recent(limit);
            }
        };
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(), flakyStore, scheduler, RetryPolicy.defaults(), 10);
        dispatcher.dispatch(note("a", Severity.WARNING));
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(history.recent(10)).hasSize(1);
    }

    @Test
    void slowSinkNeverBlocksDispatch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> slowGot = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> slowEntered = java.util.Collections.synchronizedList(new ArrayList<>());
        AlertSink slow = new AlertSink() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public void send(AlertNotification n) throws Exception {
                slowEntered.add(n.key());
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
                slowGot.add(n.key());
            }
        };
        RecordingSink fast = new RecordingSink("fast", java.time.Clock.systemUTC());
        try (AlertDispatcher dispatcher = new AlertDispatcher(List.of(slow, fast), new InMemoryAlertHistory(),
                DeliveryScheduler.virtualThreads(), RetryPolicy.defaults(), 10)) {
            for (int i = 0; i < 500; i++) {
                dispatcher.dispatch(note("k" + i, Severity.WARNING));
            }
            // Every dispatch returned while the slow sink is still stuck on its first notification.
            assertThat(release.getCount()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> settled(dispatcher, "fast"));
            assertThat(fast.delivered()).extracting(AlertNotification::key).endsWith("k499");
            assertThat(slowGot).isEmpty();

            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> settled(dispatcher, "slow"));
            // Which notification the lane was holding depends on when its worker first ran (k0 on
            // an idle machine); whichever it was is delivered, never dropped, then the newest 10.
            String stuckOn = slowEntered.get(0);
            assertThat(slowGot).as("the one it was stuck on, then the newest 10 waiting")
                    .hasSize(11).startsWith(stuckOn)
                    .endsWith("k490", "k491", "k492", "k493", "k494", "k495", "k496", "k497", "k498", "k499");
        }
    }

    private static boolean settled(AlertDispatcher dispatcher, String lane) {
        return dispatcher.stats().stream().filter(s -> s.name().equals(lane)).allMatch(s -> s.delivered() + s.dropped() == 500);
    }
}
