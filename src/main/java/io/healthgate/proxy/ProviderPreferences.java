package io.healthgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.routing.ClientPreferences;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a client's OpenRouter-style {@code provider: {order, allow_fallbacks, ignore}} object
 * from a request body and takes it out, so no upstream ever sees it. Rules: {@code provider} is
 * absent, {@code null} or an object; {@code order} and {@code ignore} are arrays of gateway names
 * from the catalog (any case); {@code allow_fallbacks} is a boolean (default true); any other key
 * is refused by name, so a client never believes an option works that Healthgate ignores.
 */
final class ProviderPreferences {
    static final String FIELD = "provider";
    private static final Set<String> KEYS = Set.of("order", "allow_fallbacks", "ignore");

    private ProviderPreferences() {
    }

    /** The client's preferences and the body the upstream may see. */
    record Extracted(ClientPreferences preferences, ObjectNode body) {
    }

    /** @throws IllegalArgumentException with a message for the client when the object is malformed */
    static Extracted extract(ObjectNode body, Catalog catalog) {
        if (!body.has(FIELD)) {
            return new Extracted(ClientPreferences.NONE, body);
        }
        JsonNode p = body.get(FIELD);
        ObjectNode stripped = body.deepCopy();
        stripped.remove(FIELD);
        if (p.isNull()) {
            return new Extracted(ClientPreferences.NONE, stripped);
        }
        if (!p.isObject()) {
            throw new IllegalArgumentException("'provider' must be an object like {\"order\": [\"groq\"], \"allow_fallbacks\": true, \"ignore\": []}");
        }
        for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("'provider." + k + "' is not supported; supported keys: order, allow_fallbacks, ignore");
            }
        }
        JsonNode fallbacks = p.get("allow_fallbacks");
        if (fallbacks != null && !fallbacks.isNull() && !fallbacks.isBoolean()) {
            throw new IllegalArgumentException("'provider.allow_fallbacks' must be a boolean, got " + fallbacks);
        }
        Set<String> known = new TreeSet<>();
        for (Gateway g : catalog.gateways()) {
            known.add(g.name().toLowerCase(Locale.ROOT));
        }
        List<String> order = names(p.get("order"), "order", known);
        List<String> ignore = names(p.get("ignore"), "ignore", known);
        boolean allow = fallbacks == null || fallbacks.isNull() || fallbacks.booleanValue();
        return new Extracted(new ClientPreferences(order, allow, Set.copyOf(ignore)), stripped);
    }

    private static List<String> names(JsonNode node, String field, Set<String> known) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'provider." + field + "' must be an array of gateway names, got " + node);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new IllegalArgumentException("'provider." + field + "' must list gateway names as strings, got " + n);
            }
            String name = n.asText().trim().toLowerCase(Locale.ROOT);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("'provider." + field + "' names unknown gateway '" + n.asText()
                        + "'; known gateways: " + String.join(", ", known));
            }
            out.add(name);
        }
        return out;
    }
}
