package io.healthgate.store;

import io.healthgate.alerting.AlertHistory;
import io.healthgate.alerting.AlertNotification;
import io.healthgate.alerting.Severity;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Alert history in table {@code alert_history}: one row per notification sent, with the sinks it
 * went to (comma-separated). Blocks on I/O; the alert dispatcher calls it off the request path.
 */
public final class JdbcAlertHistory implements AlertHistory {
    /** {@link #recent} never returns more than this many rows, whatever it is asked for. */
    public static final int MAX_RECENT = 1_000;

    private static final String INSERT = "INSERT INTO alert_history "
            + "(alert_key, severity, title, message, health_percentage, created_at, sinks) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String RECENT = "SELECT id, alert_key, severity, title, message, health_percentage, created_at, sinks "
            + "FROM alert_history ORDER BY created_at DESC, id DESC LIMIT ?";

    private final Database database;

    public JdbcAlertHistory(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void record(AlertNotification n, List<String> sinks) {
        database.withConnection("record alert " + n.key(), c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setString(1, n.key());
                ps.setString(2, n.severity().wireName());
                ps.setString(3, io.healthgate.providers.Secrets.mask(n.title()));
                ps.setString(4, io.healthgate.providers.Secrets.mask(n.message()));
                if (Double.isNaN(n.healthPercentage())) {
                    ps.setNull(5, Types.DOUBLE);
                } else {
                    ps.setDouble(5, n.healthPercentage());
                }
                ps.setLong(6, n.at().toEpochMilli());
                ps.setString(7, String.join(",", sinks));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<Entry> recent(int limit) {
        int n = Math.max(0, Math.min(limit, MAX_RECENT));
        if (n == 0) {
            return List.of();
        }
        return database.withConnection("read recent alerts", c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(RECENT)) {
                ps.setInt(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double health = rs.getDouble("health_percentage");
                        if (rs.wasNull()) {
                            health = Double.NaN;
                        }
                        String sinks = rs.getString("sinks");
                        out.add(new Entry(rs.getLong("id"), rs.getString("alert_key"), Severity.fromWireName(rs.getString("severity")),
                                rs.getString("title"), rs.getString("message"), health, Instant.ofEpochMilli(rs.getLong("created_at")),
                                sinks == null || sinks.isBlank() ? List.of() : Arrays.asList(sinks.split(","))));
                    }
                }
            }
            return List.copyOf(out);
        });
    }
}
