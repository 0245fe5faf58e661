package io.healthgate.app;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.proxy.ChatProxy;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The catalog the process serves now, with the facts the environment adds to it (which gateways
 * have their key set), as one immutable {@link View} swapped atomically on reload. Every component
 * reads it per request or per probe instead of holding a catalog of its own; a reader that takes
 * the view once (a request when it arrives) keeps a consistent catalog for as long as it needs.
 */
final class ServedCatalog implements Supplier<Catalog> {
    /** One catalog and the names of its gateways that are enabled and have their key set. */
    record View(Catalog catalog, Set<String> configured) {
        View {
            Objects.requireNonNull(catalog, "catalog");
            configured = Set.copyOf(configured);
        }

        static View of(Catalog catalog, Map<String, String> env) {
            return new View(catalog, catalog.gateways().stream().filter(g -> ChatProxy.configured(g, env))
                    .map(Gateway::name).collect(Collectors.toSet()));
        }
    }

    private final Map<String, String> env;
    private final AtomicReference<View> current;

    ServedCatalog(Catalog catalog, Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.current = new AtomicReference<>(View.of(catalog, this.env));
    }

    View view() {
        return current.get();
    }

    @Override
    public Catalog get() {
        return current.get().catalog();
    }

    /** True when the gateway is in the served catalog, enabled, and its key is set. */
    boolean hasKey(String gateway) {
        return current.get().configured().contains(gateway);
    }

    /** The view {@code next} would make, computed without swapping (so it can be applied elsewhere first). */
    View viewOf(Catalog next) {
        return View.of(next, env);
    }

    /** Serves {@code next} from now on; returns what was served before. */
    View swap(View next) {
        return current.getAndSet(Objects.requireNonNull(next, "next"));
    }
}
