package io.healthgate.store;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;
import io.healthgate.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/** Leases, fleet counters and views on a real Redis, two "instances" per test. */
class RedisCacheTest {
    static final OfferId OFFER = new OfferId("openrouter", "meta-llama/llama-3.3-70b-instruct");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration LONG_TTL = Duration.ofSeconds(30);

    private final List<RedisCache> opened = new ArrayList<>();
    private String prefix;
    private RedisCache a;
    private RedisCache b;

    @BeforeEach
    void connect() {
        TestRedis.requireAvailable();
        prefix = TestRedis.freshPrefix();
        a = instance("instance-a");
        b = instance("instance-b");
    }

    @AfterEach
    void cleanUp() {
        opened.forEach(RedisCache::close);
        if (prefix == null) {
            return;
        }
        RedisClient client = RedisClient.create(TestRedis.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanIterator.scan(c.sync(), ScanArgs.Builder.matches(prefix + "*")).stream().forEach(k -> c.sync().del(k));
        } finally {
            client.shutdown();
        }
    }

    private RedisCache instance(String owner) {
        RedisCache cache = RedisCache.connect(TestRedis.url(), owner, prefix, Duration.ofMinutes(90));
        opened.add(cache);
        return cache;
    }

    private long pttl(String key) {
        RedisClient client = RedisClient.create(TestRedis.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().pttl(key);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void onlyOneInstanceHoldsALeaseAndItsHolderMayTakeItAgain() {
        assertThat(a.tryAcquire(OFFER, LONG_TTL)).isTrue();
        assertThat(b.tryAcquire(OFFER, LONG_TTL)).isFalse();
        assertThat(a.tryAcquire(OFFER, LONG_TTL)).isTrue();
        assertThat(b.holder(OFFER)).contains("instance-a");
    }

    @Test
    void onlyTheHolderRenewsALease() {
        a.tryAcquire(OFFER, Duration.ofSeconds(5));

        assertThat(b.renew(OFFER, Duration.ofMinutes(10))).isFalse();
        assertThat(pttl(a.leaseKey(OFFER))).isBetween(1L, 5_000L);
        assertThat(a.renew(OFFER, Duration.ofMinutes(10))).isTrue();
        assertThat(pttl(a.leaseKey(OFFER))).isBetween(5_001L, 600_000L);
    }

    @Test
    void releaseByAnotherInstanceLeavesTheLeaseAlone() {
        a.tryAcquire(OFFER, LONG_TTL);

        b.release(OFFER);
        assertThat(a.holder(OFFER)).contains("instance-a");

        a.release(OFFER);
        assertThat(a.holder(OFFER)).isEmpty();
        assertThat(b.tryAcquire(OFFER, LONG_TTL)).isTrue();
    }

    @Test
    void leaseOfAnInstanceThatStopsRenewingLapsesAndAnotherTakesOver() {
        assertThat(a.tryAcquire(OFFER, Duration.ofMillis(150))).isTrue();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> b.tryAcquire(OFFER, LONG_TTL));

        assertThat(a.holder(OFFER)).contains("instance-b");
        assertThat(a.renew(OFFER, LONG_TTL)).as("a lapsed holder cannot take it back by renewing").isFalse();
    }

    @Test
    void racingInstancesGiveALeaseToExactlyOne() throws Exception {
        List<RedisCache> racers = List.of(a, b, instance("instance-c"), instance("instance-d"));
        ExecutorService pool = Executors.newFixedThreadPool(racers.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> won = new ArrayList<>();
            for (RedisCache racer : racers) {
                won.add(pool.submit(() -> {
                    start.await();
                    return racer.tryAcquire(OFFER, LONG_TTL);
                }));
            }
            start.countDown();
            long winners = 0;
            for (Future<Boolean> f : won) {
                winners += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fleetCountersAddUpAcrossInstancesPerMinuteBucket() {
        a.add(OFFER, OutcomeClass.SUCCESS, 5, T0);
        b.add(OFFER, OutcomeClass.SUCCESS, 3, T0.plusSeconds(59));
        b.add(OFFER, OutcomeClass.SERVER_ERROR, 2, T0.plusSeconds(61));
        a.add(OFFER, OutcomeClass.RATE_LIMITED, 1, T0.plusSeconds(180));
        a.add(new OfferId("groq", OFFER.model()), OutcomeClass.SERVER_ERROR, 9, T0);

        assertThat(b.counts(OFFER, T0, T0.plusSeconds(240)))
                .containsOnly(entry(OutcomeClass.SUCCESS, 8L), entry(OutcomeClass.SERVER_ERROR, 2L), entry(OutcomeClass.RATE_LIMITED, 1L));
        assertThat(a.counts(OFFER, T0.plusSeconds(60), T0.plusSeconds(120)))
                .containsOnly(entry(OutcomeClass.SERVER_ERROR, 2L));
        assertThat(a.counts(OFFER, T0.plusSeconds(120), T0.plusSeconds(180))).isEmpty();
        assertThat(a.counts(OFFER, T0, T0)).isEmpty();
    }

    @Test
    void everyCounterBucketExpiresAfterTheRetention() {
        a.add(OFFER, OutcomeClass.TIMEOUT, 1, T0);

        assertThat(pttl(a.counterKey(OFFER, RedisCache.minute(T0))))
                .isBetween(Duration.ofMinutes(89).toMillis(), Duration.ofMinutes(90).toMillis());
    }

    @Test
    void concurrentInstancesLoseNoCounterIncrements() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                RedisCache cache = t % 2 == 0 ? a : b;
                done.add(pool.submit((Callable<Object>) () -> {
                    for (int i = 0; i < 100; i++) {
                        cache.add(OFFER, OutcomeClass.SUCCESS, 1, T0);
                    }
                    return null;
                }));
            }
            for (Future<Object> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(a.counts(OFFER, T0, T0.plusSeconds(60))).containsOnly(entry(OutcomeClass.SUCCESS, 800L));
    }

    @Test
    void publishedViewIsSharedUnderItsStableKeyAndCarriesItsTtl() {
        a.publish("health:system", "{\"health_percentage\":97.5}", Duration.ofSeconds(20));

        assertThat(b.view("health:system")).contains("{\"health_percentage\":97.5}");
        assertThat(pttl(prefix + "health:system")).isBetween(1L, 20_000L);
        assertThat(b.view("health:gateways")).isEmpty();
    }

    @Test
    void closedCacheIsNotReachable() {
        assertThat(a.isReachable()).isTrue();

        a.close();

        assertThat(a.isReachable()).isFalse();
        assertThatThrownBy(() -> a.holder(OFFER)).isInstanceOf(StoreException.class);
    }

    @Test
    void unreachableRedisGivesAClearErrorWithoutThePassword() {
        assertThatThrownBy(() -> RedisCache.connect("redis://:hunter2@127.0.0.1:1", "x"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to Redis redis://***@127.0.0.1:1")
                .hasMessageNotContaining("hunter2");
    }
}
