package io.healthgate.config;

import java.util.Objects;

/**
 * {@code storage.url}: the JDBC store, {@code jdbc:sqlite:...} (the default, a file under data/)
 * or {@code jdbc:postgresql://...}. The section's other keys ({@code snapshot_retention_days},
 * {@code flush_interval_ms}) drive the health writer, so they are read into
 * {@link io.healthgate.health.HealthSettings}.
 */
public record StorageConfig(String url) {
    public static final String DEFAULT_URL = "jdbc:sqlite:data/healthgate.db";

    public StorageConfig {
        Objects.requireNonNull(url, "url");
        if (!isSqlite(url) && !isPostgres(url)) {
            throw new IllegalArgumentException("storage.url must be jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB, got "
                    + Section.quote(Section.redact(url)));
        }
    }

    public static StorageConfig defaults() {
        return new StorageConfig(DEFAULT_URL);
    }

    public boolean isPostgres() {
        return isPostgres(url);
    }

    public boolean isSqlite() {
        return isSqlite(url);
    }

    private static boolean isPostgres(String url) {
        return url.startsWith("jdbc:postgresql:");
    }

    private static boolean isSqlite(String url) {
        return url.startsWith("jdbc:sqlite:");
    }
}
