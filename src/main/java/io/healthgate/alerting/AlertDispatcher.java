package io.healthgate.alerting;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Delivers every notification to every sink and records it in the history, off the caller's
 * thread. Rules:
 * <ul>
 *   <li>{@link #dispatch} only queues: it never waits on a sink or the database, so it is safe
 *       anywhere, including code that serves requests.</li>
 *   <li>Each sink has its own lane: a slow or failing sink delays nobody else.</li>
 *   <li>A failed delivery is retried with exponential backoff ({@link RetryPolicy}) and dropped
 *       after the last attempt; the history write is retried the same way.</li>
 *   <li>Each lane's queue is bounded ({@code queueCapacity}); when full, its oldest notification
 *       is dropped with a log line, so a dead sink cannot grow memory.</li>
 * </ul>
 */
public final class AlertDispatcher implements AutoCloseable {
    public static final int DEFAULT_QUEUE_CAPACITY = 100;

    private final List<DeliveryLane> lanes;
    private final List<String> sinkNames;
    private final DeliveryScheduler scheduler;

    public AlertDispatcher(List<AlertSink> sinks, AlertHistory history, DeliveryScheduler scheduler,
                           RetryPolicy retry, int queueCapacity) {
        Objects.requireNonNull(sinks, "sinks");
        Objects.requireNonNull(history, "history");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(retry, "retry");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, got " + queueCapacity);
        }
        List<String> names = sinks.stream().map(AlertSink::name).toList();
        List<DeliveryLane> ls = new ArrayList<>();
        for (AlertSink s : sinks) {
            ls.add(new DeliveryLane(s.name(), s::send, scheduler, retry, queueCapacity));
        }
        ls.add(new DeliveryLane("history", n -> history.record(n, names), scheduler, retry, queueCapacity));
        this.lanes = List.copyOf(ls);
        this.sinkNames = names;
    }

    /** Queues {@code n} for every sink and the history; returns at once. */
    public void dispatch(AlertNotification n) {
        Objects.requireNonNull(n, "notification");
        for (DeliveryLane lane : lanes) {
            lane.offer(n);
        }
    }

    public List<String> sinkNames() {
        return sinkNames;
    }

    /** Per lane (sinks, then {@code history}): delivered, given up after retries, dropped on overflow. */
    public List<LaneStats> stats() {
        return lanes.stream().map(l -> new LaneStats(l.name(), l.delivered(), l.givenUp(), l.dropped())).toList();
    }

    @Override
    public void close() {
        scheduler.close();
    }

    public record LaneStats(String name, long delivered, long givenUp, long dropped) {
    }
}
