package io.healthgate.api;

/**
 * Reloads the catalog and configuration without a restart ({@code POST /admin/reload}); the
 * composition root supplies it. Runs on a worker thread, never an event loop.
 */
@FunctionalInterface
public interface Reloader {
    /** What a process without reload support answers. */
    Reloader UNSUPPORTED = () -> {
        throw new UnsupportedOperationException("reload is not available in this process: restart it to apply changes");
    };

    /**
     * Reloads; returns what changed, in words (no secrets). When the new configuration is invalid it
     * throws with a message that says what is wrong, and the running configuration stays in force.
     */
    String reload() throws Exception;
}
