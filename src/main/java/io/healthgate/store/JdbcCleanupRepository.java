package io.healthgate.store;

import io.healthgate.cleanup.CleanupCandidate;
import io.healthgate.cleanup.CleanupMode;
import io.healthgate.cleanup.CleanupRepository;
import io.healthgate.health.HealthStore.OfferRecord;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Cleanup over {@code offer_health} and {@code cleanup_log}. Removal is one transaction that
 * deletes each candidate's row only if it has not succeeded since the cutoff (live traffic may
 * have written a success after the candidates were judged) and logs exactly the rows it deleted.
 */
public final class JdbcCleanupRepository implements CleanupRepository {
    public static final int MAX_RECENT = 1_000;

    private static final String DELETE_IF_STILL_DEAD = "DELETE FROM offer_health WHERE gateway = ? AND model = ? "
            + "AND (last_success IS NULL OR last_success <= ?)";
    private static final String INSERT_LOG = "INSERT INTO cleanup_log "
            + "(gateway, model, upstream_model, reason, last_called, call_count, error_count, removed_at, mode) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String RECENT_LOG = "SELECT id, gateway, model, upstream_model, reason, last_called, call_count, "
            + "error_count, removed_at, mode FROM cleanup_log ORDER BY removed_at DESC, id DESC LIMIT ?";

    private final Database database;

    public JdbcCleanupRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public List<OfferRecord> loadOffers() {
        return database.withConnection("load offers for cleanup", c -> {
            List<OfferRecord> rows = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(OfferRows.SELECT_ALL)) {
                while (rs.next()) {
                    rows.add(OfferRows.read(rs));
                }
            }
            return List.copyOf(rows);
        });
    }

    @Override
    public int removeAndLog(List<CleanupCandidate> candidates, Instant removedAt, Instant keepIfSucceededAfter) {
        if (candidates.isEmpty()) {
            return 0;
        }
        // A stable order keeps concurrent deleters from locking rows in opposite orders (PostgreSQL).
        List<CleanupCandidate> ordered = candidates.stream().sorted(Comparator.comparing(CleanupCandidate::offer)).toList();
        return database.inTransaction("remove " + ordered.size() + " dead offers", c -> {
            int removed = 0;
            try (PreparedStatement delete = c.prepareStatement(DELETE_IF_STILL_DEAD);
                 PreparedStatement log = c.prepareStatement(INSERT_LOG)) {
                for (CleanupCandidate cand : ordered) {
                    delete.setString(1, cand.gateway());
                    delete.setString(2, cand.model());
                    delete.setLong(3, keepIfSucceededAfter.toEpochMilli());
                    if (delete.executeUpdate() == 0) {
                        continue;
                    }
                    removed++;
                    log.setString(1, cand.gateway());
                    log.setString(2, cand.model());
                    log.setString(3, cand.upstreamModel());
                    log.setString(4, cand.reason().wireName() + ": " + cand.detail());
                    OfferRows.setInstant(log, 5, cand.lastCalled());
                    log.setLong(6, cand.calls());
                    log.setLong(7, cand.errors());
                    log.setLong(8, removedAt.toEpochMilli());
                    log.setString(9, CleanupMode.LIVE.wireName());
                    log.addBatch();
                }
                if (removed > 0) {
                    log.executeBatch();
                }
            }
            return removed;
        });
    }

    @Override
    public List<LogEntry> recentLog(int limit) {
        int n = Math.max(0, Math.min(limit, MAX_RECENT));
        if (n == 0) {
            return List.of();
        }
        return database.withConnection("read cleanup log", c -> {
            List<LogEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(RECENT_LOG)) {
                ps.setInt(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LogEntry(rs.getLong("id"), rs.getString("gateway"), rs.getString("model"),
                                Optional.ofNullable(rs.getString("upstream_model")).orElse(""), rs.getString("reason"),
                                OfferRows.instant(rs, "last_called"), rs.getLong("call_count"), rs.getLong("error_count"),
                                Instant.ofEpochMilli(rs.getLong("removed_at")), CleanupMode.fromWireName(rs.getString("mode"))));
                    }
                }
            }
            return List.copyOf(out);
        });
    }
}
