package io.healthgate.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What clients do wrong (hang up mid-body or mid-stream, send junk, let a body time out) is logged
 * here: at INFO, never WARN or ERROR, which mean the gateway or an upstream is at fault; and at
 * most one line per kind per interval, the next one saying how many were left out, so a client
 * cannot flood the log on demand.
 */
final class ClientNoise {
    private static final Logger log = LoggerFactory.getLogger(ClientNoise.class);
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final Clock clock;
    private final Duration interval;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        Instant last;
        long left;
    }

    ClientNoise(Clock clock, Duration interval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /**
     * Logs {@code message} ({@code {}} placeholders, as SLF4J) unless a line of this {@code kind}
     * was logged less than an interval ago; then it is only counted.
     *
     * @return true when it was logged
     */
    boolean note(String kind, String message, Object... args) {
        Instant now = clock.instant();
        long left;
        Window w = windows.computeIfAbsent(kind, k -> new Window());
        synchronized (w) {
            if (w.last != null && now.isBefore(w.last.plus(interval))) {
                w.left++;
                return false;
            }
            w.last = now;
            left = w.left;
            w.left = 0;
        }
        if (log.isInfoEnabled()) {
            String line = org.slf4j.helpers.MessageFormatter.arrayFormat(message, args).getMessage();
            log.info("{}{}", line, left == 0 ? "" : " (" + left + " more like it in the last " + interval.toSeconds() + " s not logged)");
        }
        return true;
    }

    /** True when {@code failure} only says the client's connection went away (nothing the gateway did). */
    static boolean clientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            String m = t.getMessage();
            if (t instanceof java.io.IOException && m != null && (m.contains("Connection reset") || m.contains("Broken pipe"))) {
                return true;
            }
        }
        return false;
    }
}
