package io.healthgate.alerting;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs delivery work later, off the caller's thread. A port so tests drive time by hand
 * (a manual scheduler over a fake clock) instead of sleeping.
 */
public interface DeliveryScheduler extends AutoCloseable {

    /** Runs {@code task} after {@code delay} (zero: as soon as possible) on another thread. */
    void schedule(Runnable task, Duration delay);

    @Override
    default void close() {
    }

    /**
     * The production scheduler: one daemon timer thread that hands each due task to a new virtual
     * thread, so a sink blocked on a slow HTTP call holds no platform thread and no other sink.
     */
    static DeliveryScheduler virtualThreads() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "healthgate-alert-timer");
            t.setDaemon(true);
            return t;
        });
        ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("healthgate-alert-", 0).factory());
        return new DeliveryScheduler() {
            @Override
            public void schedule(Runnable task, Duration delay) {
                try {
                    if (delay.isZero() || delay.isNegative()) {
                        workers.execute(task);
                    } else {
                        timer.schedule(() -> workers.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // Closed: a retry asked for after the last chance at shutdown is given up.
                }
            }

            @Override
            public void close() {
                // Retries still waiting get their last try now, so a shutdown flushes the queues
                // (within the wait below) instead of dropping what was waiting for a backoff.
                for (Runnable due : timer.shutdownNow()) {
                    due.run();
                }
                workers.shutdown();
                try {
                    workers.awaitTermination(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
