package io.healthgate.support;

import io.healthgate.proxy.Timers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ScheduledExecutorService} over a {@link ManualScheduler}: what code that takes an
 * executor (the composition root's health schedules: snapshot refresh, probes, canaries, alert
 * evaluation) schedules runs only when the test moves the scheduler's fake clock
 * ({@link ManualScheduler#advance}), on the test's thread, at its own fake time. Periodic tasks
 * schedule their next run after each run (fixed rate is treated as fixed delay: a task here takes
 * no fake time).
 */
public final class ManualExecutor extends AbstractExecutorService implements ScheduledExecutorService {
    private final FakeClock clock;
    private final ManualScheduler scheduler;
    private volatile boolean shutdown;

    /** @param scheduler the scheduler over {@code clock} that the test moves */
    public ManualExecutor(FakeClock clock, ManualScheduler scheduler) {
        this.clock = clock;
        this.scheduler = scheduler;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(() -> {
            command.run();
            return null;
        }, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Task<V> task = new Task<>();
        task.arm(Duration.ofNanos(unit.toNanos(delay)), () -> {
            try {
                task.result.complete(callable.call());
            } catch (Exception e) {
                task.result.completeExceptionally(e);
            }
        });
        return task;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return scheduleWithFixedDelay(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        Task<Void> task = new Task<>();
        Duration every = Duration.ofNanos(unit.toNanos(delay));
        Runnable[] again = new Runnable[1];
        again[0] = () -> {
            try {
                command.run();
            } catch (RuntimeException e) {
                task.result.completeExceptionally(e); // as a real executor does: the schedule stops
                return;
            }
            task.arm(every, again[0]);
        };
        task.arm(Duration.ofNanos(unit.toNanos(initialDelay)), again[0]);
        return task;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    /** One scheduled task: its result, and the handle of its next run in the manual scheduler. */
    private final class Task<V> implements ScheduledFuture<V> {
        final CompletableFuture<V> result = new CompletableFuture<>();
        private volatile Timers.Scheduled next;
        private volatile java.time.Instant due = java.time.Instant.MAX;

        void arm(Duration delay, Runnable run) {
            if (shutdown || result.isDone()) {
                return;
            }
            due = clock.instant().plus(delay);
            next = scheduler.schedule(delay, () -> {
                if (!shutdown && !result.isDone()) {
                    run.run();
                }
            });
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due).toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Timers.Scheduled n = next;
            if (n != null) {
                n.cancel();
            }
            return result.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return result.isCancelled();
        }

        @Override
        public boolean isDone() {
            return result.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return result.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return result.get(timeout, unit);
        }
    }
}
