package io.healthgate.support;

import io.healthgate.sla.OutcomeBucket;
import io.healthgate.sla.OutcomeHistory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The outcome history in a list, for tests of its readers; {@link #failing} makes every call throw. */
public final class InMemoryOutcomeHistory implements OutcomeHistory {
    private final List<OutcomeBucket> rows = new ArrayList<>();
    private volatile boolean failing;
    private int appends;

    public void failing(boolean f) {
        failing = f;
    }

    @Override
    public synchronized void append(List<OutcomeBucket> buckets) {
        check();
        appends++;
        rows.addAll(buckets);
    }

    @Override
    public synchronized void scan(Instant from, Instant to, Optional<String> gateway, Consumer<OutcomeBucket> sink) {
        check();
        rows.stream().filter(b -> !b.minute().isBefore(from) && b.minute().isBefore(to))
                .filter(b -> gateway.map(g -> g.equals(b.offer().gateway())).orElse(true))
                .sorted(Comparator.comparing(OutcomeBucket::minute).thenComparing(b -> b.offer().gateway())
                        .thenComparing(b -> b.offer().model()).thenComparing(b -> b.source().wireName()))
                .forEach(sink);
    }

    @Override
    public synchronized int pruneBefore(Instant cutoff) {
        check();
        int before = rows.size();
        rows.removeIf(b -> b.minute().isBefore(cutoff));
        return before - rows.size();
    }

    public synchronized List<OutcomeBucket> rows() {
        return List.copyOf(rows);
    }

    /** How many batches were appended. */
    public synchronized int appends() {
        return appends;
    }

    private void check() {
        if (failing) {
            throw new IllegalStateException("outcome history down (test)");
        }
    }
}
