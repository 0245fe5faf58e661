package io.healthgate.cleanup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.HealthStore.OfferRecord;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.healthgate.cleanup.CleanupRulesTest.CATALOG;
import static io.healthgate.cleanup.CleanupRulesTest.LONG_AGO;
import static io.healthgate.cleanup.CleanupRulesTest.NOW;
import static io.healthgate.support.OfferRecordBuilder.offer;
import static org.assertj.core.api.Assertions.assertThat;

class CleanupTest {
    private final FakeClock clock = new FakeClock(NOW);
    private final FakeRepository repo = new FakeRepository(List.of(
            offer("groq", "acme/gone", LONG_AGO).upstream("gone-v1").calls(3, 0, 3).lastCalled(NOW.minus(Duration.ofDays(40))).build(),
            offer("groq", "acme/alpha", LONG_AGO).calls(100, 100, 0).lastCalled(NOW).lastSuccess(NOW).build(),
            offer("together", "acme/alpha", LONG_AGO).calls(10, 0, 10).lastCalled(NOW.minus(Duration.ofHours(3))).build()));

    @Test
    void dryRunReportsAndRemovesNothing() {
        CleanupReport report = new Cleanup(repo, CleanupSettings.defaults(), clock).run(CATALOG, CleanupMode.DRY_RUN);
        assertThat(report.mode()).isEqualTo(CleanupMode.DRY_RUN);
        assertThat(report.candidates()).extracting(CleanupCandidate::offer)
                .containsExactly(new OfferId("groq", "acme/gone"), new OfferId("together", "acme/alpha"));
        assertThat(report.removed()).isZero();
        assertThat(repo.rows).hasSize(3);
        assertThat(repo.removeCalls).isZero();
    }

    @Test
    void liveRunRemovesExactlyTheCandidates() {
        CleanupReport report = new Cleanup(repo, CleanupSettings.defaults(), clock).run(CATALOG, CleanupMode.LIVE);
        assertThat(report.removed()).isEqualTo(2);
        assertThat(repo.rows.keySet()).containsExactly(new OfferId("groq", "acme/alpha"));
        assertThat(repo.removedAt).containsExactly(NOW);
    }

