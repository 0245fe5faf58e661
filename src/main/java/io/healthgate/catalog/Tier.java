package io.healthgate.catalog;

import java.util.Locale;

/** How closely an offer is watched. Explicit in the catalog, else assigned from traffic share. */
public enum Tier {
    CRITICAL, POPULAR, STANDARD, ON_DEMAND;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Tier fromWireName(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
