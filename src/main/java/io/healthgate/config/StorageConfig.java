package io.healthgate.config;

import io.healthgate.health.StoreLink;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code storage:} the JDBC store and how it survives an outage. {@code url} is
 * {@code jdbc:sqlite:...} (the default, a file under data/) or {@code jdbc:postgresql://...}.
 * {@code replay_buffer_max} bounds each write-behind buffer (offer deltas, outcome-history
 * offer-minutes) while the store is unreachable: what does not fit is dropped and counted.
 * {@code reconnect_initial_ms} / {@code reconnect_max_ms}: a store unreachable at start is retried
 * after the initial wait, doubled after each failure up to the max. The section's other keys
 * ({@code snapshot_retention_days}, {@code flush_interval_ms}) drive the health writer, so they are
 * read into {@link io.healthgate.health.HealthSettings}.
 */
public record StorageConfig(String url, int replayBufferMax, StoreLink.Backoff reconnect) {
    public static final String DEFAULT_URL = "jdbc:sqlite:data/healthgate.db";
    public static final int DEFAULT_REPLAY_BUFFER_MAX = 500_000;
    public static final StoreLink.Backoff DEFAULT_RECONNECT = new StoreLink.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    public StorageConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(reconnect, "reconnect");
        if (!isSqlite(url) && !isPostgres(url)) {
            throw new IllegalArgumentException("storage.url must be jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB, got "
                    + Section.quote(Section.redact(url)));
        }
        if (replayBufferMax < 1) {
            throw new IllegalArgumentException("storage.replay_buffer_max must be >= 1, got " + replayBufferMax);
        }
    }

    /** {@code url} with the default buffer bound and reconnect backoff. */
    public StorageConfig(String url) {
        this(url, DEFAULT_REPLAY_BUFFER_MAX, DEFAULT_RECONNECT);
    }

    public static StorageConfig defaults() {
        return new StorageConfig(DEFAULT_URL);
    }

    /** The same store with another buffer bound. */
    public StorageConfig withReplayBufferMax(int max) {
        return new StorageConfig(url, max, reconnect);
    }

    /** The same store with another reconnect backoff. */
    public StorageConfig withReconnect(StoreLink.Backoff backoff) {
        return new StorageConfig(url, replayBufferMax, backoff);
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
