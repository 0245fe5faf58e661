package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.support.FakeClock;
import io.healthgate.support.InMemoryHealthStore;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Write-behind to the store port, restore at start, snapshots over time, and a store that fails. */
class HealthWriterTest {
    private final FakeClock clock = new FakeClock();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final InMemoryHealthStore store = new InMemoryHealthStore();
    private final Catalog catalog = TestCatalogs.builder().gateway("g").gateway("h")
            .model("p/sick", "g").model("p/fine", "g").model("p/gone", "g", "h").build();
    private final OfferId sick = new OfferId("g", "p/sick");
    private final OfferId fine = new OfferId("g", "p/fine");
    private final OfferId gone = new OfferId("g", "p/gone");

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** An engine and its writer, both fed by one bus, as the composition root wires them. */
    private record Wired(HealthEngine engine, HealthWriter writer, OutcomeBus bus) {
    }

    private Wired wire(HealthSettings settings) {
        HealthEngine engine = new HealthEngine(catalog, Set.of("g", "h"), settings, clock);
        HealthWriter writer = new HealthWriter(engine, store, executor);
        return new Wired(engine, writer, new OutcomeBus().subscribe(engine).subscribe(writer));
    }

    private Wired wire() {
        return wire(HealthSettings.defaults());
    }

    private static void send(OutcomeBus bus, OfferId id, OutcomeClass c, int n, Instant at) {
        for (int i = 0; i < n; i++) {
            bus.onOutcome(c == OutcomeClass.SUCCESS
                    ? Outcome.success(id, Outcome.Source.LIVE, Duration.ofMillis(120), at)
                    : Outcome.failure(id, c, Outcome.Source.PROBE, 500, c.wireName() + " upstream", at));
        }
    }

    @Test
    void aStoreThatComesBackLateRestoresOnlyOffersNotSeenSinceStartAndTheBufferedCountsAddUp() {
        Wired first = wire();
        send(first.bus(), fine, OutcomeClass.SUCCESS, 5, clock.instant());
        send(first.bus(), sick, OutcomeClass.SERVER_ERROR, 4, clock.instant());
        first.engine().rebuild();
        assertThat(first.writer().flush()).isTrue();

        clock.advanceSeconds(30); // a restart with the store down
        store.failing(true);
        Wired second = wire();
        assertThat(second.writer().restore()).isZero();
        send(second.bus(), sick, OutcomeClass.SUCCESS, 3, clock.instant()); // sick recovered while the store was away
        assertThat(second.writer().flush()).isFalse();

        store.failing(false); // back
        assertThat(second.writer().restoreLate()).as("fine only: sick has live evidence since start").isEqualTo(1);
        HealthSnapshot s = second.engine().rebuild();
        assertThat(s.offer(fine).orElseThrow().calls()).isEqualTo(5);
        assertThat(s.offer(sick).orElseThrow().consecutiveFailures()).as("not overwritten by the older stored row").isZero();
        assertThat(s.offer(sick).orElseThrow().calls()).isEqualTo(3);

        assertThat(second.writer().flush()).isTrue();
        assertThat(store.loadOffers().stream().filter(r -> r.offer().equals(sick)).findFirst().orElseThrow().callCount())
                .as("stored 4 plus the 3 buffered while it was down").isEqualTo(7);
    }

    @Test
    void statusSurvivesRestartThroughStore() {
        Wired first = wire();
        send(first.bus(), fine, OutcomeClass.SUCCESS, 5, clock.instant());
        send(first.bus(), sick, OutcomeClass.SUCCESS, 2, clock.instant());
        send(first.bus(), sick, OutcomeClass.SERVER_ERROR, 4, clock.instant());
        send(first.bus(), gone, OutcomeClass.NOT_FOUND, 2, clock.instant());
        first.engine().rebuild();
        assertThat(first.writer().flush()).isTrue();

        clock.advanceSeconds(30); // a restart
        Wired second = wire();
        assertThat(second.writer().restore()).isEqualTo(3);

        HealthSnapshot s = second.engine().snapshot();
        assertThat(s.offerStatus(fine)).isEqualTo(OfferStatus.HEALTHY);
        assertThat(s.offerStatus(sick)).isEqualTo(OfferStatus.UNHEALTHY);
        assertThat(s.offerStatus(gone)).isEqualTo(OfferStatus.DEPRECATED);
        assertThat(s.offer(sick).orElseThrow().consecutiveFailures()).isEqualTo(4);
        assertThat(s.offer(sick).orElseThrow().calls()).isEqualTo(6);
        assertThat(s.system().trackedModels()).isEqualTo(3);
        // and the restored evidence ages like any other
        clock.advance(HealthSettings.DEFAULT_ON_DEMAND.interval().multipliedBy(2).plusSeconds(1));
        assertThat(second.engine().statusOf(fine)).isEqualTo(OfferStatus.UNKNOWN);
    }

