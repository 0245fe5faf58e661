package io.healthgate.cleanup;

import io.healthgate.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs cleanup once a day inside {@code serve}, when {@code cleanup.schedule_enabled} (off by
 * default). A dry run unless {@code cleanup.live}: it then only logs what it would remove. A
 * failed run is logged and the next day's run still happens.
 */
public final class CleanupScheduler implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofDays(1);
    /** The first run waits a while after start so it judges with fresh health data. */
    public static final Duration FIRST_RUN_DELAY = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(CleanupScheduler.class);

    /** Runs a task later on another thread; the production one wraps a ScheduledExecutorService. */
    @FunctionalInterface
    public interface Timer {
        void schedule(Runnable task, Duration delay);
    }

    private final Cleanup cleanup;
    private final CleanupSettings settings;
    private final Supplier<Catalog> catalog;
    private final Timer timer;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile CleanupReport last;

    public CleanupScheduler(Cleanup cleanup, CleanupSettings settings, Supplier<Catalog> catalog, Timer timer) {
        this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    /** Schedules the daily run; does nothing (and returns false) when the schedule is off. */
    public boolean start() {
        if (!settings.scheduleEnabled()) {
            log.debug("scheduled cleanup is off (cleanup.schedule_enabled: false)");
            return false;
        }
        if (started.compareAndSet(false, true)) {
            log.info("scheduled cleanup: daily, {} (first run in {} min)",
                    settings.live() ? "LIVE (removes dead offers)" : "dry run (reports only)", FIRST_RUN_DELAY.toMinutes());
            timer.schedule(this::runAndReschedule, FIRST_RUN_DELAY);
        }
        return true;
    }

    /** The report of the most recent scheduled run, or null before the first. */
    public CleanupReport lastReport() {
        return last;
    }

    private void runAndReschedule() {
        if (closed) {
            return;
        }
        try {
            CleanupMode mode = settings.live() ? CleanupMode.LIVE : CleanupMode.DRY_RUN;
            CleanupReport report = cleanup.run(catalog.get(), mode);
            last = report;
            if (report.candidates().isEmpty()) {
                log.info("scheduled cleanup ({}): no candidates", mode.wireName());
            } else {
                log.info("scheduled cleanup ({}): {} candidates {}, {} removed", mode.wireName(), report.candidates().size(),
                        report.countByReason(), report.removed());
            }
        } catch (RuntimeException e) {
            log.error("scheduled cleanup failed; will try again in {} h: {}", INTERVAL.toHours(), e.getMessage());
        } finally {
            if (!closed) {
                timer.schedule(this::runAndReschedule, INTERVAL);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
