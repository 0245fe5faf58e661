package io.healthgate.cleanup;

import java.util.Locale;

/** A cleanup run that only reports ({@code dry_run}) or removes ({@code live}). */
public enum CleanupMode {
    DRY_RUN, LIVE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CleanupMode fromWireName(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