    @Test
    void flushSendsDeltasThatAddUpInTheStore() {
        Wired w = wire();
        send(w.bus(), fine, OutcomeClass.SUCCESS, 3, clock.instant());
        w.engine().rebuild();
        w.writer().flush();
        send(w.bus(), fine, OutcomeClass.SUCCESS, 2, clock.instant());
        send(w.bus(), fine, OutcomeClass.TIMEOUT, 1, clock.instant());
        send(w.bus(), fine, OutcomeClass.RATE_LIMITED, 1, clock.instant());
        w.engine().rebuild();
        w.writer().flush();

        HealthStore.OfferRecord r = store.offer(fine).orElseThrow();
        assertThat(r.callCount()).isEqualTo(7);
        assertThat(r.successCount()).isEqualTo(5);
        assertThat(r.errorCount()).isEqualTo(1);
        assertThat(r.lastOutcome()).contains(OutcomeClass.RATE_LIMITED);
        assertThat(r.upstreamModel()).isEqualTo(TestCatalogs.upstreamId("g", "p/fine"));
        assertThat(w.writer().flush()).as("nothing new").isTrue();
        assertThat(store.applyCalls()).isEqualTo(2);
    }

    @Test
    void storeFailureNeverBreaksEngine() {
        Wired w = wire();
        store.failing(true);
        send(w.bus(), fine, OutcomeClass.SUCCESS, 3, clock.instant());
        w.engine().rebuild();

        assertThat(w.writer().flush()).isFalse();
        send(w.bus(), fine, OutcomeClass.SUCCESS, 2, clock.instant());
        assertThat(w.writer().flush()).isFalse();
        w.writer().writeSnapshots();
        assertThat(w.writer().failureStreak()).isEqualTo(3);
        assertThat(w.engine().rebuild().offerStatus(fine)).isEqualTo(OfferStatus.HEALTHY);
        assertThat(w.writer().pendingOffers()).isEqualTo(1);

        store.failing(false);
        assertThat(w.writer().flush()).isTrue();
        assertThat(w.writer().failureStreak()).isZero();
        assertThat(store.offer(fine).orElseThrow().callCount()).as("nothing lost while the store was down").isEqualTo(5);
    }

    @Test
    void snapshotRowsDueWhileTheStoreIsDownAreDroppedAndCountedWhileCountersAreKept() {
        Wired w = wire();
        send(w.bus(), fine, OutcomeClass.SUCCESS, 3, clock.instant());
        w.engine().rebuild();
        store.failing(true);

        w.writer().writeSnapshots(); // system + 2 gateways + the offers of known status are due at once
        long dropped = w.writer().snapshotRowsDropped();
        assertThat(dropped).isGreaterThanOrEqualTo(3);
        assertThat(w.writer().flush()).isFalse();
        assertThat(w.writer().pendingOffers()).isEqualTo(1);

        store.failing(false);
        clock.advance(HealthSettings.DEFAULT_SYSTEM_SNAPSHOT_INTERVAL);
        w.writer().writeSnapshots();
        assertThat(w.writer().snapshotRowsDropped()).isEqualTo(dropped);
        assertThat(w.writer().flush()).isTrue();
        assertThat(store.offer(fine).orElseThrow().callCount()).isEqualTo(3);
    }

    @Test
    void restoreFromABrokenStoreStartsEmptyInsteadOfFailing() {
        store.failing(true);
        Wired w = wire();

        assertThat(w.writer().restore()).isZero();
        assertThat(w.engine().snapshot().offerStatus(fine)).isEqualTo(OfferStatus.UNKNOWN);
    }

