package io.healthgate.store;

import io.healthgate.catalog.OfferId;
import io.healthgate.fleet.FleetEvent;
import io.healthgate.fleet.FleetMessage;
import io.healthgate.fleet.Instance;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.routing.BreakerState;
import io.healthgate.support.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fleet channel and instance registry on a real Redis, two instances per test, each test under its own key prefix. */
class RedisFleetTest {
    private static final OfferId OFFER = new OfferId("groq", "meta-llama/llama-3.3-70b-instruct");

    private String prefix;
    private RedisCache cacheA;
    private RedisCache cacheB;
    private RedisFleet a;
    private RedisFleet b;

    @BeforeEach
    void connect() {
        TestRedis.requireAvailable();
        prefix = TestRedis.freshPrefix();
        cacheA = RedisCache.connect(TestRedis.url(), "a", prefix, Duration.ofMinutes(5));
        cacheB = RedisCache.connect(TestRedis.url(), "b", prefix, Duration.ofMinutes(5));
        a = new RedisFleet(cacheA, Clock.systemUTC());
        b = new RedisFleet(cacheB, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, cacheA, cacheB}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing a test's connections
            }
        }
        if (prefix != null) {
            TestRedis.deleteKeys(prefix);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void everyPublishedMessageReachesEveryListenerIntact() {
        List<FleetMessage> seen = new CopyOnWriteArrayList<>();
        b.listen(seen::add);
        FleetMessage open = new FleetMessage("a", now(), new FleetEvent.BreakerChanged(OFFER, BreakerState.OPEN,
                Optional.of(now().plusSeconds(30)), "5 consecutive failures"));
        FleetMessage probe = new FleetMessage("a", now(), new FleetEvent.Probed(
                Outcome.success(OFFER, Outcome.Source.PROBE, Duration.ofMillis(120), now())));

        a.publish(open);
        a.publish(probe);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(seen).containsExactly(open, probe));
    }

    @Test
    void theNewestStatePerKeyIsKeptForLateJoinersButProbesAreNot() {
        Instant t = now();
        a.publish(new FleetMessage("a", t, new FleetEvent.StatusChanged(OFFER, OfferStatus.UNHEALTHY, "3 failures")));
        a.publish(new FleetMessage("a", t.plusMillis(5), new FleetEvent.StatusChanged(OFFER, OfferStatus.HEALTHY, "recovered")));
        a.publish(new FleetMessage("a", t, new FleetEvent.Throttled("groq", "gateway", t.plusSeconds(20))));
        a.publish(new FleetMessage("a", t, new FleetEvent.Probed(Outcome.success(OFFER, Outcome.Source.PROBE, Duration.ofMillis(5), t))));

        List<FleetMessage> recent = b.recent(Duration.ofMinutes(1));

        assertThat(recent).extracting(FleetMessage::event).containsExactlyInAnyOrder(
                new FleetEvent.StatusChanged(OFFER, OfferStatus.HEALTHY, "recovered"),
                new FleetEvent.Throttled("groq", "gateway", t.plusSeconds(20)));
    }

    @Test
    void theRegistryListsLiveInstancesWithTheirLeasesAndForgetsOnesThatLeft() {
        Instant t = now();
        a.heartbeat(new Instance("a", t.minusSeconds(60), t, 7, "http://127.0.0.1:1"));
        b.heartbeat(new Instance("b", t.minusSeconds(10), t, 5, "http://127.0.0.1:2"));
        b.heartbeat(new Instance("stale", t.minusSeconds(100), t.minusSeconds(45), 3, ""));

        List<Instance> live = a.live(Duration.ofSeconds(30));
        assertThat(live).extracting(Instance::id).containsExactly("a", "b");
        assertThat(live.get(0).leasesHeld()).isEqualTo(7);
        assertThat(live.get(0).started()).isEqualTo(t.minusSeconds(60));

        a.leave("a");
        assertThat(b.live(Duration.ofSeconds(30))).extracting(Instance::id).containsExactly("b");
    }
}
