package io.healthgate.fleet;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthSettings;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeBus;
import io.healthgate.health.OutcomeClass;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.routing.BreakerSettings;
import io.healthgate.routing.BreakerState;
import io.healthgate.routing.BreakerTransition;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Two or three instances sharing what they see through an in-memory fleet, driven step by step on a fake clock. */
class FleetSyncTest {
    private static final OfferId CHAT_ON_ALPHA = new OfferId("alpha", "acme/chat");
    private static final OfferId CHAT_ON_BETA = new OfferId("beta", "acme/chat");

    private final FakeClock clock = new FakeClock();
    private final InMemoryFleet fleet = new InMemoryFleet(clock);
    private final Catalog catalog = TestCatalogs.builder().gateway("alpha").gateway("beta")
            .model("acme/chat", "alpha", "beta").model("acme/other", "alpha").build();

    /** One gateway instance: engine, breakers, the bus, and its fleet membership. */
    private final class Node {
        final HealthEngine engine = new HealthEngine(catalog, Set.of("alpha", "beta"), HealthSettings.defaults(), clock);
        final BreakerRegistry breakers = new BreakerRegistry(BreakerSettings.DEFAULTS, clock);
        final List<BreakerTransition> transitions = new ArrayList<>();
        final FleetSync sync;
        final OutcomeBus bus = new OutcomeBus();

        Node(String id) {
            engine.circuitView(o -> breakers.state(o, clock.instant()) == BreakerState.OPEN);
            InMemoryFleet.Member m = fleet.member(id);
            sync = new FleetSync(id, () -> "http://" + id, FleetSettings.DEFAULTS, engine, breakers, m, m,
                    new ProbeSharding(m, id, FleetSettings.DEFAULT_LEASE_TIME), m, clock);
            bus.subscribe(engine).subscribe(breakers).subscribe(sync);
            breakers.subscribe(transitions::add);
            sync.join();
            sync.heartbeat();
        }

        void live(OfferId offer, OutcomeClass cls, int times) {
            for (int i = 0; i < times; i++) {
                bus.onOutcome(Outcome.failure(offer, cls, Outcome.Source.LIVE, 502, "bad gateway", clock.instant()));
            }
        }

        OfferStatus status(OfferId offer) {
            return engine.rebuild().offerStatus(offer);
        }
    }

    @Test
    void aBreakerOpenedByOneInstancesTrafficOpensOnTheOthersUntilTheSameTime() {
        Node a = new Node("a");
        Node b = new Node("b");
        Node c = new Node("c");

        a.live(CHAT_ON_ALPHA, OutcomeClass.SERVER_ERROR, 5);
        Instant until = a.breakers.view(CHAT_ON_ALPHA, clock.instant()).openUntil().orElseThrow();
        a.sync.drain();

        for (Node n : List.of(b, c)) {
            assertThat(n.breakers.state(CHAT_ON_ALPHA, clock.instant())).isEqualTo(BreakerState.OPEN);
            assertThat(n.breakers.view(CHAT_ON_ALPHA, clock.instant()).openUntil()).contains(until);
            assertThat(n.breakers.view(CHAT_ON_ALPHA, clock.instant()).reason()).contains("instance a");
            assertThat(n.transitions).singleElement().satisfies(t -> assertThat(t.fromPeer()).isTrue());
            assertThat(n.breakers.wouldPermit(CHAT_ON_BETA, clock.instant())).isTrue();
        }
        int sent = fleet.sent.size();
        b.sync.drain();
        c.sync.drain();
        assertThat(fleet.sent).hasSize(sent); // applied, never echoed back
    }

    @Test
    void aClosedBreakerClosesOnTheOthersThroughHalfOpen() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.live(CHAT_ON_ALPHA, OutcomeClass.SERVER_ERROR, 5);
        a.sync.drain();
        clock.advance(BreakerSettings.DEFAULT_OPEN_WAIT.minusSeconds(1));
        assertThat(b.breakers.state(CHAT_ON_ALPHA, clock.instant())).isEqualTo(BreakerState.OPEN);

        clock.advance(Duration.ofSeconds(2));
        assertThat(a.breakers.tryAcquirePermission(CHAT_ON_ALPHA, clock.instant())).isTrue();
        a.bus.onOutcome(Outcome.success(CHAT_ON_ALPHA, Outcome.Source.LIVE, Duration.ofMillis(80), clock.instant()));
        a.bus.onOutcome(Outcome.success(CHAT_ON_ALPHA, Outcome.Source.LIVE, Duration.ofMillis(80), clock.instant()));
        assertThat(a.breakers.state(CHAT_ON_ALPHA, clock.instant())).isEqualTo(BreakerState.CLOSED);
        a.sync.drain();

        assertThat(b.breakers.state(CHAT_ON_ALPHA, clock.instant())).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void stalenessIsTheAgeOfTheNewsWhenItArrives() {
        Node a = new Node("a");
        Node b = new Node("b");
        assertThat(b.sync.view().staleness()).isEmpty();

        a.live(CHAT_ON_ALPHA, OutcomeClass.SERVER_ERROR, 5);
        clock.advance(Duration.ofMillis(300)); // the sender's queue waits 300 ms
        a.sync.drain();

        StalenessMeter.Figures f = b.sync.view().staleness().orElseThrow();
        assertThat(f.p50()).isEqualTo(Duration.ofMillis(300));
        assertThat(f.max()).isEqualTo(Duration.ofMillis(300));
        assertThat(f.samples()).isEqualTo(1);
    }

