package io.healthgate.store;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.LatencyHistogram;
import io.healthgate.health.OutcomeClass;
import io.healthgate.sla.DetectionSource;
import io.healthgate.sla.OutcomeBucket;
import io.healthgate.sla.OutcomeHistory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The {@link OutcomeHistory} on SQLite or PostgreSQL (table {@code outcome_history}, migration
 * V3). Appends are one transaction of one JDBC batch of inserts; scans stream rows through a
 * forward-only cursor (fetch size {@value #FETCH_SIZE}) so a long window never sits in memory.
 * Every method blocks.
 */
public final class JdbcOutcomeHistory implements OutcomeHistory {
    static final int FETCH_SIZE = 2_000;
    private static final OutcomeClass[] CLASSES = OutcomeClass.values();
    private static final String CLASS_COLUMNS = Arrays.stream(CLASSES).map(c -> "n_" + c.wireName()).collect(Collectors.joining(", "));
    private static final String COLUMNS = "minute, gateway, model, provider, source, " + CLASS_COLUMNS
            + ", ttfb_bins, ttfb_sum_ms, total_bins, total_sum_ms, first_failure";
    private static final int COLUMN_COUNT = 5 + CLASSES.length + 5;

    private final Database database;

    public JdbcOutcomeHistory(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void append(List<OutcomeBucket> buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO outcome_history (" + COLUMNS + ") VALUES (" + "?, ".repeat(COLUMN_COUNT - 1) + "?)";
        database.inTransaction("append " + buckets.size() + " outcome history rows", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (OutcomeBucket b : buckets) {
                    int i = 1;
                    ps.setLong(i++, b.minute().toEpochMilli());
                    ps.setString(i++, b.offer().gateway());
                    ps.setString(i++, b.offer().model());
                    ps.setString(i++, b.provider());
                    ps.setString(i++, b.source().wireName());
                    for (OutcomeClass cls : CLASSES) {
                        ps.setLong(i++, b.count(cls));
                    }
                    ps.setString(i++, bins(b.ttfbBins()));
                    ps.setLong(i++, b.ttfbSumMs());
                    ps.setString(i++, bins(b.totalBins()));
                    ps.setLong(i++, b.totalSumMs());
                    if (b.firstFailure().isPresent()) {
                        ps.setLong(i, b.firstFailure().get().toEpochMilli());
                    } else {
                        ps.setNull(i, Types.BIGINT);
                    }
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public void scan(Instant from, Instant to, Optional<String> gateway, Consumer<OutcomeBucket> sink) {
        String sql = "SELECT " + COLUMNS + " FROM outcome_history WHERE minute >= ? AND minute < ?"
                + (gateway.isPresent() ? " AND gateway = ?" : "") + " ORDER BY minute, gateway, model, source";
        // PostgreSQL streams with a fetch size only inside a transaction; SQLite streams anyway, and
        // there a transaction would take the write lock for the whole read.
        Database.SqlWork<Void> work = c -> {
            try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(FETCH_SIZE);
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                if (gateway.isPresent()) {
                    ps.setString(3, gateway.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(read(rs));
                    }
                }
            }
            return null;
        };
        if (database.dialect() == Dialect.POSTGRESQL) {
            database.inTransaction("scan outcome history", work);
        } else {
            database.withConnection("scan outcome history", work);
        }
    }

    @Override
    public int pruneBefore(Instant cutoff) {
        return database.inTransaction("prune outcome history before " + cutoff, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outcome_history WHERE minute < ?")) {
                ps.setLong(1, cutoff.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    private static OutcomeBucket read(ResultSet rs) throws SQLException {
        long[] counts = new long[CLASSES.length];
        for (OutcomeClass cls : CLASSES) {
            counts[cls.ordinal()] = rs.getLong("n_" + cls.wireName());
        }
        long first = rs.getLong("first_failure");
        Optional<Instant> firstFailure = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(first));
        return new OutcomeBucket(Instant.ofEpochMilli(rs.getLong("minute")),
                new OfferId(rs.getString("gateway"), rs.getString("model")), rs.getString("provider"),
                DetectionSource.fromWireName(rs.getString("source")), counts,
                bins(rs.getString("ttfb_bins")), rs.getLong("ttfb_sum_ms"),
                bins(rs.getString("total_bins")), rs.getLong("total_sum_ms"), firstFailure);
    }

    /** Sparse text form: {@code "3:12,4:2"} (bin:count, non-zero bins only). */
    static String bins(long[] counts) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                if (!s.isEmpty()) {
                    s.append(',');
                }
                s.append(i).append(':').append(counts[i]);
            }
        }
        return s.toString();
    }

    static long[] bins(String text) {
        long[] counts = new long[LatencyHistogram.BINS];
        if (text == null || text.isBlank()) {
            return counts;
        }
        for (String part : text.split(",")) {
            int colon = part.indexOf(':');
            int bin = Integer.parseInt(part.substring(0, colon).trim());
            if (bin < 0 || bin >= counts.length) {
                throw new StoreException("outcome history holds latency bin " + bin + " outside 0.." + (counts.length - 1));
            }
            counts[bin] += Long.parseLong(part.substring(colon + 1).trim());
        }
        return counts;
    }

    @Override
    public String toString() {
        return "JdbcOutcomeHistory on " + database;
    }
}
