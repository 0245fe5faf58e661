package io.healthgate.audit;

import java.util.Locale;

/** What the environment holds for a gateway's key variable. */
public enum KeyStatus {
    /** Set to something that looks like a key. */
    SET,
    /** The variable does not exist. */
    MISSING,
    /** The variable exists but is empty or blank. */
    EMPTY,
    /** Set, but with leading/trailing whitespace, wrapping quotes, a line break or a "Bearer " prefix. */
    MALFORMED,
    /** The gateway is disabled (special protocol, or switched off), so its key does not matter. */
    DISABLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
