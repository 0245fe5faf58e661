package io.healthgate.api;

import io.healthgate.support.FakeClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness never waits on a store that stalls: the cached reading is answered at once, refreshed behind it, one check at a time. */
class CachedReachabilityTest {
    private final FakeClock clock = new FakeClock();
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final AtomicInteger checks = new AtomicInteger();
    /** Checks handed to the "worker" that have not finished: the test decides when each one answers. */
    private final List<Runnable> pending = new ArrayList<>();

    private final CachedReachability cache = new CachedReachability(() -> {
        checks.incrementAndGet();
        return reachable.get();
    }, this::stalledWorker, clock, Duration.ofSeconds(2));

    private Future<Boolean> stalledWorker(Supplier<Boolean> work) {
        Promise<Boolean> p = Promise.promise();
        pending.add(() -> p.complete(work.get()));
        return p.future();
    }

    private void workerFinishes() {
        List<Runnable> run = new ArrayList<>(pending);
        pending.clear();
        run.forEach(Runnable::run);
    }

    @Test
    void theFirstReadWaitsForTheFirstCheckOnly() {
        Future<CachedReachability.Reading> first = cache.read();
        assertThat(first.isComplete()).isFalse();
        workerFinishes();
        assertThat(first.result().reachable()).isTrue();
        assertThat(cache.read().isComplete()).as("a fresh reading is answered at once").isTrue();
        assertThat(checks).hasValue(1);
    }

    @Test
    void aStaleReadingIsAnsweredAtOnceWhileOneCheckStallsBehindIt() {
        cache.read();
        workerFinishes();
        clock.advance(Duration.ofSeconds(3));
        reachable.set(false);
        // the database stalls: the refresh is handed to the worker and does not finish
        for (int i = 0; i < 50; i++) {
            Future<CachedReachability.Reading> r = cache.read();
            assertThat(r.isComplete()).as("readiness call %d answered at once", i).isTrue();
            assertThat(r.result().reachable()).isTrue();
        }
        assertThat(pending).as("one check at a time, however many readiness calls").hasSize(1);
        workerFinishes();
        assertThat(cache.read().result().reachable()).as("the stalled check's answer is the next reading").isFalse();
        assertThat(checks).hasValue(2);
    }

    @Test
    void aFailingCheckReadsAsUnreachable() {
        CachedReachability throwing = new CachedReachability(() -> {
            throw new IllegalStateException("connection refused");
        }, this::stalledWorker, clock, Duration.ofSeconds(2));
        Future<CachedReachability.Reading> r = throwing.read();
        workerFinishes();
        assertThat(r.result().reachable()).isFalse();
    }
}