    @Test
    void flushRunsOnTheWritersExecutorNeverTheCallersThread() {
        AtomicReference<String> flushThread = new AtomicReference<>();
        InMemoryHealthStore recording = new InMemoryHealthStore() {
            @Override
            public synchronized void applyOfferUpdates(List<OfferUpdate> updates) {
                flushThread.set(Thread.currentThread().getName());
                super.applyOfferUpdates(updates);
            }
        };
        HealthEngine engine = new HealthEngine(catalog, Set.of("g"), HealthSettings.builder().flushInterval(Duration.ofMillis(20)).build(), clock);
        HealthWriter writer = new HealthWriter(engine, recording, executor);
        writer.start();
        writer.onOutcome(Outcome.success(fine, Outcome.Source.LIVE, Duration.ofMillis(5), clock.instant()));
        assertThat(flushThread.get()).as("onOutcome only accumulates").isNull();

        await().atMost(5, TimeUnit.SECONDS).until(() -> recording.offer(fine).isPresent());
        assertThat(flushThread.get()).isNotEqualTo(Thread.currentThread().getName());
        writer.close();
    }

    @Test
    void snapshotsAreWrittenEveryMinuteOfferRowsLessOftenAndOldOnesPruned() {
        Wired w = wire();
        store.writeSystemSnapshot(new HealthStore.SystemSnapshot(clock.instant().minus(Duration.ofDays(31)), 50, 50, 1, 1, 2, 3, 1, 2));
        send(w.bus(), fine, OutcomeClass.SUCCESS, 3, clock.instant());
        w.engine().rebuild();

        w.writer().writeSnapshots();
        assertThat(store.systemSnapshots(Instant.MIN, Instant.MAX)).as("the 31-day-old row is pruned").hasSize(1);
        assertThat(store.gatewaySnapshots(Instant.MIN, Instant.MAX)).hasSize(2);
        assertThat(store.offerSnapshots()).extracting(HealthStore.OfferSnapshot::offer).containsExactly(fine);

        clock.advanceSeconds(30);
        w.writer().writeSnapshots();
        assertThat(store.systemSnapshots(Instant.MIN, Instant.MAX)).hasSize(1);
        clock.advanceSeconds(30);
        w.writer().writeSnapshots();
        assertThat(store.systemSnapshots(Instant.MIN, Instant.MAX)).hasSize(2);
        assertThat(store.offerSnapshots()).hasSize(1);

        clock.advance(HealthSettings.DEFAULT_OFFER_SNAPSHOT_INTERVAL);
        w.writer().writeSnapshots();
        assertThat(store.offerSnapshots()).hasSize(2);
        assertThat(store.uptime("p/fine", Instant.MIN, Instant.MAX)).containsEntry(fine, 1.0);
    }

    @Test
    void noSystemSnapshotIsWrittenAsZeroPercentWhenNothingIsKnown() {
        Wired w = wire();
        w.writer().writeSnapshots();

        assertThat(store.systemSnapshots(Instant.MIN, Instant.MAX)).isEmpty();
        assertThat(store.gatewaySnapshots(Instant.MIN, Instant.MAX)).hasSize(2);
    }

    @Test
    void statusChangeWithoutNewOutcomesIsWritten() {
        Wired w = wire();
        send(w.bus(), fine, OutcomeClass.SUCCESS, 3, clock.instant());
        w.engine().rebuild();
        w.writer().flush();
        assertThat(store.offer(fine).orElseThrow().status()).isEqualTo(OfferStatus.HEALTHY);

        clock.advance(HealthSettings.DEFAULT_ON_DEMAND.interval().multipliedBy(3));
        w.engine().rebuild();
        w.writer().flush();
        assertThat(store.offer(fine).orElseThrow().status()).isEqualTo(OfferStatus.UNKNOWN);
        assertThat(store.offer(fine).orElseThrow().callCount()).isEqualTo(3);
        assertThat(store.offer(fine).orElseThrow().tier()).isEqualTo(Optional.of(io.healthgate.catalog.Tier.ON_DEMAND));
    }
}
