package io.healthgate.alerting;

import java.util.Locale;

/** How urgent a notification is. {@link #RESOLVED} closes an alert that fired before. */
public enum Severity {
    INFO, WARNING, CRITICAL, RESOLVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromWireName(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
