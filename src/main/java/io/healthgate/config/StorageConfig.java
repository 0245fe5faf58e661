package io.healthgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code storage:} the JDBC store. {@code jdbc:sqlite:...} (the default, a file under data/) or
 * {@code jdbc:postgresql://...}.
 *
 * @param snapshotRetentionDays how long health snapshots are kept for charts and SLA reports
 * @param flushIntervalMs how often buffered writes go to the store (written behind, in batches)
 */
public record StorageConfig(String url, int snapshotRetentionDays, int flushIntervalMs) {
    public static final String DEFAULT_URL = "jdbc:sqlite:data/healthgate.db";
    public static final int DEFAULT_SNAPSHOT_RETENTION_DAYS = 30;
    public static final int DEFAULT_FLUSH_INTERVAL_MS = 1000;

    public StorageConfig {
        Objects.requireNonNull(url, "url");
    }

    public static StorageConfig defaults() {
        return new StorageConfig(DEFAULT_URL, DEFAULT_SNAPSHOT_RETENTION_DAYS, DEFAULT_FLUSH_INTERVAL_MS);
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    public boolean isSqlite() {
        return url.startsWith("jdbc:sqlite:");
    }

    public Duration flushInterval() {
        return Duration.ofMillis(flushIntervalMs);
    }
}