    @Test
    void textReportIsAnAlignedTableWithSummaryAndHowToRunLive() {
        CleanupReport report = new Cleanup(repo, CleanupSettings.defaults(), clock).run(CATALOG, CleanupMode.DRY_RUN);
        String text = CleanupReportFormat.text(report, "./healthgate cleanup --live");
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).startsWith("GATEWAY   MODEL       REASON").contains("LAST CALLED (UTC)").endsWith("CALLS  ERRORS");
        assertThat(lines.get(1)).startsWith("groq      acme/gone   no longer in the catalog").contains("2026-04-22 00:00");
        assertThat(lines.get(2)).startsWith("together  acme/alpha  100% errors: all 10 calls failed");
        assertThat(lines.get(1).length()).isEqualTo(lines.get(0).length());
        assertThat(lines.get(2).length()).isEqualTo(lines.get(0).length());
        assertThat(text).contains("2 candidates (1 not_in_catalog, 1 all_errors).")
                .contains("Dry run: nothing was removed. To remove them, run: ./healthgate cleanup --live");
    }

    @Test
    void jsonReportHasModeCandidatesAndRemoved() throws Exception {
        CleanupReport report = new Cleanup(repo, CleanupSettings.defaults(), clock).run(CATALOG, CleanupMode.LIVE);
        JsonNode json = new ObjectMapper().readTree(CleanupReportFormat.json(report));
        assertThat(json.get("mode").asText()).isEqualTo("live");
        assertThat(json.get("removed").asInt()).isEqualTo(2);
        JsonNode first = json.get("candidates").get(0);
        assertThat(first.get("gateway").asText()).isEqualTo("groq");
        assertThat(first.get("model").asText()).isEqualTo("acme/gone");
        assertThat(first.get("upstream_model").asText()).isEqualTo("gone-v1");
        assertThat(first.get("reason").asText()).isEqualTo("not_in_catalog");
        assertThat(first.get("last_called").asText()).isEqualTo("2026-04-22T00:00:00Z");
        assertThat(first.get("calls").asLong()).isEqualTo(3);
        assertThat(first.get("errors").asLong()).isEqualTo(3);
        assertThat(new ObjectMapper().readTree(CleanupReportFormat.json(
                new CleanupReport(CleanupMode.DRY_RUN, NOW, List.of(), 0))).get("candidates").size()).isZero();
    }

    @Test
    void scheduleIsOffByDefault() {
        List<Duration> scheduled = new ArrayList<>();
        CleanupScheduler s = new CleanupScheduler(new Cleanup(repo, CleanupSettings.defaults(), clock), CleanupSettings.defaults(),
                () -> CATALOG, (task, delay) -> scheduled.add(delay));
        assertThat(s.start()).isFalse();
        assertThat(scheduled).isEmpty();
    }

    @Test
    void scheduledRunIsDailyAndADryRunUnlessLive() {
        List<Runnable> tasks = new ArrayList<>();
        List<Duration> delays = new ArrayList<>();
        CleanupSettings on = CleanupSettings.of(true, false, 30);
        CleanupScheduler s = new CleanupScheduler(new Cleanup(repo, on, clock), on, () -> CATALOG, (task, delay) -> {
            tasks.add(task);
            delays.add(delay);
        });
        assertThat(s.start()).isTrue();
        assertThat(delays).containsExactly(CleanupScheduler.FIRST_RUN_DELAY);
        tasks.getLast().run();
        assertThat(s.lastReport().mode()).isEqualTo(CleanupMode.DRY_RUN);
        assertThat(repo.rows).hasSize(3);
        assertThat(delays).containsExactly(CleanupScheduler.FIRST_RUN_DELAY, Duration.ofDays(1));

        CleanupSettings live = CleanupSettings.of(true, true, 30);
        CleanupScheduler l = new CleanupScheduler(new Cleanup(repo, live, clock), live, () -> CATALOG, (task, delay) -> tasks.add(task));
        l.start();
        tasks.getLast().run();
        assertThat(l.lastReport().removed()).isEqualTo(2);
        assertThat(repo.rows).hasSize(1);
    }

    @Test
    void aFailedScheduledRunIsLoggedAndTheNextIsStillScheduled() {
        List<Runnable> tasks = new ArrayList<>();
        CleanupSettings on = CleanupSettings.of(true, false, 30);
        CleanupScheduler s = new CleanupScheduler(new Cleanup(repo, on, clock), on,
                () -> { throw new IllegalStateException("catalog unavailable"); }, (task, delay) -> tasks.add(task));
        s.start();
        tasks.getLast().run();
        assertThat(tasks).hasSize(2);
        s.close();
        tasks.getLast().run();
        assertThat(tasks).as("closed: no further runs").hasSize(2);
    }

    /** Keeps rows in memory; removal drops the candidates' rows. */
    static final class FakeRepository implements CleanupRepository {
        final Map<OfferId, OfferRecord> rows = new LinkedHashMap<>();
        final List<Instant> removedAt = new ArrayList<>();
        int removeCalls;

        FakeRepository(List<OfferRecord> records) {
            records.forEach(r -> rows.put(r.offer(), r));
        }

        @Override
        public List<OfferRecord> loadOffers() {
            return List.copyOf(rows.values());
        }

        @Override
        public int removeAndLog(List<CleanupCandidate> candidates, Instant at, Instant keepIfSucceededAfter) {
            removeCalls++;
            removedAt.add(at);
            int n = 0;
            for (CleanupCandidate c : candidates) {
                n += rows.remove(c.offer()) != null ? 1 : 0;
            }
            return n;
        }

        @Override
        public List<LogEntry> recentLog(int limit) {
            return List.of();
        }
    }
}
