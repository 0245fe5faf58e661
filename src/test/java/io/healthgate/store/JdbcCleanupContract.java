package io.healthgate.store;

import io.healthgate.alerting.AlertHistory;
import io.healthgate.alerting.AlertNotification;
import io.healthgate.alerting.Severity;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.cleanup.Cleanup;
import io.healthgate.cleanup.CleanupCandidate;
import io.healthgate.cleanup.CleanupMode;
import io.healthgate.cleanup.CleanupReason;
import io.healthgate.cleanup.CleanupReport;
import io.healthgate.cleanup.CleanupRepository;
import io.healthgate.cleanup.CleanupSettings;
import io.healthgate.health.HealthStore.OfferRecord;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.healthgate.support.OfferRecordBuilder.offer;
import static org.assertj.core.api.Assertions.assertThat;

/** Cleanup and alert history on a real database; subclasses give SQLite and PostgreSQL. */
abstract class JdbcCleanupContract {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final Instant LONG_AGO = NOW.minus(Duration.ofDays(90));

    final FakeClock clock = new FakeClock(NOW);
    final Catalog catalog = TestCatalogs.builder().gateway("groq").gateway("together")
            .model("acme/alpha", "groq", "together").model("acme/beta", "groq").build();
    Database database;
    JdbcCleanupRepository repo;

    abstract String freshDatabaseUrl();

    abstract void dropDatabase();

