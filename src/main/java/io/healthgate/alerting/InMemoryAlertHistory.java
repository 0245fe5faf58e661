package io.healthgate.alerting;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alert history kept in memory, newest last, bounded: used when the gateway runs without a store
 * (or the store could not be opened), so alerts are still readable from the API.
 */
public final class InMemoryAlertHistory implements AlertHistory {
    public static final int DEFAULT_CAPACITY = 500;

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();

    public InMemoryAlertHistory() {
        this(DEFAULT_CAPACITY);
    }

    public InMemoryAlertHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void record(AlertNotification n, List<String> sinks) {
        entries.addLast(new Entry(ids.incrementAndGet(), n.key(), n.severity(), n.title(), n.message(),
                n.healthPercentage(), n.at(), List.copyOf(sinks)));
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
    }

    @Override
    public synchronized List<Entry> recent(int limit) {
        List<Entry> out = new ArrayList<>(Math.min(limit, entries.size()));
        var it = entries.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return out;
    }
}
