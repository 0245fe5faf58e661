package io.healthgate.support;

import io.healthgate.alerting.DeliveryScheduler;
import io.healthgate.proxy.Timers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A scheduler driven by hand over a {@link FakeClock}: tasks run only when a test calls
 * {@link #runDue()} or {@link #advance}, on the test's thread, in due-time order. So retry and
 * backoff logic (and a request journey's deadlines and hedges, as its {@link Timers}) is tested as
 * a timeline, never with sleeps.
 */
public final class ManualScheduler implements DeliveryScheduler, Timers {
    private final FakeClock clock;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private final List<Instant> scheduledAt = new ArrayList<>();
    private long seq;

    public ManualScheduler(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        schedule(delay, task);
    }

    /** As {@link Timers}: the returned handle takes the task out of the queue. */
    @Override
    public synchronized Scheduled schedule(Duration delay, Runnable action) {
        Instant due = clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay);
        scheduledAt.add(due);
        Task t = new Task(due, seq++, action);
        tasks.add(t);
        return () -> {
            synchronized (ManualScheduler.this) {
                tasks.remove(t);
            }
        };
    }

    /** Runs every task due now (including ones they schedule for now); returns how many ran. */
    public int runDue() {
        int ran = 0;
        while (true) {
            Task t;
            synchronized (this) {
                t = tasks.peek();
                if (t == null || t.due.isAfter(clock.instant())) {
                    return ran;
                }
                tasks.poll();
            }
            t.task.run();
            ran++;
        }
    }

    /** Moves time forward by {@code d}, stopping at each due task to run it at its own time. */
    public void advance(Duration d) {
        Instant end = clock.instant().plus(d);
        while (true) {
            runDue();
            Instant next;
            synchronized (this) {
                Task t = tasks.peek();
                next = t == null ? null : t.due;
            }
            if (next == null || next.isAfter(end)) {
                clock.set(end);
                runDue();
                return;
            }
            clock.set(next);
        }
    }

    public synchronized int pending() {
        return tasks.size();
    }

    /** The due time of every task ever scheduled, in scheduling order. */
    public synchronized List<Instant> scheduledTimes() {
        return List.copyOf(scheduledAt);
    }

    private record Task(Instant due, long seq, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
