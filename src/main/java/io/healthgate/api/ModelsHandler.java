package io.healthgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code GET /v1/models} in OpenAI's list shape. By default only models a request could reach
 * (at least one offer on a configured gateway); {@code ?all=true} lists the whole catalog, the one
 * served at the time of the request.
 */
final class ModelsHandler {
    private final Supplier<Catalog> catalog;
    private final Predicate<Gateway> configured;

    ModelsHandler(Supplier<Catalog> catalog, Predicate<Gateway> configured) {
        this.catalog = catalog;
        this.configured = configured;
    }

    void handle(RoutingContext ctx) {
        boolean all = "true".equalsIgnoreCase(ctx.request().getParam("all"));
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        Catalog catalog = this.catalog.get();
        for (Model m : catalog.models()) {
            if (!all && !reachable(catalog, m)) {
                continue;
            }
            ObjectNode o = data.addObject();
            o.put("id", m.id());
            o.put("object", "model");
            o.put("created", 0);
            o.put("owned_by", m.provider());
        }
        Replies.json(ctx.response(), 200, root.toString());
    }

    private boolean reachable(Catalog catalog, Model m) {
        return m.offers().stream().anyMatch(o -> catalog.gateway(o.gateway()).filter(configured).isPresent());
    }
}
