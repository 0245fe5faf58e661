package io.healthgate.config;

import io.healthgate.catalog.Catalog;

/** The default catalog shipped inside the jar (31 gateways, 115 models from ../shared). */
public final class BuiltinCatalog {
    private BuiltinCatalog() {
    }

    /** Loads the built-in catalog. Placeholder until the catalog resource lands. */
    public static Catalog load() {
        throw new UnsupportedOperationException("built-in catalog not built yet");
    }
}
