package io.healthgate.config;

/**
 * {@code cleanup:} removing dead models from the catalog.
 *
 * @param scheduleEnabled run the cleanup report on a schedule
 * @param live actually remove (false: report only, a dry run)
 * @param staleDays an offer that has answered only not_found for this long is a candidate
 */
public record CleanupConfig(boolean scheduleEnabled, boolean live, int staleDays) {
    public static final boolean DEFAULT_SCHEDULE_ENABLED = false;
    public static final boolean DEFAULT_LIVE = false;
    public static final int DEFAULT_STALE_DAYS = 30;

    public CleanupConfig {
        if (staleDays < 1) {
            throw new IllegalArgumentException("staleDays must be >= 1, got " + staleDays);
        }
    }

    public static CleanupConfig defaults() {
        return new CleanupConfig(DEFAULT_SCHEDULE_ENABLED, DEFAULT_LIVE, DEFAULT_STALE_DAYS);
    }
}
