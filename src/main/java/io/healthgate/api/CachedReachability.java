package io.healthgate.api;

import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What readiness says about the store, without readiness ever waiting on it: the last answer of
 * the store's own check, refreshed off the event loop when older than {@code maxAge}, one check at
 * a time. A stalled database therefore costs readiness nothing: it keeps answering at once from
 * the last reading (and says how old it is) while one check waits out its own timeout elsewhere.
 * Only the very first call, before any reading exists, waits for the first check (asynchronously).
 */
final class CachedReachability {
    /** One answer of the check, and when it was taken. */
    record Reading(boolean reachable, Instant at) {
    }

    private final BooleanSupplier check;
    private final Function<Supplier<Boolean>, Future<Boolean>> offLoop;
    private final Clock clock;
    private final Duration maxAge;
    private final AtomicReference<Reading> last = new AtomicReference<>();
    private final AtomicReference<Future<Reading>> inFlight = new AtomicReference<>();

    /**
     * @param check the store's own reachability check (blocking, bounded by its own timeout)
     * @param offLoop runs a blocking call on a worker thread (never on an event loop)
     */
    CachedReachability(BooleanSupplier check, Function<Supplier<Boolean>, Future<Boolean>> offLoop, Clock clock, Duration maxAge) {
        this.check = Objects.requireNonNull(check, "check");
        this.offLoop = Objects.requireNonNull(offLoop, "offLoop");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    /** The last reading at once when there is one (refreshing it in the background when stale); else the first check's. */
    Future<Reading> read() {
        Reading r = last.get();
        if (r == null || Duration.between(r.at(), clock.instant()).compareTo(maxAge) >= 0) {
            Future<Reading> refreshing = refresh();
            if (r == null) {
                return refreshing;
            }
        }
        return Future.succeededFuture(r);
    }

    private Future<Reading> refresh() {
        Future<Reading> running = inFlight.get();
        if (running != null) {
            return running;
        }
        io.vertx.core.Promise<Reading> promise = io.vertx.core.Promise.promise();
        if (!inFlight.compareAndSet(null, promise.future())) {
            return inFlight.get();
        }
        offLoop.apply(() -> {
            try {
                return check.getAsBoolean();
            } catch (RuntimeException e) {
                return false;
            }
        }).onComplete(ar -> {
            Reading reading = new Reading(ar.succeeded() && Boolean.TRUE.equals(ar.result()), clock.instant());
            last.set(reading);
            inFlight.set(null);
            promise.complete(reading);
        });
        return promise.future();
    }
}
