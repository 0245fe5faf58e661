package io.healthgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.config.BuiltinCatalog;
import io.healthgate.health.HealthStore;
import io.healthgate.health.HealthStore.OfferUpdate;
import io.healthgate.health.OfferStatus;
import io.healthgate.store.Database;
import io.healthgate.store.JdbcCleanupRepository;
import io.healthgate.store.JdbcHealthStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./healthgate cleanup} end to end on a SQLite file, with the built-in catalog. */
class CleanupCommandTest {
    @TempDir
    Path dir;
    String url;
    OfferId alive;
    final OfferId gone = new OfferId("groq", "acme/model-that-left-the-catalog");
    final OfferId renamed = new OfferId("groq", "acme/renamed-but-working");

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new HealthgateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void seed() {
        url = "jdbc:sqlite:" + dir.resolve("hg.db");
        Offer first = BuiltinCatalog.load().offers().iterator().next();
        alive = first.id();
        Instant now = Instant.now();
        try (HealthStore store = new JdbcHealthStore(Database.open(url))) {
            store.applyOfferUpdates(List.of(
                    update(alive, 20, 20, 0, Optional.of(now.minus(Duration.ofHours(1))), now.minus(Duration.ofHours(1))),
                    update(gone, 12, 0, 12, Optional.empty(), now.minus(Duration.ofDays(3))),
                    update(renamed, 12, 2, 10, Optional.of(now.minus(Duration.ofDays(1))), now.minus(Duration.ofDays(1)))));
        }
    }

    private static OfferUpdate update(OfferId id, long calls, long ok, long errors, Optional<Instant> lastSuccess, Instant at) {
        return new OfferUpdate(id, "acme", "up-" + id.model(), OfferStatus.UNHEALTHY, Optional.empty(), calls, ok, errors, 0, 0,
                Optional.of(at), lastSuccess, Optional.empty(), Optional.empty(), Optional.empty(), "", Optional.empty(),
                Optional.empty(), at);
    }

    private List<OfferId> storedOffers() {
        try (Database db = Database.open(url)) {
            return new JdbcCleanupRepository(db).loadOffers().stream().map(HealthStore.OfferRecord::offer).toList();
        }
    }

    @Test
    void dryRunPrintsATableAndHowToRunLiveAndChangesNothing() {
        Run r = run("cleanup", "--db", url);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("GATEWAY").contains("REASON")
                .containsPattern("(?m)^groq +acme/model-that-left-the-catalog +no longer in the catalog +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +12 +12$")
                .doesNotContain("renamed-but-working")
                .contains("1 candidate (1 not_in_catalog).")
                .contains("Dry run: nothing was removed. To remove them, run: ./healthgate cleanup --live --db <the same URL>");
        assertThat(storedOffers()).containsExactlyInAnyOrder(alive, gone, renamed);
    }

    @Test
    void liveRemovesTheCandidatesAndJsonSaysSo() throws Exception {
        Run r = run("cleanup", "--db", url, "--live", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("mode").asText()).isEqualTo("live");
        assertThat(json.get("removed").asInt()).isEqualTo(1);
        assertThat(json.get("candidates")).hasSize(1);
        assertThat(json.get("candidates").get(0).get("model").asText()).isEqualTo(gone.model());
        assertThat(json.get("candidates").get(0).get("upstream_model").asText()).isEqualTo("up-" + gone.model());
        assertThat(storedOffers()).containsExactlyInAnyOrder(alive, renamed);
        try (Database db = Database.open(url)) {
            assertThat(new JdbcCleanupRepository(db).recentLog(10)).singleElement()
                    .satisfies(e -> assertThat(e.model()).isEqualTo(gone.model()));
        }
    }

    @Test
    void dryRunJsonHasModeDryRun() throws Exception {
        JsonNode json = new ObjectMapper().readTree(run("cleanup", "--db", url, "--json").out());
        assertThat(json.get("mode").asText()).isEqualTo("dry_run");
        assertThat(json.get("removed").asInt()).isZero();
    }

    @Test
    void missingSqliteFileIsNotCreatedAndNothingIsACandidate() {
        Path none = dir.resolve("absent.db");
        Run r = run("cleanup", "--db", "jdbc:sqlite:" + none);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("No cleanup candidates");
        assertThat(Files.exists(none)).isFalse();
    }

    @Test
    void badConfigIsAClearErrorWithExitTwo() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "cleanup:\n  stale_days: abc\n");
        Run r = run("cleanup", "--config", cfg.toString(), "--db", url);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("stale_days").doesNotContain("Exception");
    }

    @Test
    void unreachableDatabaseIsAClearErrorWithoutThePassword() {
        Run r = run("cleanup", "--db", "jdbc:postgresql://127.0.0.1:1/none?user=x&password=hunter2");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("healthgate cleanup: ").doesNotContain("hunter2").doesNotContain("\tat ");
    }
}
