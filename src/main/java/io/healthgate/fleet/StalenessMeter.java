package io.healthgate.fleet;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * How old the fleet's news is when it arrives: the last {@value #CAPACITY} samples (receiver's
 * clock minus the time the sender observed the event), with their median and maximum.
 * Thread-safe.
 */
public final class StalenessMeter {
    static final int CAPACITY = 1024;

    private final long[] samples = new long[CAPACITY];
    private int size;
    private int next;
    private long total;

    /** The figures shown in {@code /health/system}; empty before the first sample. */
    public record Figures(long samples, Duration p50, Duration max) {
    }

    public synchronized void record(Duration staleness) {
        long ms = Math.max(0, staleness.toMillis());
        samples[next] = ms;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
        total++;
    }

    public synchronized Optional<Figures> figures() {
        if (size == 0) {
            return Optional.empty();
        }
        long[] copy = Arrays.copyOf(samples, size);
        Arrays.sort(copy);
        return Optional.of(new Figures(total, Duration.ofMillis(copy[(size - 1) / 2]), Duration.ofMillis(copy[size - 1])));
    }
}
