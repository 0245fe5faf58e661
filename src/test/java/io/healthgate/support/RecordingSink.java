package io.healthgate.support;

import io.healthgate.alerting.AlertNotification;
import io.healthgate.alerting.AlertSink;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An alert sink that records what it got, and can be told to fail its first N attempts. */
public final class RecordingSink implements AlertSink {
    private final String name;
    private final Clock clock;
    private final AtomicInteger failuresLeft;
    private final List<AlertNotification> delivered = new ArrayList<>();
    private final List<Instant> attempts = new ArrayList<>();

    public RecordingSink(String name, Clock clock, int failFirst) {
        this.name = name;
        this.clock = clock;
        this.failuresLeft = new AtomicInteger(failFirst);
    }

    public RecordingSink(String name, Clock clock) {
        this(name, clock, 0);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(AlertNotification n) {
        synchronized (this) {
            attempts.add(clock.instant());
        }
        if (failuresLeft.getAndUpdate(x -> x > 0 ? x - 1 : x) > 0) {
            throw new IllegalStateException(name + " is down (scripted)");
        }
        synchronized (this) {
            delivered.add(n);
        }
    }

    public void failNext(int n) {
        failuresLeft.set(n);
    }

    public synchronized List<AlertNotification> delivered() {
        return List.copyOf(delivered);
    }

    public synchronized List<Instant> attempts() {
        return List.copyOf(attempts);
    }
}
