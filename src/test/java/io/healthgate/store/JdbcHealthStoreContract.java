package io.healthgate.store;

import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.health.GatewayStatus;
import io.healthgate.health.HealthStore.GatewaySnapshot;
import io.healthgate.health.HealthStore.OfferRecord;
import io.healthgate.health.HealthStore.OfferSnapshot;
import io.healthgate.health.HealthStore.OfferUpdate;
import io.healthgate.health.HealthStore.SystemSnapshot;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.OutcomeClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.healthgate.store.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * What every dialect of the JDBC store must do. Subclasses supply a fresh, empty database per
 * test ({@link #freshDatabaseUrl()}) and drop it afterwards.
 */
abstract class JdbcHealthStoreContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final OfferId GROQ_LLAMA = new OfferId("groq", "meta-llama/llama-3.3-70b-instruct");
    static final OfferId TOGETHER_LLAMA = new OfferId("together", "meta-llama/llama-3.3-70b-instruct");
    static final OfferId OPENAI_GPT = new OfferId("openai", "openai/gpt-4o-mini");

    String url;
    Database database;
    JdbcHealthStore store;

    /** A URL of a new, empty database for one test. */
    abstract String freshDatabaseUrl();

    /** Removes what {@link #freshDatabaseUrl()} made. */
    abstract void dropDatabase();

    @BeforeEach
    void openStore() {
        url = freshDatabaseUrl();
        database = Database.open(url);
        store = new JdbcHealthStore(database);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
        dropDatabase();
    }

    @Test
    void migrationsApplyFromEmptyAndReopeningChangesNothing() throws SQLException {
        assertThat(appliedMigrations(database)).containsExactly("1", "2", "3");
        store.applyOfferUpdates(List.of(update(GROQ_LLAMA, T0).counts(3, 2, 1, 0).build()));

        try (Database reopened = Database.open(url)) {
            assertThat(appliedMigrations(reopened)).containsExactly("1", "2", "3");
            assertThat(new JdbcHealthStore(reopened).loadOffers()).singleElement()
                    .satisfies(r -> assertThat(r.callCount()).isEqualTo(3));
        }
    }

    @Test
    void upsertedOfferIsRestoredWithEveryField() {
        store.applyOfferUpdates(List.of(update(GROQ_LLAMA, T0.plusSeconds(9))
                .provider("meta-llama", "llama-3.3-70b-versatile")
                .status(OfferStatus.DEGRADED).tier(Tier.CRITICAL)
                .counts(10, 7, 2, 1).consecutiveFailures(2)
                .lastCalled(T0.plusSeconds(8)).lastSuccess(T0.plusSeconds(5)).lastFailure(T0.plusSeconds(8))
                .lastNotFound(T0.plusSeconds(3))
                .outcome(OutcomeClass.SERVER_ERROR, "HTTP 502 from upstream")
                .latency(Duration.ofMillis(420), Duration.ofMillis(1800))
                .build()));

        assertThat(store.loadOffers()).containsExactly(new OfferRecord(GROQ_LLAMA, "meta-llama", "llama-3.3-70b-versatile",
                OfferStatus.DEGRADED, Optional.of(Tier.CRITICAL), 10, 7, 2, 1, 2,
                Optional.of(T0.plusSeconds(8)), Optional.of(T0.plusSeconds(5)), Optional.of(T0.plusSeconds(8)),
                Optional.of(T0.plusSeconds(3)), Optional.of(T0.plusSeconds(3)),
                Optional.of(OutcomeClass.SERVER_ERROR), "HTTP 502 from upstream",
                Optional.of(Duration.ofMillis(420)), Optional.of(Duration.ofMillis(1800)),
                T0.plusSeconds(9), T0.plusSeconds(9)));
    }

    @Test
    void laterUpdateAddsCountersAndOverwritesOnlyWhatItCarries() {
        store.applyOfferUpdates(List.of(update(GROQ_LLAMA, T0)
                .provider("meta-llama", "llama-3.3-70b-versatile").tier(Tier.POPULAR)
                .counts(5, 4, 1, 1).consecutiveFailures(1)
                .lastCalled(T0).lastSuccess(T0.minusSeconds(10)).lastFailure(T0).lastNotFound(T0.minusSeconds(60))
                .outcome(OutcomeClass.TIMEOUT, "no first byte in 30 s")
                .latency(Duration.ofMillis(300), Duration.ofMillis(900)).build()));
        store.applyOfferUpdates(List.of(update(GROQ_LLAMA, T0.plusSeconds(60))
                .status(OfferStatus.HEALTHY).counts(3, 3, 0, 2)
                .lastCalled(T0.plusSeconds(59)).lastSuccess(T0.plusSeconds(59)).lastNotFound(T0.plusSeconds(30))
                .build()));

        OfferRecord r = store.loadOffers().getFirst();
        assertThat(r.callCount()).isEqualTo(8);
        assertThat(r.successCount()).isEqualTo(7);
        assertThat(r.errorCount()).isEqualTo(1);
        assertThat(r.notFoundCount()).isEqualTo(3);
        assertThat(r.status()).isEqualTo(OfferStatus.HEALTHY);
        assertThat(r.consecutiveFailures()).isZero();
        assertThat(r.lastCalled()).contains(T0.plusSeconds(59));
        assertThat(r.lastSuccess()).contains(T0.plusSeconds(59));
        assertThat(r.lastFailure()).as("absent in the later update: kept").contains(T0);
        assertThat(r.firstNotFound()).as("set only once").contains(T0.minusSeconds(60));
        assertThat(r.lastNotFound()).contains(T0.plusSeconds(30));
        assertThat(r.provider()).isEqualTo("meta-llama");
        assertThat(r.upstreamModel()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(r.tier()).contains(Tier.POPULAR);
        assertThat(r.lastOutcome()).contains(OutcomeClass.TIMEOUT);
        assertThat(r.lastError()).isEqualTo("no first byte in 30 s");
        assertThat(r.latencyP50()).contains(Duration.ofMillis(300));
        assertThat(r.createdAt()).isEqualTo(T0);
        assertThat(r.updatedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aSlowWriterNeverMovesLastTimesBackwards() {
        store.applyOfferUpdates(List.of(update(GROQ_LLAMA, T0).counts(1, 1, 0, 0)
                .lastCalled(T0.plusSeconds(100)).lastSuccess(T0.plusSeconds(100)).build()));
        store.applyOfferUpdates(List.of(update(GROQ_LLAMA, T0).counts(1, 0, 1, 0)
                .lastCalled(T0.plusSeconds(40)).lastFailure(T0.plusSeconds(40)).build()));

        OfferRecord r = store.loadOffers().getFirst();
        assertThat(r.lastCalled()).contains(T0.plusSeconds(100));
        assertThat(r.lastFailure()).contains(T0.plusSeconds(40));
        assertThat(r.callCount()).isEqualTo(2);
    }

    @Test
    void absentFieldsAreStoredAsNullAndReadBackAsAbsent() {
        store.applyOfferUpdates(List.of(update(OPENAI_GPT, T0).status(OfferStatus.UNKNOWN).build()));

        assertThat(store.loadOffers()).containsExactly(new OfferRecord(OPENAI_GPT, null, null, OfferStatus.UNKNOWN,
                Optional.empty(), 0, 0, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), null, Optional.empty(), Optional.empty(), T0, T0));
    }

    @Test
    void negativeDeltaIsRejectedBeforeAnythingIsWritten() {
        List<OfferUpdate> batch = List.of(update(GROQ_LLAMA, T0).counts(1, 1, 0, 0).build(),
                update(OPENAI_GPT, T0).counts(-1, 0, 0, 0).build());

        assertThatThrownBy(() -> store.applyOfferUpdates(batch))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calls=-1");
        assertThat(store.loadOffers()).isEmpty();
    }

    /**
     * Eight threads on two pools (as two instances would be), each applying 200 batches of +1 to
     * the same two offers, in opposite orders on alternate threads: the totals must be exact.
     */
    @Test
    void concurrentWritersLoseNoIncrements() throws Exception {
        int threads = 8;
        int batches = 200;
        try (Database second = Database.open(url)) {
            JdbcHealthStore[] stores = {store, new JdbcHealthStore(second)};
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < batches; i++) {
                            Instant at = T0.plusMillis((long) thread * batches + i);
                            OfferUpdate a = update(GROQ_LLAMA, at).counts(1, 1, 0, 0).lastCalled(at).build();
                            OfferUpdate b = update(TOGETHER_LLAMA, at).counts(1, 0, 1, 0).lastFailure(at).build();
                            stores[thread % 2].applyOfferUpdates((thread + i) % 2 == 0 ? List.of(a, b) : List.of(b, a));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        long total = (long) threads * batches;
        Instant latest = T0.plusMillis(total - 1);
        assertThat(store.loadOffers()).extracting(OfferRecord::offer, OfferRecord::callCount,
                        OfferRecord::successCount, OfferRecord::errorCount)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(GROQ_LLAMA, total, total, 0L),
                        org.assertj.core.groups.Tuple.tuple(TOGETHER_LLAMA, total, 0L, total));
        Map<OfferId, OfferRecord> byOffer = store.loadOffers().stream()
                .collect(java.util.stream.Collectors.toMap(OfferRecord::offer, r -> r));
        assertThat(byOffer.get(GROQ_LLAMA).lastCalled()).contains(latest);
        assertThat(byOffer.get(TOGETHER_LLAMA).lastFailure()).contains(latest);
    }

    @Test
    void systemSnapshotsComeBackOldestFirstWithinTheHalfOpenRange() {
        SystemSnapshot s0 = new SystemSnapshot(T0, 79.0, 68.5, 300, 80, 380, 387, 21, 31);
        SystemSnapshot s1 = new SystemSnapshot(T0.plusSeconds(60), 91.25, 90.0, 350, 30, 380, 387, 28, 31);
        SystemSnapshot s2 = new SystemSnapshot(T0.plusSeconds(120), 95.5, 90.0, 360, 20, 380, 387, 29, 31);
        store.writeSystemSnapshot(s2);
        store.writeSystemSnapshot(s0);
        store.writeSystemSnapshot(s1);

        assertThat(store.systemSnapshots(T0, T0.plusSeconds(180))).containsExactly(s0, s1, s2);
        assertThat(store.systemSnapshots(T0.plusSeconds(60), T0.plusSeconds(120))).containsExactly(s1);
        assertThat(store.systemSnapshots(T0.plusSeconds(121), T0.plusSeconds(180))).isEmpty();
    }

    @Test
    void gatewaySnapshotsRoundTripWithOptionalLatency() {
        GatewaySnapshot groq = new GatewaySnapshot(T0, "groq", GatewayStatus.HEALTHY, 12, 12, 0.0, Optional.of(Duration.ofMillis(210)));
        GatewaySnapshot xai = new GatewaySnapshot(T0, "xai", GatewayStatus.OUT_OF_CREDITS, 0, 4, 0.0, Optional.empty());
        GatewaySnapshot later = new GatewaySnapshot(T0.plusSeconds(60), "groq", GatewayStatus.DEGRADED, 10, 12, 0.125, Optional.of(Duration.ofMillis(640)));
        store.writeGatewaySnapshots(List.of(later, xai, groq));

        assertThat(store.gatewaySnapshots(T0, T0.plusSeconds(61))).containsExactly(groq, xai, later);
        assertThat(store.gatewaySnapshots(T0.plusSeconds(1), T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void uptimeIsTheShareOfHealthyOrDegradedSnapshotsPerOfferInRange() {
        String model = GROQ_LLAMA.model();
        store.writeOfferSnapshots(List.of(
                new OfferSnapshot(T0, GROQ_LLAMA, OfferStatus.HEALTHY, 1.0, 10),
                new OfferSnapshot(T0.plusSeconds(600), GROQ_LLAMA, OfferStatus.DEGRADED, 0.9, 10),
                new OfferSnapshot(T0.plusSeconds(1200), GROQ_LLAMA, OfferStatus.UNHEALTHY, 0.2, 10),
                new OfferSnapshot(T0.plusSeconds(1800), GROQ_LLAMA, OfferStatus.UNKNOWN, 0.0, 0),
                new OfferSnapshot(T0, TOGETHER_LLAMA, OfferStatus.HEALTHY, 1.0, 3),
                new OfferSnapshot(T0.plusSeconds(600), TOGETHER_LLAMA, OfferStatus.HEALTHY, 1.0, 3),
                new OfferSnapshot(T0.minusSeconds(1), new OfferId("deepinfra", model), OfferStatus.UNHEALTHY, 0.0, 5),
                new OfferSnapshot(T0, OPENAI_GPT, OfferStatus.UNHEALTHY, 0.0, 5)));

        assertThat(store.uptime(model, T0, T0.plusSeconds(3600)))
                .containsExactly(entry(GROQ_LLAMA, 0.5), entry(TOGETHER_LLAMA, 1.0));
        assertThat(store.uptime(model, T0.plusSeconds(1200), T0.plusSeconds(3600)))
                .containsExactly(entry(GROQ_LLAMA, 0.0));
        assertThat(store.uptime("no/such-model", T0, T0.plusSeconds(3600))).isEmpty();
    }

    @Test
    void pruneRemovesOnlySnapshotsOlderThanTheCutoff() {
        Instant cutoff = T0.plus(Duration.ofDays(30));
        store.writeSystemSnapshot(new SystemSnapshot(T0, 80, 90, 1, 1, 2, 3, 1, 2));
        store.writeSystemSnapshot(new SystemSnapshot(cutoff, 81, 90, 1, 1, 2, 3, 1, 2));
        store.writeGatewaySnapshots(List.of(
                new GatewaySnapshot(T0, "groq", GatewayStatus.HEALTHY, 1, 1, 0, Optional.empty()),
                new GatewaySnapshot(cutoff.minusMillis(1), "xai", GatewayStatus.DOWN, 0, 1, 1, Optional.empty()),
                new GatewaySnapshot(cutoff.plusSeconds(60), "groq", GatewayStatus.HEALTHY, 1, 1, 0, Optional.empty())));
        store.writeOfferSnapshots(List.of(
                new OfferSnapshot(T0, GROQ_LLAMA, OfferStatus.HEALTHY, 1, 1),
                new OfferSnapshot(cutoff, GROQ_LLAMA, OfferStatus.HEALTHY, 1, 1)));

        assertThat(store.pruneSnapshotsBefore(cutoff)).isEqualTo(4);

        Instant end = cutoff.plus(Duration.ofDays(1));
        assertThat(store.systemSnapshots(T0, end)).extracting(SystemSnapshot::at).containsExactly(cutoff);
        assertThat(store.gatewaySnapshots(T0, end)).extracting(GatewaySnapshot::at).containsExactly(cutoff.plusSeconds(60));
        assertThat(store.uptime(GROQ_LLAMA.model(), T0, end)).containsExactly(entry(GROQ_LLAMA, 1.0));
        assertThat(store.pruneSnapshotsBefore(cutoff)).isZero();
    }

    @Test
    void deleteOffersRemovesExactlyTheGivenOffers() {
        store.applyOfferUpdates(List.of(update(GROQ_LLAMA, T0).build(), update(TOGETHER_LLAMA, T0).build(),
                update(OPENAI_GPT, T0).build()));

        int removed = store.deleteOffers(List.of(OPENAI_GPT, GROQ_LLAMA, new OfferId("xai", "grok-0")));

        assertThat(removed).isEqualTo(2);
        assertThat(store.loadOffers()).extracting(OfferRecord::offer).containsExactly(TOGETHER_LLAMA);
        assertThat(store.deleteOffers(List.of())).isZero();
    }

    @Test
    void openStoreIsReachableAndAClosedOneIsNotAndRefusesWork() {
        assertThat(store.isReachable()).isTrue();

        store.close();

        assertThat(store.isReachable()).isFalse();
        assertThatThrownBy(() -> store.applyOfferUpdates(List.of(update(GROQ_LLAMA, T0).build())))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
        assertThat(new JdbcHealthStore(database).isReachable()).as("the shared database stays open").isTrue();
    }

    @Test
    void storeIsNotReachableOnceItsDatabaseIsClosed() {
        database.close();

        assertThat(store.isReachable()).isFalse();
        assertThatThrownBy(store::loadOffers).isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    @Test
    void storeOpenedFromAUrlOwnsAndClosesItsDatabase() {
        JdbcHealthStore owned = JdbcHealthStore.open(url);
        assertThat(owned.isReachable()).isTrue();

        owned.close();

        assertThat(owned.database().isClosed()).isTrue();
        assertThat(store.isReachable()).as("another pool on the same database is unaffected").isTrue();
    }

    @Test
    void alertHistoryAndCleanupLogTablesNumberTheirRows() {
        List<Long> alertIds = database.inTransaction("insert alerts", c -> List.of(
                insertAlert(c, "health.overall", 82.5), insertAlert(c, "gateway.xai.no_credits", null)));
        List<Long> cleanupIds = database.inTransaction("insert cleanup log", c -> List.of(
                insertCleanup(c, "groq", null), insertCleanup(c, "xai", T0)));

        assertThat(alertIds.get(1)).isGreaterThan(alertIds.get(0));
        assertThat(cleanupIds.get(1)).isGreaterThan(cleanupIds.get(0));
        Double nullable = database.withConnection("read alert", c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT health_percentage FROM alert_history WHERE alert_key = 'gateway.xai.no_credits'")) {
                rs.next();
                double v = rs.getDouble(1);
                return rs.wasNull() ? null : v;
            }
        });
        assertThat(nullable).isNull();
    }

    private static long insertAlert(Connection c, String key, Double health) throws SQLException {
        String sql = "INSERT INTO alert_history (alert_key, severity, title, message, health_percentage, created_at, sinks) "
                + "VALUES (?, 'warning', 'Health below 90%', 'details', ?, ?, 'log,webhook')";
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            ps.setString(1, key);
            if (health == null) {
                ps.setNull(2, Types.DOUBLE);
            } else {
                ps.setDouble(2, health);
            }
            ps.setLong(3, T0.toEpochMilli());
            ps.executeUpdate();
            return generatedId(ps);
        }
    }

    private static long insertCleanup(Connection c, String gateway, Instant lastCalled) throws SQLException {
        String sql = "INSERT INTO cleanup_log (gateway, model, upstream_model, reason, last_called, call_count, error_count, removed_at, mode) "
                + "VALUES (?, 'some/model', NULL, 'never checked', ?, 0, 0, ?, 'live')";
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            ps.setString(1, gateway);
            if (lastCalled == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, lastCalled.toEpochMilli());
            }
            ps.setLong(3, T0.toEpochMilli());
            ps.executeUpdate();
            return generatedId(ps);
        }
    }

    private static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            assertThat(keys.next()).as("a generated id").isTrue();
            return keys.getLong(1);
        }
    }

    static List<String> appliedMigrations(Database db) {
        return db.withConnection("read migrations", c -> {
            List<String> versions = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version, success FROM flyway_schema_history "
                         + "WHERE version IS NOT NULL ORDER BY installed_rank")) {
                while (rs.next()) {
                    assertThat(rs.getBoolean("success")).isTrue();
                    versions.add(rs.getString("version"));
                }
            }
            return versions;
        });
    }
}
