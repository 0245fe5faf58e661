package io.healthgate.cleanup;

import java.util.Locale;

/** Why an offer is a cleanup candidate, in the order the rules are tried. */
public enum CleanupReason {
    /** The offer is in the store but in no catalog any more. */
    NOT_IN_CATALOG,
    /** The gateway answered not_found repeatedly, over at least a day. */
    NOT_FOUND,
    /** Every call failed, over enough calls to be sure. */
    ALL_ERRORS,
    /** Never called nor probed since it was added, long ago. */
    NEVER_CHECKED,
    /** Not called nor probed for a long time. */
    STALE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
