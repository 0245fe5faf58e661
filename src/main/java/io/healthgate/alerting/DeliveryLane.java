package io.healthgate.alerting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One destination's queue. Notifications go out one at a time, in order; a failed one is retried
 * with backoff (the ones behind it wait, so order holds) and given up after the last attempt. The
 * waiting queue is bounded: when full, the oldest waiting notification is dropped, with a log line
 * (the one in flight is never dropped).
 */
final class DeliveryLane {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLane.class);

    @FunctionalInterface
    interface Delivery {
        void deliver(AlertNotification n) throws Exception;
    }

    private final String name;
    private final Delivery delivery;
    private final DeliveryScheduler scheduler;
    private final RetryPolicy retry;
    private final int capacity;

    // Guarded by this.
    /** Waiting notifications; the one being delivered (or waiting for its retry) is {@link #current}. */
    private final Deque<AlertNotification> queue = new ArrayDeque<>();
    private AlertNotification current;
    private boolean draining;
    private long dropped;
    private long delivered;
    private long givenUp;

    DeliveryLane(String name, Delivery delivery, DeliveryScheduler scheduler, RetryPolicy retry, int capacity) {
        this.name = name;
        this.delivery = delivery;
        this.scheduler = scheduler;
        this.retry = retry;
        this.capacity = capacity;
    }

    String name() {
        return name;
    }

    /** Queues a notification; never blocks beyond a short lock. */
    void offer(AlertNotification n) {
        synchronized (this) {
            if (queue.size() >= capacity) {
                AlertNotification oldest = queue.pollFirst();
                dropped++;
                log.warn("alert sink '{}' is behind ({} queued): dropped the oldest notification {} ({})",
                        name, capacity, oldest.key(), oldest.severity().wireName());
            }
            queue.addLast(n);
            if (draining) {
                return;
            }
            draining = true;
        }
        scheduler.schedule(() -> drain(1), java.time.Duration.ZERO);
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized long delivered() {
        return delivered;
    }

    synchronized long givenUp() {
        return givenUp;
    }

    /**
     * Delivers queued notifications until the queue is empty or one fails; a failure schedules a
     * retry of the same notification and returns, so the thread is never held during backoff.
     */
    private void drain(int attempt) {
        while (true) {
            AlertNotification n;
            synchronized (this) {
                if (current == null) {
                    current = queue.pollFirst();
                }
                if (current == null) {
                    draining = false;
                    return;
                }
                n = current;
            }
            try {
                delivery.deliver(n);
                synchronized (this) {
                    delivered++;
                    current = null;
                }
                attempt = 1;
            } catch (Exception | LinkageError e) {
                if (attempt >= retry.maxAttempts()) {
                    log.error("alert sink '{}' failed {} times, giving up on {} ({}): {}",
                            name, attempt, n.key(), n.severity().wireName(), describe(e));
                    synchronized (this) {
                        givenUp++;
                        current = null;
                    }
                    attempt = 1;
                    continue;
                }
                int next = attempt + 1;
                java.time.Duration wait = retry.delayBefore(next);
                log.warn("alert sink '{}' failed on {} (attempt {} of {}), retrying in {} ms: {}",
                        name, n.key(), attempt, retry.maxAttempts(), wait.toMillis(), describe(e));
                scheduler.schedule(() -> drain(next), wait);
                return;
            }
        }
    }

    /** The failure's class and message; sinks keep secrets (webhook URLs, DSNs) out of messages. */
    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