    @BeforeEach
    void open() {
        database = Database.open(freshDatabaseUrl());
        repo = new JdbcCleanupRepository(database);
        insert(
                // dead: gone from the catalog
                offer("groq", "acme/gone", LONG_AGO).upstream("gone-v1").calls(3, 0, 3).lastCalled(NOW.minus(Duration.ofDays(40))).build(),
                // dead: every call failed
                offer("together", "acme/alpha", LONG_AGO).calls(12, 0, 12).lastCalled(NOW.minus(Duration.ofHours(2))).build(),
                // alive
                offer("groq", "acme/alpha", LONG_AGO).calls(100, 99, 1).lastCalled(NOW).lastSuccess(NOW).build(),
                // gone from the catalog and erroring, but it succeeded 2 days ago: never a candidate
                offer("groq", "acme/renamed", LONG_AGO).calls(50, 1, 49).lastCalled(NOW).lastSuccess(NOW.minus(Duration.ofDays(2))).build(),
                // not_found 3 times over 2 days, no success since
                offer("groq", "acme/beta", LONG_AGO).calls(3, 0, 0).notFound(3, NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(1)))
                        .lastCalled(NOW.minus(Duration.ofDays(1))).build());
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
        dropDatabase();
    }

    private Cleanup cleanup() {
        return new Cleanup(repo, CleanupSettings.defaults(), clock);
    }

    @Test
    void dryRunFindsTheCandidatesAndChangesNothing() {
        List<OfferRecord> before = repo.loadOffers();
        CleanupReport report = cleanup().run(catalog, CleanupMode.DRY_RUN);

        assertThat(report.candidates()).extracting(c -> c.offer().toString() + " " + c.reason().wireName())
                .containsExactly("groq:acme/beta not_found", "groq:acme/gone not_in_catalog", "together:acme/alpha all_errors");
        assertThat(report.removed()).isZero();
        assertThat(repo.loadOffers()).isEqualTo(before);
        assertThat(repo.recentLog(10)).isEmpty();
    }

    @Test
    void liveRemovesExactlyTheCandidatesAndLogsEachInOneGo() {
        CleanupReport report = cleanup().run(catalog, CleanupMode.LIVE);

        assertThat(report.removed()).isEqualTo(3);
        assertThat(repo.loadOffers()).extracting(OfferRecord::offer)
                .containsExactly(new OfferId("groq", "acme/alpha"), new OfferId("groq", "acme/renamed"));
        List<CleanupRepository.LogEntry> log = repo.recentLog(10);
        assertThat(log).hasSize(3).allSatisfy(e -> {
            assertThat(e.mode()).isEqualTo(CleanupMode.LIVE);
            assertThat(e.removedAt()).isEqualTo(NOW);
        });
        assertThat(log).filteredOn(e -> e.model().equals("acme/gone")).singleElement().satisfies(e -> {
            assertThat(e.gateway()).isEqualTo("groq");
            assertThat(e.upstreamModel()).isEqualTo("gone-v1");
            assertThat(e.reason()).isEqualTo("not_in_catalog: no longer in the catalog");
            assertThat(e.lastCalled()).contains(NOW.minus(Duration.ofDays(40)));
            assertThat(e.calls()).isEqualTo(3);
            assertThat(e.errors()).isEqualTo(3);
        });
        assertThat(cleanup().run(catalog, CleanupMode.LIVE).candidates()).as("a second run finds nothing").isEmpty();
    }

    @Test
    void offerWithARecentSuccessIsNeverACandidateNorRemoved() {
        assertThat(cleanup().run(catalog, CleanupMode.DRY_RUN).candidates())
                .extracting(CleanupCandidate::offer).doesNotContain(new OfferId("groq", "acme/renamed"), new OfferId("groq", "acme/alpha"));

        // Judged dead, then a success is written before the removal: the delete must keep it.
        CleanupCandidate stale = new CleanupCandidate(new OfferId("groq", "acme/renamed"), "x", CleanupReason.NOT_IN_CATALOG,
                "no longer in the catalog", Optional.of(NOW), 50, 49);
        int removed = repo.removeAndLog(List.of(stale), NOW, NOW.minus(Duration.ofDays(7)));
        assertThat(removed).isZero();
        assertThat(repo.loadOffers()).extracting(OfferRecord::offer).contains(new OfferId("groq", "acme/renamed"));
        assertThat(repo.recentLog(10)).isEmpty();
    }

    @Test
    void failedRemovalChangesNothing() {
        List<OfferRecord> before = repo.loadOffers();
        CleanupCandidate ok = new CleanupCandidate(new OfferId("groq", "acme/gone"), "gone-v1", CleanupReason.NOT_IN_CATALOG,
                "no longer in the catalog", Optional.empty(), 3, 3);
        CleanupCandidate bad = new CleanupCandidate(new OfferId("together", "acme/alpha"), "u", CleanupReason.ALL_ERRORS,
                "x".repeat(10), Optional.empty(), 12, 12);
        database.withConnection("break the log table", c -> c.createStatement().executeUpdate("DROP TABLE cleanup_log"));
        try {
            repo.removeAndLog(List.of(ok, bad), NOW, NOW.minus(Duration.ofDays(7)));
        } catch (RuntimeException expected) {
            // the log insert fails, so the deletes must roll back
        }
        assertThat(repo.loadOffers()).isEqualTo(before);
    }

    @Test
    void alertHistoryKeepsNotificationsNewestFirst() {
        AlertHistory history = new JdbcAlertHistory(database);
        history.record(new AlertNotification("health.overall", Severity.WARNING, "Model health low: 85.0%", "m1", 85.0, NOW), List.of("log", "webhook"));
        history.record(new AlertNotification("health.overall", Severity.RESOLVED, "Resolved", "m2", Double.NaN, NOW.plusSeconds(60)), List.of("log"));

        List<AlertHistory.Entry> recent = history.recent(10);
        assertThat(recent).extracting(AlertHistory.Entry::severity).containsExactly(Severity.RESOLVED, Severity.WARNING);
        assertThat(recent.get(0).healthPercentage()).isNaN();
        assertThat(recent.get(0).sinks()).containsExactly("log");
        assertThat(recent.get(1).healthPercentage()).isEqualTo(85.0);
        assertThat(recent.get(1).sinks()).containsExactly("log", "webhook");
        assertThat(recent.get(1).title()).isEqualTo("Model health low: 85.0%");
        assertThat(recent.get(1).createdAt()).isEqualTo(NOW);
        assertThat(recent.get(1).id()).isPositive();
        assertThat(history.recent(1)).hasSize(1);
        assertThat(history.recent(0)).isEmpty();
    }

    void insert(OfferRecord... rows) {
        database.inTransaction("seed offers", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO offer_health (" + OfferRows.COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (OfferRecord r : rows) {
                    int i = 1;
                    ps.setString(i++, r.offer().gateway());
                    ps.setString(i++, r.offer().model());
                    ps.setString(i++, r.provider());
                    ps.setString(i++, r.upstreamModel());
                    ps.setString(i++, r.status().wireName());
                    ps.setString(i++, r.tier().map(t -> t.wireName()).orElse(null));
                    ps.setLong(i++, r.callCount());
                    ps.setLong(i++, r.successCount());
                    ps.setLong(i++, r.errorCount());
                    ps.setLong(i++, r.notFoundCount());
                    ps.setInt(i++, r.consecutiveFailures());
                    OfferRows.setInstant(ps, i++, r.lastCalled());
                    OfferRows.setInstant(ps, i++, r.lastSuccess());
                    OfferRows.setInstant(ps, i++, r.lastFailure());
                    OfferRows.setInstant(ps, i++, r.firstNotFound());
                    OfferRows.setInstant(ps, i++, r.lastNotFound());
                    ps.setString(i++, null);
                    ps.setString(i++, r.lastError());
                    ps.setNull(i++, Types.BIGINT);
                    ps.setNull(i++, Types.BIGINT);
                    ps.setLong(i++, r.createdAt().toEpochMilli());
                    ps.setLong(i, r.updatedAt().toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }
}
