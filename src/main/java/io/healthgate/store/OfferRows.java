package io.healthgate.store;

import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.health.HealthStore.OfferRecord;
import io.healthgate.health.HealthStore.OfferUpdate;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.OutcomeClass;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The SQL of the {@code offer_health} table: one upsert that both SQLite (3.24+) and PostgreSQL
 * (9.5+) accept, and the row mapping.
 *
 * <p>Merge rules when the row exists: counters are added in SQL, so concurrent writers lose
 * nothing; {@code last_*} times keep the later of the stored and the new value (a slow writer
 * never moves them back) and are untouched when absent; {@code first_not_found} is set only once;
 * provider, upstream model, tier, last outcome, last error and latencies overwrite only when
 * present; status, consecutive failures and {@code updated_at} always overwrite.
 */
final class OfferRows {
    private OfferRows() {
    }

    static final String COLUMNS = "gateway, model, provider, upstream_model, status, tier, call_count, success_count, "
            + "error_count, not_found_count, consecutive_failures, last_called, last_success, last_failure, "
            + "first_not_found, last_not_found, last_outcome, last_error, latency_p50_ms, latency_p95_ms, "
            + "created_at, updated_at";

    static final String UPSERT = "INSERT INTO offer_health (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (gateway, model) DO UPDATE SET "
            + "provider = COALESCE(excluded.provider, offer_health.provider), "
            + "upstream_model = COALESCE(excluded.upstream_model, offer_health.upstream_model), "
            + "status = excluded.status, "
            + "tier = COALESCE(excluded.tier, offer_health.tier), "
            + "call_count = offer_health.call_count + excluded.call_count, "
            + "success_count = offer_health.success_count + excluded.success_count, "
            + "error_count = offer_health.error_count + excluded.error_count, "
            + "not_found_count = offer_health.not_found_count + excluded.not_found_count, "
            + "consecutive_failures = excluded.consecutive_failures, "
            + later("last_called") + ", "
            + later("last_success") + ", "
            + later("last_failure") + ", "
            + "first_not_found = COALESCE(offer_health.first_not_found, excluded.first_not_found), "
            + later("last_not_found") + ", "
            + "last_outcome = COALESCE(excluded.last_outcome, offer_health.last_outcome), "
            + "last_error = COALESCE(excluded.last_error, offer_health.last_error), "
            + "latency_p50_ms = COALESCE(excluded.latency_p50_ms, offer_health.latency_p50_ms), "
            + "latency_p95_ms = COALESCE(excluded.latency_p95_ms, offer_health.latency_p95_ms), "
            + "updated_at = excluded.updated_at";

    static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM offer_health ORDER BY gateway, model";

    static final String DELETE = "DELETE FROM offer_health WHERE gateway = ? AND model = ?";

    /** {@code col = the later of stored and new}, portable (SQLite has no GREATEST, PostgreSQL no scalar MAX). */
    private static String later(String col) {
        return col + " = CASE WHEN excluded." + col + " IS NULL THEN offer_health." + col
                + " WHEN offer_health." + col + " IS NULL OR excluded." + col + " > offer_health." + col
                + " THEN excluded." + col + " ELSE offer_health." + col + " END";
    }

    static void bindUpsert(PreparedStatement ps, OfferUpdate u) throws SQLException {
        int i = 1;
        ps.setString(i++, u.offer().gateway());
        ps.setString(i++, u.offer().model());
        ps.setString(i++, u.provider());
        ps.setString(i++, u.upstreamModel());
        ps.setString(i++, u.status().wireName());
        setString(ps, i++, present(u.tier()).map(Tier::wireName));
        ps.setLong(i++, u.callsDelta());
        ps.setLong(i++, u.successesDelta());
        ps.setLong(i++, u.errorsDelta());
        ps.setLong(i++, u.notFoundDelta());
        ps.setInt(i++, u.consecutiveFailures());
        setInstant(ps, i++, present(u.lastCalled()));
        setInstant(ps, i++, present(u.lastSuccess()));
        setInstant(ps, i++, present(u.lastFailure()));
        setInstant(ps, i++, present(u.lastNotFound())); // first_not_found of a new row
        setInstant(ps, i++, present(u.lastNotFound()));
        setString(ps, i++, present(u.lastOutcome()).map(OutcomeClass::wireName));
        // Stored rows outlive the process and are read by other tools: masked like every output.
        ps.setString(i++, u.lastError() == null ? null : io.healthgate.providers.Secrets.mask(u.lastError()));
        setDuration(ps, i++, present(u.latencyP50()));
        setDuration(ps, i++, present(u.latencyP95()));
        ps.setLong(i++, u.updatedAt().toEpochMilli()); // created_at of a new row
        ps.setLong(i, u.updatedAt().toEpochMilli());
    }

    /** Rejects updates the merge rules cannot apply, before any is written. */
    static void validate(OfferUpdate u) {
        if (u == null || u.offer() == null || u.status() == null || u.updatedAt() == null) {
            throw new IllegalArgumentException("offer update needs an offer, a status and updatedAt: " + u);
        }
        if (u.callsDelta() < 0 || u.successesDelta() < 0 || u.errorsDelta() < 0 || u.notFoundDelta() < 0) {
            throw new IllegalArgumentException("offer update deltas must not be negative, got calls=" + u.callsDelta()
                    + " successes=" + u.successesDelta() + " errors=" + u.errorsDelta()
                    + " notFound=" + u.notFoundDelta() + " for " + u.offer());
        }
    }

    static OfferRecord read(ResultSet rs) throws SQLException {
        return new OfferRecord(
                new OfferId(rs.getString("gateway"), rs.getString("model")),
                rs.getString("provider"),
                rs.getString("upstream_model"),
                OfferStatus.fromWireName(rs.getString("status")),
                Optional.ofNullable(rs.getString("tier")).map(Tier::fromWireName),
                rs.getLong("call_count"),
                rs.getLong("success_count"),
                rs.getLong("error_count"),
                rs.getLong("not_found_count"),
                rs.getInt("consecutive_failures"),
                instant(rs, "last_called"),
                instant(rs, "last_success"),
                instant(rs, "last_failure"),
                instant(rs, "first_not_found"),
                instant(rs, "last_not_found"),
                Optional.ofNullable(rs.getString("last_outcome")).map(OutcomeClass::fromWireName),
                rs.getString("last_error"),
                duration(rs, "latency_p50_ms"),
                duration(rs, "latency_p95_ms"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    /** A null Optional from a careless caller means absent, not a crash in the writer. */
    static <T> Optional<T> present(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }

    static void setString(PreparedStatement ps, int i, Optional<String> value) throws SQLException {
        ps.setString(i, value.orElse(null));
    }

    static void setInstant(PreparedStatement ps, int i, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(i, value.get().toEpochMilli());
        } else {
            ps.setNull(i, Types.BIGINT);
        }
    }

    static void setDuration(PreparedStatement ps, int i, Optional<Duration> value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(i, value.get().toMillis());
        } else {
            ps.setNull(i, Types.BIGINT);
        }
    }

    static Optional<Instant> instant(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    static Optional<Duration> duration(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(v));
    }
}
