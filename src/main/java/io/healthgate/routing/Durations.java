package io.healthgate.routing;

import java.time.Duration;

/** Durations as people read them in reasons: {@code 500ms}, {@code 30s}, {@code 120s}, {@code 5m}. */
final class Durations {
    private Durations() {
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000 || ms % 1000 != 0) {
            return ms < 1000 ? ms + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        // Whole minutes only from five minutes up: "120s" reads better than "2m" next to "30s".
        return s >= 300 && s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** A duration as a {@code *_seconds} config key holds it: whole seconds as a number, anything finer as written. */
    static String inSeconds(Duration d) {
        if (d == null) {
            return "nothing";
        }
        return d.getNano() == 0 ? String.valueOf(d.getSeconds()) : d.toString();
    }
}