    @Test
    void aRateLimitThrottlesTheGatewayForTheWholeFleetUntilItsRetryAfter() {
        Node a = new Node("a");
        Node b = new Node("b");
        Instant now = clock.instant();
        a.bus.onOutcome(new Outcome(CHAT_ON_BETA, OutcomeClass.RATE_LIMITED, Outcome.Source.LIVE, 429, Optional.empty(),
                Duration.ZERO, 0, 0, "rate limited", Optional.of(Duration.ofSeconds(20)), now));
        a.sync.drain();

        assertThat(b.engine.rebuild().gateways().get("beta").throttledUntil()).contains(now.plusSeconds(20));
        clock.advance(Duration.ofSeconds(21));
        assertThat(b.engine.rebuild().gateways().get("beta").throttledUntil()).isEmpty();
    }

    @Test
    void theLeaseHoldersProbeIsEvidenceForEveryoneAndCountsOnceInEachInstancesFleetSpend() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.bus.onOutcome(Outcome.success(CHAT_ON_BETA, Outcome.Source.PROBE, Duration.ofMillis(90), clock.instant()));
        a.sync.drain();

        assertThat(b.status(CHAT_ON_BETA)).isEqualTo(OfferStatus.HEALTHY);
        assertThat(b.engine.snapshot().gateways().get("beta").probes().requests()).isEqualTo(1);
        assertThat(b.engine.snapshot().offer(CHAT_ON_BETA).orElseThrow().calls()).isEqualTo(1);
    }

    @Test
    void aStatusOurEvidenceMovedIsSharedAndAppliedWhereThereIsNoNewerEvidence() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.sync.shareStatusChanges();
        b.sync.shareStatusChanges();
        a.bus.onOutcome(Outcome.success(CHAT_ON_ALPHA, Outcome.Source.LIVE, Duration.ofMillis(90), clock.instant()));
        clock.advance(Duration.ofSeconds(1));
        a.engine.rebuild();
        a.sync.shareStatusChanges();
        a.sync.drain();

        assertThat(b.status(CHAT_ON_ALPHA)).isEqualTo(OfferStatus.HEALTHY);
        assertThat(b.engine.snapshot().offer(CHAT_ON_ALPHA).orElseThrow().reason()).contains("seen by instance a");
        assertThat(b.engine.statusFromPeer(CHAT_ON_ALPHA)).isTrue();

        int sent = fleet.sent.size();
        b.sync.shareStatusChanges();
        b.sync.drain();
        assertThat(fleet.sent).hasSize(sent); // a peer's verdict is not sent on as our own

        clock.advance(Duration.ofSeconds(1));
        b.live(CHAT_ON_ALPHA, OutcomeClass.SERVER_ERROR, 3);
        assertThat(b.status(CHAT_ON_ALPHA)).isEqualTo(OfferStatus.UNHEALTHY); // newer evidence of its own wins
    }

    @Test
    void outcomesAreCountedFleetWideOnceAHeartbeat() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.bus.onOutcome(Outcome.success(CHAT_ON_ALPHA, Outcome.Source.LIVE, Duration.ofMillis(90), clock.instant()));
        a.live(CHAT_ON_ALPHA, OutcomeClass.TIMEOUT, 2);
        b.bus.onOutcome(Outcome.success(CHAT_ON_ALPHA, Outcome.Source.LIVE, Duration.ofMillis(90), clock.instant()));
        assertThat(fleet.counts(CHAT_ON_ALPHA)).isEmpty();

        a.sync.heartbeat();
        b.sync.heartbeat();

        assertThat(fleet.counts(CHAT_ON_ALPHA)).containsEntry(OutcomeClass.SUCCESS, 2L).containsEntry(OutcomeClass.TIMEOUT, 2L);
    }

    @Test
    void withRedisCutAnInstanceSaysSoServesOnItsOwnViewAndResyncsWhenItReturns() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.sync.heartbeat();
        assertThat(a.sync.view().redisUp()).isTrue();
        assertThat(InMemoryFleet.ids(a.sync.view().instances())).containsExactly("a", "b");

        fleet.cut();
        a.sync.heartbeat();
        assertThat(a.sync.view().redisUp()).isFalse();
        assertThat(a.sync.view().problem()).contains("redis unreachable");

        a.live(CHAT_ON_ALPHA, OutcomeClass.SERVER_ERROR, 5);
        a.sync.drain(); // lost: Redis is down
        assertThat(a.sync.view().lost()).isEqualTo(1);
        assertThat(a.breakers.state(CHAT_ON_ALPHA, clock.instant())).isEqualTo(BreakerState.OPEN); // its own view works
        assertThat(b.breakers.state(CHAT_ON_ALPHA, clock.instant())).isEqualTo(BreakerState.CLOSED);

        fleet.restore();
        a.sync.heartbeat(); // rejoins: sends its open breaker again
        a.sync.drain();
        assertThat(a.sync.view().redisUp()).isTrue();
        assertThat(b.breakers.state(CHAT_ON_ALPHA, clock.instant())).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void aStartingInstanceSeedsItsBreakersAndThrottlesFromTheFleet() {
        Node a = new Node("a");
        a.live(CHAT_ON_ALPHA, OutcomeClass.SERVER_ERROR, 5);
        a.bus.onOutcome(new Outcome(CHAT_ON_BETA, OutcomeClass.RATE_LIMITED, Outcome.Source.LIVE, 429, Optional.empty(),
                Duration.ZERO, 0, 0, "rate limited", Optional.of(Duration.ofSeconds(60)), clock.instant()));
        a.sync.drain();
        clock.advance(Duration.ofSeconds(5));

        Node late = new Node("late");

        assertThat(late.breakers.state(CHAT_ON_ALPHA, clock.instant())).isEqualTo(BreakerState.OPEN);
        assertThat(late.engine.rebuild().gateways().get("beta").throttledUntil()).isPresent();
    }
}
