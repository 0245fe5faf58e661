package io.healthgate.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The default catalog shipped inside the jar: 31 gateways, 115 chat models and 2 embedding models, generated from
 * data/gateways.tsv and data/models.tsv by scripts/gen-catalog.py into
 * {@value #RESOURCE} (each offer keeps its source key, so every fact stays traceable). Special
 * gateways are listed but disabled until an adapter exists.
 */
public final class BuiltinCatalog {
    public static final String RESOURCE = "/catalog/builtin-catalog.yaml";
    static final String LABEL = "builtin-catalog.yaml (built in)";

    private static volatile Definition cached;

    private BuiltinCatalog() {
    }

    /** The gateways and models as written in the resource (placeholders unfilled). */
    public record Definition(List<Gateway> gateways, List<ModelConfig> models) {
        public Definition {
            gateways = List.copyOf(gateways);
            models = List.copyOf(models);
        }
    }

    /**
     * Loads the built-in catalog as written: {@code ${ENV}} placeholders stay unfilled. Use
     * {@link CatalogFactory#build} to get one with placeholders filled from the environment.
     */
    public static Catalog load() {
        Definition d = definition();
        return new Catalog(d.gateways(),
                d.models().stream().map(ModelConfig::toModel).toList());
    }

    /** The parsed resource, read once. */
    public static Definition definition() {
        Definition d = cached;
        if (d == null) {
            d = read();
            cached = d;
        }
        return d;
    }

    private static Definition read() {
        ObjectNode root = ConfigLoader.parseMapping(ConfigLoader.resourceText(RESOURCE), LABEL);
        Problems problems = new Problems(LABEL);
        Section section = new Section(root, "", problems);
        List<Gateway> gateways = CatalogBinder.gateways(section);
        Set<String> names = new HashSet<>();
        gateways.forEach(g -> names.add(g.name()));
        List<ModelConfig> models = CatalogBinder.models(section, names);
        section.finish();
        problems.throwIfAny();
        return new Definition(gateways, models);
    }
}
