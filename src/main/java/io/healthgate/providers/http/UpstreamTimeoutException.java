package io.healthgate.providers.http;

import java.util.concurrent.TimeoutException;

/**
 * An upstream call ran out of one of its limits. A {@link TimeoutException}, so plain-Java
 * classifiers recognise it without knowing about Vert.x.
 */
public final class UpstreamTimeoutException extends TimeoutException {
    /** Which limit ran out. */
    public enum Phase { FIRST_BYTE, IDLE, TOTAL }

    private final Phase phase;

    public UpstreamTimeoutException(Phase phase, long millis) {
        super("no " + (phase == Phase.IDLE ? "data" : phase == Phase.FIRST_BYTE ? "first byte" : "complete response")
                + " from upstream within " + millis + " ms");
        this.phase = phase;
    }

    public Phase phase() {
        return phase;
    }
}
