package io.healthgate.support;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import io.healthgate.catalog.Tier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small catalogs for tests, built line by line: {@code gateway("a").model("m", "a", "b")}. */
public final class TestCatalogs {
    private final Map<String, Gateway> gateways = new LinkedHashMap<>();
    private final List<Model> models = new ArrayList<>();

    public static TestCatalogs builder() {
        return new TestCatalogs();
    }

    public TestCatalogs gateway(String name) {
        gateways.put(name, Gateway.of(name, "http://127.0.0.1:1/" + name, Protocol.OPENAI, name.toUpperCase() + "_API_KEY"));
        return this;
    }

    public TestCatalogs gateway(Gateway g) {
        gateways.put(g.name(), g);
        return this;
    }

    /** A model served by the given gateways; each offer's upstream id is {@code <gateway>-native/<model>}. */
    public TestCatalogs model(String id, String... onGateways) {
        return model(id, Optional.empty(), false, onGateways);
    }

    public TestCatalogs model(String id, Optional<Tier> tier, boolean reasoning, String... onGateways) {
        List<Offer> offers = new ArrayList<>();
        for (String g : onGateways) {
            offers.add(new Offer(g, id, upstreamId(g, id)));
        }
        models.add(new Model(id, null, tier, reasoning, 0, List.of(), offers));
        return this;
    }

    public static String upstreamId(String gateway, String model) {
        return gateway + "-native/" + model.substring(model.indexOf('/') + 1);
    }

    public Catalog build() {
        return new Catalog(gateways.values(), models);
    }
}
