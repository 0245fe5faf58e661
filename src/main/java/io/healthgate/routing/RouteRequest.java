package io.healthgate.routing;

import io.healthgate.catalog.Catalog;

import java.util.Objects;

/**
 * What the router plans for: the resolved model (with its pin, if the client asked for
 * {@code gateway/model}) and the client's provider preferences.
 */
public record RouteRequest(Catalog.Resolution resolution, ClientPreferences preferences) {
    public RouteRequest {
        Objects.requireNonNull(resolution, "resolution");
        preferences = preferences == null ? ClientPreferences.NONE : preferences;
    }

    public RouteRequest(Catalog.Resolution resolution) {
        this(resolution, ClientPreferences.NONE);
    }

    public String model() {
        return resolution.model().id();
    }
}
