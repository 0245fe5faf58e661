package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentOutcomesTest {
    @Test
    void concurrentOutcomesLoseNoIncrements() throws Exception {
        FakeClock clock = new FakeClock();
        Catalog catalog = TestCatalogs.builder().gateway("g").model("p/hot", "g").model("p/other", "g").build();
        HealthEngine engine = new HealthEngine(catalog, Set.of("g"), HealthSettings.defaults(), clock);
        OfferId hot = new OfferId("g", "p/hot");
        OfferId other = new OfferId("g", "p/other");
        int threads = 16;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        OfferId id = (i + seed) % 4 == 0 ? other : hot;
                        if (i % 5 == 0) {
                            engine.onOutcome(Outcome.failure(id, OutcomeClass.SERVER_ERROR, Outcome.Source.LIVE, 500, "", clock.instant()));
                        } else if (i % 7 == 0) {
                            engine.onOutcome(Outcome.failure(id, OutcomeClass.RATE_LIMITED, Outcome.Source.LIVE, 429, "", clock.instant()));
                        } else {
                            engine.onOutcome(Outcome.success(id, Outcome.Source.LIVE, Duration.ofMillis(40), clock.instant()));
                        }
                        if (i % 1000 == 0) {
                            clock.advanceSeconds(1); // buckets roll while threads write
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        long expectedFailures = 0;
        long expectedRateLimited = 0;
        for (int i = 0; i < perThread; i++) {
            if (i % 5 == 0) {
                expectedFailures++;
            } else if (i % 7 == 0) {
                expectedRateLimited++;
            }
        }
        HealthSnapshot s = engine.rebuild();
        HealthSnapshot.OfferHealth a = s.offer(hot).orElseThrow();
        HealthSnapshot.OfferHealth b = s.offer(other).orElseThrow();
        long total = (long) threads * perThread;
        assertThat(a.calls() + b.calls()).isEqualTo(total);
        assertThat(a.errors() + b.errors()).isEqualTo(expectedFailures * threads);
        assertThat(a.successes() + b.successes()).isEqualTo(total - (expectedFailures + expectedRateLimited) * threads);
        assertThat(a.windowSamples() + b.windowSamples()).as("every counting sample is in the window")
                .isEqualTo(total - expectedRateLimited * threads);
    }
}
