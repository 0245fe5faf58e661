package io.healthgate.app;

import io.healthgate.catalog.Catalog;
import io.healthgate.cleanup.Cleanup;
import io.healthgate.cleanup.CleanupMode;
import io.healthgate.cleanup.CleanupReport;
import io.healthgate.cleanup.CleanupSettings;
import io.healthgate.store.Database;
import io.healthgate.store.JdbcCleanupRepository;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Wires one cleanup run for {@code ./healthgate cleanup}: opens the store, runs, closes. Lives in
 * the composition root because only {@code app} may name {@code store} classes.
 */
public final class CleanupWiring {
    private CleanupWiring() {
    }

    /**
     * Runs cleanup once against the database at {@code jdbcUrl}. A SQLite file that does not exist
     * yet is not created (a dry run must change nothing): the report is then empty.
     */
    public static CleanupReport runOnce(String jdbcUrl, Catalog catalog, CleanupSettings settings, CleanupMode mode, Clock clock) {
        Optional<Path> sqliteFile = sqliteFile(jdbcUrl);
        if (sqliteFile.isPresent() && !Files.exists(sqliteFile.get())) {
            return new CleanupReport(mode, clock.instant(), List.of(), 0);
        }
        try (Database db = Database.open(jdbcUrl)) {
            return new Cleanup(new JdbcCleanupRepository(db), settings, clock).run(catalog, mode);
        }
    }

    static Optional<Path> sqliteFile(String jdbcUrl) {
        String prefix = "jdbc:sqlite:";
        String u = jdbcUrl.trim();
        if (!u.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return Optional.empty();
        }
        String rest = u.substring(prefix.length());
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        return rest.isBlank() || rest.equals(":memory:") ? Optional.empty() : Optional.of(Path.of(rest));
    }
}
