package io.healthgate.api;

import io.healthgate.catalog.OfferId;

import java.util.List;
import java.util.Objects;

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
     * Reloads and says what changed (no secrets). When the new configuration is invalid it throws
     * {@link Rejected}, and the running configuration stays in force.
     */
    Result reload() throws Exception;

    /**
     * What a reload did.
     *
     * @param gateways gateways in the catalog now served
     * @param models models in the catalog now served
     * @param addedOffers offers served from now on that were not before
     * @param removedOffers offers no longer served (requests already under way finish on them)
     * @param restartRequired key paths whose new values differ from the running ones but only take
     *     effect after a restart (e.g. {@code server.port}); values are never shown
     */
    record Result(int gateways, int models, List<OfferId> addedOffers, List<OfferId> removedOffers, List<String> restartRequired) {
        public Result {
            addedOffers = List.copyOf(addedOffers);
            removedOffers = List.copyOf(removedOffers);
            restartRequired = List.copyOf(restartRequired);
        }
    }

    /** The new configuration cannot be used; nothing was changed. Each problem names its key path and bad value. */
    final class Rejected extends RuntimeException {
        private final List<String> problems;

        public Rejected(List<String> problems) {
            super(String.join("\n", problems));
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one problem");
            }
            this.problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
        }

        public List<String> problems() {
            return problems;
        }
    }
}
