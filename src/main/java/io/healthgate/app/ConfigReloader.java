package io.healthgate.app;

import io.healthgate.api.Reloader;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.config.CatalogFactory;
import io.healthgate.config.ConfigException;
import io.healthgate.config.HealthgateConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code POST /admin/reload}: reads the configuration again from where the process got it (its
 * file, with the same environment), builds the catalog from it, and only when both succeed serves
 * the new catalog everywhere at once. A configuration that cannot be loaded or built changes
 * nothing and is {@link Reloader.Rejected rejected} with every problem.
 * <p>
 * The health engine learns the new catalog before the front doors serve it, so the first outcomes
 * of new offers are counted; evidence and breakers of offers that remain are kept, new offers
 * start unknown with a closed breaker. Settings outside the catalog are reported as
 * {@code restart_required} when they differ from the running ones ({@link RestartRequired}).
 * Reloads run one at a time.
 */
final class ConfigReloader implements Reloader {
    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    private final Supplier<HealthgateConfig> source;
    private final Map<String, String> env;
    private final HealthgateConfig running;
    private final ServedCatalog served;
    private final Consumer<ServedCatalog.View> beforeServing;

    /**
     * @param source loads the configuration afresh (e.g. {@code ConfigLoader.load(file, env)}); throws
     *     {@link ConfigException} when it is invalid
     * @param running the configuration the process started with (its non-catalog settings stay in force)
     * @param beforeServing told of the new catalog before requests can reach it (the health engine)
     */
    ConfigReloader(Supplier<HealthgateConfig> source, Map<String, String> env, HealthgateConfig running, ServedCatalog served,
                   Consumer<ServedCatalog.View> beforeServing) {
        this.source = Objects.requireNonNull(source, "source");
        this.env = Map.copyOf(env);
        this.running = Objects.requireNonNull(running, "running");
        this.served = Objects.requireNonNull(served, "served");
        this.beforeServing = Objects.requireNonNull(beforeServing, "beforeServing");
    }

    @Override
    public synchronized Result reload() {
        HealthgateConfig next;
        Catalog catalog;
        try {
            next = source.get();
            catalog = CatalogFactory.build(next, env);
        } catch (ConfigException e) {
            throw new Rejected(e.problems());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Rejected(List.of("configuration: " + e.getMessage()));
        }
        ServedCatalog.View view = served.viewOf(catalog);
        beforeServing.accept(view);
        ServedCatalog.View before = served.swap(view);

        Set<OfferId> was = ids(before.catalog());
        Set<OfferId> now = ids(catalog);
        List<OfferId> added = now.stream().filter(id -> !was.contains(id)).toList();
        List<OfferId> removed = was.stream().filter(id -> !now.contains(id)).toList();
        List<String> restart = RestartRequired.between(running, next);
        log.info("reloaded: {} gateways ({} configured), {} models; offers added {}, removed {}{}", catalog.gateways().size(),
                view.configured().size(), catalog.models().size(), added, removed,
                restart.isEmpty() ? "" : "; changed but needing a restart: " + String.join(", ", restart));
        return new Result(catalog.gateways().size(), catalog.models().size(), added, removed, restart);
    }

    private static Set<OfferId> ids(Catalog catalog) {
        return catalog.offers().stream().map(Offer::id).collect(Collectors.toCollection(TreeSet::new));
    }
}
