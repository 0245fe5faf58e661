package io.healthgate.store;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.GatewayStatus;
import io.healthgate.health.HealthStore;
import io.healthgate.health.OfferStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link HealthStore} on SQLite or PostgreSQL (see {@link Database}).
 *
 * <p><b>Every method blocks</b> on database I/O: the health engine calls it from its own
 * write-behind executor, never from an event loop or the request path. Failures are thrown as
 * {@link StoreException}; a failed batch is rolled back whole, so the caller may retry it.
 *
 * <p>Each {@link #applyOfferUpdates} batch is one transaction of one JDBC batch of upserts (merge
 * rules in {@link OfferRows}). Updates are applied in offer order, so two writers whose batches
 * touch the same offers lock the rows in the same order and cannot deadlock.
 *
 * <p>A store made with {@link #JdbcHealthStore(Database)} shares the database with others
 * (alert history, cleanup) and leaves it open on {@link #close()}; one made by
 * {@link #open(String)} owns it and closes it. A closed store is not reachable and refuses work.
 */
public final class JdbcHealthStore implements HealthStore {
    /** Seconds {@link #isReachable()} waits for the connection's validity check (after at most the pool's connection timeout). */
    static final int REACHABILITY_TIMEOUT_SECONDS = 2;

    private static final String SYSTEM_COLUMNS = "at, health_percentage, coverage_percentage, healthy_models, "
            + "unhealthy_models, tracked_models, catalog_models, healthy_gateways, total_gateways";
    private static final String GATEWAY_COLUMNS = "at, gateway, status, healthy_offers, total_offers, error_rate, latency_p50_ms";
    private static final String OFFER_SNAPSHOT_COLUMNS = "at, gateway, model, status, success_rate, calls";
    private static final List<String> SNAPSHOT_TABLES = List.of("system_snapshots", "gateway_snapshots", "offer_snapshots");

    private final Database database;
    private final boolean ownsDatabase;
    private volatile boolean closed;

    /** A store over a shared database, which stays open when this store closes. */
    public JdbcHealthStore(Database database) {
        this(database, false);
    }

    private JdbcHealthStore(Database database, boolean ownsDatabase) {
        this.database = Objects.requireNonNull(database, "database");
        this.ownsDatabase = ownsDatabase;
    }

    /** Opens (and migrates) the database at {@code jdbcUrl} for this store alone. Blocks. */
    public static JdbcHealthStore open(String jdbcUrl) {
        return new JdbcHealthStore(Database.open(jdbcUrl), true);
    }

    public Database database() {
        return database;
    }

    @Override
    public void applyOfferUpdates(List<OfferUpdate> updates) {
        checkOpen();
        if (updates.isEmpty()) {
            return;
        }
        updates.forEach(OfferRows::validate);
        List<OfferUpdate> ordered = updates.stream().sorted(Comparator.comparing(OfferUpdate::offer)).toList();
        database.inTransaction("apply " + ordered.size() + " offer updates", c -> {
            try (PreparedStatement ps = c.prepareStatement(OfferRows.UPSERT)) {
                for (OfferUpdate u : ordered) {
                    OfferRows.bindUpsert(ps, u);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<OfferRecord> loadOffers() {
        checkOpen();
        return database.withConnection("load offers", c -> {
            List<OfferRecord> rows = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(OfferRows.SELECT_ALL)) {
                while (rs.next()) {
                    rows.add(OfferRows.read(rs));
                }
            }
            return List.copyOf(rows);
        });
    }

    /** Removes the offers' health rows in one transaction; their snapshots stay for history. */
    @Override
    public int deleteOffers(List<OfferId> offers) {
        checkOpen();
        if (offers.isEmpty()) {
            return 0;
        }
        List<OfferId> ordered = offers.stream().sorted().distinct().toList();
        return database.inTransaction("delete " + ordered.size() + " offers", c -> {
            try (PreparedStatement ps = c.prepareStatement(OfferRows.DELETE)) {
                for (OfferId o : ordered) {
                    ps.setString(1, o.gateway());
                    ps.setString(2, o.model());
                    ps.addBatch();
                }
                return sum(ps.executeBatch());
            }
        });
    }

    @Override
    public void writeSystemSnapshot(SystemSnapshot s) {
        checkOpen();
        database.withConnection("write system snapshot", c -> {
            try (PreparedStatement ps = c.prepareStatement(insert("system_snapshots", SYSTEM_COLUMNS, 9))) {
                ps.setLong(1, s.at().toEpochMilli());
                ps.setDouble(2, s.healthPercentage());
                ps.setDouble(3, s.coveragePercentage());
                ps.setInt(4, s.healthyModels());
                ps.setInt(5, s.unhealthyModels());
                ps.setInt(6, s.trackedModels());
                ps.setInt(7, s.catalogModels());
                ps.setInt(8, s.healthyGateways());
                ps.setInt(9, s.totalGateways());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void writeGatewaySnapshots(List<GatewaySnapshot> snapshots) {
        checkOpen();
        if (snapshots.isEmpty()) {
            return;
        }
        database.inTransaction("write " + snapshots.size() + " gateway snapshots", c -> {
            try (PreparedStatement ps = c.prepareStatement(insert("gateway_snapshots", GATEWAY_COLUMNS, 7))) {
                for (GatewaySnapshot s : snapshots) {
                    ps.setLong(1, s.at().toEpochMilli());
                    ps.setString(2, s.gateway());
                    ps.setString(3, s.status().wireName());
                    ps.setInt(4, s.healthyOffers());
                    ps.setInt(5, s.totalOffers());
                    ps.setDouble(6, s.errorRate());
                    OfferRows.setDuration(ps, 7, OfferRows.present(s.latencyP50()));
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public void writeOfferSnapshots(List<OfferSnapshot> snapshots) {
        checkOpen();
        if (snapshots.isEmpty()) {
            return;
        }
        database.inTransaction("write " + snapshots.size() + " offer snapshots", c -> {
            try (PreparedStatement ps = c.prepareStatement(insert("offer_snapshots", OFFER_SNAPSHOT_COLUMNS, 6))) {
                for (OfferSnapshot s : snapshots) {
                    ps.setLong(1, s.at().toEpochMilli());
                    ps.setString(2, s.offer().gateway());
                    ps.setString(3, s.offer().model());
                    ps.setString(4, s.status().wireName());
                    ps.setDouble(5, s.successRate());
                    ps.setLong(6, s.calls());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public List<SystemSnapshot> systemSnapshots(Instant from, Instant to) {
        checkOpen();
        String sql = "SELECT " + SYSTEM_COLUMNS + " FROM system_snapshots WHERE at >= ? AND at < ? ORDER BY at";
        return query("read system snapshots", sql, from, to, rs -> new SystemSnapshot(
                Instant.ofEpochMilli(rs.getLong("at")),
                rs.getDouble("health_percentage"),
                rs.getDouble("coverage_percentage"),
                rs.getInt("healthy_models"),
                rs.getInt("unhealthy_models"),
                rs.getInt("tracked_models"),
                rs.getInt("catalog_models"),
                rs.getInt("healthy_gateways"),
                rs.getInt("total_gateways")));
    }

    @Override
    public List<GatewaySnapshot> gatewaySnapshots(Instant from, Instant to) {
        checkOpen();
        String sql = "SELECT " + GATEWAY_COLUMNS + " FROM gateway_snapshots WHERE at >= ? AND at < ? ORDER BY at, gateway";
        return query("read gateway snapshots", sql, from, to, rs -> new GatewaySnapshot(
                Instant.ofEpochMilli(rs.getLong("at")),
                rs.getString("gateway"),
                GatewayStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getInt("healthy_offers"),
                rs.getInt("total_offers"),
                rs.getDouble("error_rate"),
                OfferRows.duration(rs, "latency_p50_ms")));
    }

    /** Offers appear in gateway order; an offer with no snapshot in the range is absent, never 0. */
    @Override
    public Map<OfferId, Double> uptime(String model, Instant from, Instant to) {
        checkOpen();
        String sql = "SELECT gateway, SUM(CASE WHEN status IN (?, ?, ?) THEN 1 ELSE 0 END) AS up, COUNT(*) AS total "
                + "FROM offer_snapshots WHERE model = ? AND at >= ? AND at < ? GROUP BY gateway ORDER BY gateway";
        return database.withConnection("read uptime of " + model, c -> {
            Map<OfferId, Double> uptime = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, OfferStatus.HEALTHY.wireName());
                ps.setString(2, OfferStatus.DEGRADED.wireName());
                ps.setString(3, OfferStatus.DEGRADING.wireName());
                ps.setString(4, model);
                ps.setLong(5, from.toEpochMilli());
                ps.setLong(6, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        uptime.put(new OfferId(rs.getString("gateway"), model),
                                (double) rs.getLong("up") / rs.getLong("total"));
                    }
                }
            }
            return Collections.unmodifiableMap(uptime);
        });
    }

    /** Prunes system, gateway and offer snapshots in one transaction. */
    @Override
    public int pruneSnapshotsBefore(Instant cutoff) {
        checkOpen();
        return database.inTransaction("prune snapshots before " + cutoff, c -> {
            int removed = 0;
            for (String table : SNAPSHOT_TABLES) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE at < ?")) {
                    ps.setLong(1, cutoff.toEpochMilli());
                    removed += ps.executeUpdate();
                }
            }
            return removed;
        });
    }

    /** {@code SELECT 1} within {@value #REACHABILITY_TIMEOUT_SECONDS} s (plus the pool's connection wait). */
    @Override
    public boolean isReachable() {
        if (closed || !database.isConnected()) {
            return false;
        }
        // isValid bounds the wait by the socket itself; a query timeout is a cancel request sent over a
        // second connection, which a cut or stalled network never delivers, so the check then waited
        // for the 30 s socket timeout and readiness reported a reading that old.
        try (Connection c = database.dataSource().getConnection()) {
            return c.isValid(REACHABILITY_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (ownsDatabase) {
            database.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcHealthStore on " + database;
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("health store on " + database + " is closed");
        }
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String what, String sql, Instant from, Instant to, RowReader<T> reader) {
        return database.withConnection(what, c -> {
            List<T> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(reader.read(rs));
                    }
                }
            }
            return List.copyOf(rows);
        });
    }

    private static String insert(String table, String columns, int count) {
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + "?, ".repeat(count - 1) + "?)";
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int n : counts) {
            total += n == Statement.SUCCESS_NO_INFO ? 1 : Math.max(n, 0);
        }
        return total;
    }
}
