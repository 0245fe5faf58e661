package io.healthgate.routing;

import java.time.Duration;
import java.time.Instant;

/**
 * Counting calls and failures over a rolling time window, in 60 buckets. Immutable: recording
 * returns a new window, so a breaker's state can be swapped atomically.
 */
final class FailureWindow {
    private static final int BUCKETS = 60;

    private final long widthMillis;
    private final long[] slot;   // which bucket number (epochMilli / width) each position holds; -1 when empty
    private final int[] calls;
    private final int[] failures;

    private FailureWindow(long widthMillis, long[] slot, int[] calls, int[] failures) {
        this.widthMillis = widthMillis;
        this.slot = slot;
        this.calls = calls;
        this.failures = failures;
    }

    static FailureWindow empty(Duration window) {
        long width = Math.max(1, (window.toMillis() + BUCKETS - 1) / BUCKETS);
        long[] slot = new long[BUCKETS];
        java.util.Arrays.fill(slot, -1);
        return new FailureWindow(width, slot, new int[BUCKETS], new int[BUCKETS]);
    }

    FailureWindow record(Instant now, boolean failed) {
        long bucket = Math.floorDiv(now.toEpochMilli(), widthMillis);
        int i = (int) Math.floorMod(bucket, BUCKETS);
        long[] s = slot.clone();
        int[] c = calls.clone();
        int[] f = failures.clone();
        if (s[i] != bucket) {
            s[i] = bucket;
            c[i] = 0;
            f[i] = 0;
        }
        c[i]++;
        if (failed) {
            f[i]++;
        }
        return new FailureWindow(widthMillis, s, c, f);
    }

    /** Calls and failures whose bucket lies inside the window ending at {@code now}. */
    Totals totals(Instant now) {
        long current = Math.floorDiv(now.toEpochMilli(), widthMillis);
        int n = 0;
        int failed = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (slot[i] > current - BUCKETS && slot[i] <= current) {
                n += calls[i];
                failed += failures[i];
            }
        }
        return new Totals(n, failed);
    }

    record Totals(int calls, int failures) {
        double rate() {
            return calls == 0 ? 0.0 : (double) failures / calls;
        }
    }
}
