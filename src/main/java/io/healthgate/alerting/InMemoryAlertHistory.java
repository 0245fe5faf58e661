package io.healthgate.alerting;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/** Alert history kept in memory, bounded: for runs without a database and for tests. */
public final class InMemoryAlertHistory implements AlertHistory {
    public static final int DEFAULT_CAPACITY = 1_000;

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long nextId = 1;

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
        entries.addLast(new Entry(nextId++, n.key(), n.severity(), n.title(), n.message(), n.healthPercentage(), n.at(), sinks));
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
    }

    @Override
    public synchronized List<Entry> recent(int limit) {
        List<Entry> out = new ArrayList<>();
        Iterator<Entry> it = entries.descendingIterator();
        while (it.hasNext() && out.size() < Math.max(0, limit)) {
            out.add(it.next());
        }
        return out;
    }
}
