package io.healthgate.cleanup;

import java.time.Duration;
import java.util.Objects;

/**
 * Thresholds of the cleanup rules and how the scheduled run behaves.
 *
 * @param staleAfter an offer not called or checked for this long is a candidate; an offer never
 *     checked at all becomes one only this long after it was added (so a fresh install removes nothing)
 * @param recentSuccessGuard an offer with a success within this time is never a candidate
 * @param minAllErrorCalls "100% errors" needs at least this many calls
 * @param minNotFoundChecks "not_found" needs at least this many not_found answers ...
 * @param notFoundSpread ... spread over at least this long (first to last)
 * @param scheduleEnabled run daily inside {@code serve}
 * @param live the scheduled run removes (false: it only reports)
 */
public record CleanupSettings(
        Duration staleAfter,
        Duration recentSuccessGuard,
        int minAllErrorCalls,
        int minNotFoundChecks,
        Duration notFoundSpread,
        boolean scheduleEnabled,
        boolean live) {

    public static final int DEFAULT_STALE_DAYS = 30;
    public static final Duration DEFAULT_RECENT_SUCCESS_GUARD = Duration.ofDays(7);
    public static final int DEFAULT_MIN_ALL_ERROR_CALLS = 10;
    public static final int DEFAULT_MIN_NOT_FOUND_CHECKS = 3;
    public static final Duration DEFAULT_NOT_FOUND_SPREAD = Duration.ofHours(24);
    public static final boolean DEFAULT_SCHEDULE_ENABLED = false;
    public static final boolean DEFAULT_LIVE = false;

    public CleanupSettings {
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(recentSuccessGuard, "recentSuccessGuard");
        Objects.requireNonNull(notFoundSpread, "notFoundSpread");
        if (staleAfter.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("cleanup.stale_days must be >= 1, got " + staleAfter.toDays());
        }
        if (recentSuccessGuard.isNegative() || notFoundSpread.isNegative()) {
            throw new IllegalArgumentException("durations must be >= 0, got " + recentSuccessGuard + ", " + notFoundSpread);
        }
        if (minAllErrorCalls < 1 || minNotFoundChecks < 1) {
            throw new IllegalArgumentException("minimum counts must be >= 1, got " + minAllErrorCalls + ", " + minNotFoundChecks);
        }
    }

    public static CleanupSettings defaults() {
        return of(DEFAULT_SCHEDULE_ENABLED, DEFAULT_LIVE, DEFAULT_STALE_DAYS);
    }

    /** From config's {@code cleanup.{schedule_enabled, live, stale_days}}; the rest at defaults. */
    public static CleanupSettings of(boolean scheduleEnabled, boolean live, int staleDays) {
        return new CleanupSettings(Duration.ofDays(staleDays), DEFAULT_RECENT_SUCCESS_GUARD, DEFAULT_MIN_ALL_ERROR_CALLS,
                DEFAULT_MIN_NOT_FOUND_CHECKS, DEFAULT_NOT_FOUND_SPREAD, scheduleEnabled, live);
    }
}
