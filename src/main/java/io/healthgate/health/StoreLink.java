package io.healthgate.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;

/**
 * Gets a store connected and keeps trying until it is: the first attempt runs at once on the
 * caller's thread (at start, so a reachable store is restored from before traffic flows); each
 * failure schedules the next attempt after an exponential backoff ({@link Backoff}) on the
 * store's own scheduler, never on an event loop and never in a request's way. When an attempt
 * succeeds {@code onConnected} runs (restore what was stored; the buffered writes then go out with
 * the writers' next flush). A store lost after it connected is the pool's to reconnect; the
 * writers keep their data meanwhile ({@link WriteBehind}).
 *
 * <p>Logged once when the first attempt fails and once when an attempt succeeds after failures,
 * not once per attempt. Thread-safe; attempts never overlap.
 */
public final class StoreLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreLink.class);

    /** Runs a task after a delay (the store thread's scheduler in the product, a manual one in tests). */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    /**
     * Waits between failed attempts: {@code initial} after the first failure, doubled after each
     * further one, never more than {@code max}.
     */
    public record Backoff(Duration initial, Duration max) {
        public Backoff {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.toMillis() < 1) {
                throw new IllegalArgumentException("storage.reconnect_initial_ms must be >= 1, got " + initial.toMillis());
            }
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("storage.reconnect_max_ms must be >= storage.reconnect_initial_ms ("
                        + initial.toMillis() + "), got " + max.toMillis());
            }
        }

        /** The wait after {@code failures} consecutive failed attempts (1 or more). */
        public Duration after(int failures) {
            Duration d = initial;
            for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(max) > 0 ? max : d;
        }
    }

    private final String what;
    private final Runnable connect;
    private final Runnable onConnected;
    private final Backoff backoff;
    private final Scheduler scheduler;
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile int failures;
    private volatile String lastError = "";

    /**
     * @param what the store, for the log (no secrets)
     * @param connect one blocking attempt; throws when the store cannot be reached
     * @param onConnected runs once, right after the attempt that succeeded (on that attempt's thread)
     */
    public StoreLink(String what, Runnable connect, Runnable onConnected, Backoff backoff, Scheduler scheduler) {
        this.what = Objects.requireNonNull(what, "what");
        this.connect = Objects.requireNonNull(connect, "connect");
        this.onConnected = Objects.requireNonNull(onConnected, "onConnected");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** The first attempt, on this thread; on failure the retries are scheduled. True when connected. */
    public boolean start() {
        attempt();
        return connected;
    }

    private synchronized void attempt() {
        if (closed || connected) {
            return;
        }
        try {
            connect.run();
        } catch (RuntimeException e) {
            int n = ++failures;
            lastError = e.getMessage() == null ? e.toString() : e.getMessage();
            Duration wait = backoff.after(n);
            if (n == 1) {
                log.warn("{} unreachable: {}; serving without it and retrying in {} ms (backing off to every {} ms)",
                        what, lastError, wait.toMillis(), backoff.max().toMillis());
            } else {
                log.debug("{} still unreachable (attempt {}): {}; next attempt in {} ms", what, n, lastError, wait.toMillis());
            }
            try {
                scheduler.schedule(this::attempt, wait);
            } catch (RuntimeException rejected) {
                log.debug("{}: no further attempt ({})", what, rejected.toString()); // shutting down
            }
            return;
        }
        connected = true;
        if (failures > 0) {
            log.info("{} connected after {} failed attempts", what, failures);
        }
        try {
            onConnected.run();
        } catch (RuntimeException e) {
            log.warn("{} connected, but what follows the connection failed: {}", what, e.toString());
        }
    }

    /** True once an attempt succeeded. */
    public boolean connected() {
        return connected;
    }

    /** Failed attempts so far (they stop once one succeeds). */
    public int failedAttempts() {
        return failures;
    }

    /** Why the last attempt failed; empty when none did. */
    public String lastError() {
        return lastError;
    }

    /** No further attempts (shutdown); one running now finishes. */
    @Override
    public void close() {
        closed = true;
    }
}
