package io.healthgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.proxy.FrontDoor;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}. OpenAI's shape by default
 * ({@code {"object":"list","data":[{"id","object":"model","created","owned_by"}]}}); Anthropic's
 * when the request carries {@code anthropic-version}, as the Anthropic SDKs send it
 * ({@code {"data":[{"type":"model","id","display_name","created_at"}],"has_more","first_id","last_id"}}).
 * The list holds only models a request could reach (at least one offer on a configured gateway);
 * {@code ?all=true} lists the whole catalog, the one served at the time of the request. One model
 * is found by canonical id (slashes and all) or alias, and answered under the id asked for.
 */
final class ModelsHandler {
    /** Anthropic's list has created_at as an RFC 3339 time; the catalog has none, so the epoch stands in. */
    private static final String NO_DATE = "1970-01-01T00:00:00Z";

    private final Supplier<Catalog> catalog;
    private final Predicate<Gateway> configured;

    ModelsHandler(Supplier<Catalog> catalog, Predicate<Gateway> configured) {
        this.catalog = catalog;
        this.configured = configured;
    }

    static boolean anthropicShape(RoutingContext ctx) {
        return ctx.request().getHeader("anthropic-version") != null;
    }

    void list(RoutingContext ctx) {
        boolean all = "true".equalsIgnoreCase(ctx.request().getParam("all"));
        Catalog served = this.catalog.get();
        List<Model> models = served.models().stream().filter(m -> all || reachable(served, m)).toList();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (anthropicShape(ctx)) {
            ArrayNode data = root.putArray("data");
            models.forEach(m -> data.add(anthropic(m, m.id())));
            root.put("has_more", false);
            if (models.isEmpty()) {
                root.putNull("first_id");
                root.putNull("last_id");
            } else {
                root.put("first_id", models.get(0).id());
                root.put("last_id", models.get(models.size() - 1).id());
            }
        } else {
            root.put("object", "list");
            ArrayNode data = root.putArray("data");
            models.forEach(m -> data.add(openAi(m, m.id())));
        }
        Replies.json(ctx.response(), 200, root.toString());
    }

    void one(RoutingContext ctx) {
        String id = URLDecoder.decode(ctx.pathParam("id"), StandardCharsets.UTF_8);
        boolean anthropic = anthropicShape(ctx);
        Optional<Catalog.Resolution> found = catalog.get().resolve(id);
        if (found.isEmpty()) {
            Replies.error(ctx.response(), anthropic ? FrontDoor.ANTHROPIC : FrontDoor.OPENAI, 404,
                    "model '" + id + "' does not exist; GET /v1/models lists the models served", "model_not_found");
            return;
        }
        Model m = found.get().model();
        Replies.json(ctx.response(), 200, (anthropic ? anthropic(m, id) : openAi(m, id)).toString());
    }

    private static ObjectNode openAi(Model m, String id) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("object", "model").put("created", 0).put("owned_by", m.provider());
    }

    private static ObjectNode anthropic(Model m, String id) {
        return JsonNodeFactory.instance.objectNode().put("type", "model").put("id", id).put("display_name", id).put("created_at", NO_DATE);
    }

    private boolean reachable(Catalog catalog, Model m) {
        return m.offers().stream().anyMatch(o -> catalog.gateway(o.gateway()).filter(configured).isPresent());
    }
}
