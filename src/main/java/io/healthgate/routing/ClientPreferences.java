package io.healthgate.routing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A client's OpenRouter-style {@code provider: {order, allow_fallbacks, ignore}} object, parsed
 * by the proxy from the request body (and removed before the upstream sees it). Gateway names are
 * compared case-insensitively (stored trimmed and lower-cased).
 *
 * @param order gateways to try first, in this order
 * @param allowFallbacks false: only the {@code order} gateways (or, with no order, only the best
 *        candidate) are tried
 * @param ignore gateways never to use
 */
public record ClientPreferences(List<String> order, boolean allowFallbacks, Set<String> ignore) {

    /** No preferences: health decides, fallbacks allowed. */
    public static final ClientPreferences NONE = new ClientPreferences(List.of(), true, Set.of());

    public ClientPreferences {
        order = List.copyOf(normalized(order == null ? List.of() : order, "order"));
        ignore = Set.copyOf(normalized(ignore == null ? List.of() : ignore, "ignore"));
    }

    private static LinkedHashSet<String> normalized(java.util.Collection<String> names, String field) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("provider." + field + " must list gateway names, got '" + n + "'");
            }
            out.add(n.trim().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    public boolean ignores(String gateway) {
        return ignore.contains(gateway.toLowerCase(Locale.ROOT));
    }

    /** The gateway's place in the client's order, or -1 when it is not listed. */
    public int positionOf(String gateway) {
        return order.indexOf(gateway.toLowerCase(Locale.ROOT));
    }

    /** False when the client allows only its ordered gateways and this is not one of them. */
    public boolean permits(String gateway) {
        if (ignores(gateway)) {
            return false;
        }
        return allowFallbacks || order.isEmpty() || positionOf(gateway) >= 0;
    }
}
