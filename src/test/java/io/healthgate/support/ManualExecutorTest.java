package io.healthgate.support;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ManualExecutorTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final ManualExecutor executor = new ManualExecutor(clock, scheduler);
    private final List<Long> ranAt = new ArrayList<>();

    private void record() {
        ranAt.add(Duration.between(Instant.parse("2026-06-01T10:00:00Z"), clock.instant()).toSeconds());
    }

    @Test
    void aFixedDelayTaskRunsAtEachOfItsFakeTimesUntilCancelled() {
        ScheduledFuture<?> f = executor.scheduleWithFixedDelay(this::record, 0, 5, TimeUnit.SECONDS);
        scheduler.advance(Duration.ofSeconds(12));
        assertThat(ranAt).containsExactly(0L, 5L, 10L);
        assertThat(f.getDelay(TimeUnit.SECONDS)).isEqualTo(3);
        f.cancel(false);
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(ranAt).containsExactly(0L, 5L, 10L);
        assertThat(f.isCancelled()).isTrue();
    }

    @Test
    void oneShotTasksRunOnceWhenDueAndNothingRunsAfterShutdown() throws Exception {
        ScheduledFuture<String> f = executor.schedule(() -> {
            record();
            return "done";
        }, 2, TimeUnit.SECONDS);
        executor.execute(this::record);
        scheduler.runDue();
        assertThat(ranAt).containsExactly(0L);
        assertThat(f.isDone()).isFalse();
        scheduler.advance(Duration.ofSeconds(3));
        assertThat(ranAt).containsExactly(0L, 2L);
        assertThat(f.get()).isEqualTo("done");

        executor.scheduleAtFixedRate(this::record, 1, 1, TimeUnit.SECONDS);
        executor.shutdown();
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(ranAt).containsExactly(0L, 2L);
        assertThat(executor.isShutdown()).isTrue();
    }

    @Test
    void aPeriodicTaskThatThrowsStopsLikeOnARealExecutor() {
        int[] runs = {0};
        ScheduledFuture<?> f = executor.scheduleWithFixedDelay(() -> {
            runs[0]++;
            throw new IllegalStateException("boom");
        }, 0, 1, TimeUnit.SECONDS);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(runs[0]).isEqualTo(1);
        assertThat(f.isDone()).isTrue();
    }
}
