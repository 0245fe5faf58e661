package io.healthgate.app;

import io.healthgate.sla.SlaCalculator;
import io.healthgate.sla.SlaQuery;
import io.healthgate.sla.SlaReport;
import io.healthgate.sla.SlaSettings;
import io.healthgate.store.Database;
import io.healthgate.store.JdbcOutcomeHistory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Wires one SLA report for {@code ./healthgate report}: opens the store, reads the outcome
 * history, closes. In the composition root because only {@code app} names {@code store} classes.
 */
public final class ReportWiring {
    private ReportWiring() {
    }

    /**
     * The report over the database at {@code jdbcUrl}. A SQLite file that does not exist yet is not
     * created: the report is then empty (nothing was recorded).
     */
    public static SlaReport report(String jdbcUrl, SlaSettings settings, SlaQuery query, Instant now) {
        Optional<Path> file = CleanupWiring.sqliteFile(jdbcUrl);
        if (file.isPresent() && !Files.exists(file.get())) {
            return new SlaCalculator(new EmptyHistory(), settings).report(query, now);
        }
        try (Database db = Database.open(jdbcUrl)) {
            return new SlaCalculator(new JdbcOutcomeHistory(db), settings).report(query, now);
        }
    }

    private static final class EmptyHistory implements io.healthgate.sla.OutcomeHistory {
        @Override
        public void append(List<io.healthgate.sla.OutcomeBucket> buckets) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public void scan(Instant from, Instant to, Optional<String> gateway, java.util.function.Consumer<io.healthgate.sla.OutcomeBucket> sink) {
        }

        @Override
        public int pruneBefore(Instant cutoff) {
            return 0;
        }
    }
}
