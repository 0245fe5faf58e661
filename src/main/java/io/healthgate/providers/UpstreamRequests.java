package io.healthgate.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Protocol;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shapes a request body (already in the gateway's protocol) into the call that gateway expects:
 *
 * <ul>
 *   <li>URL: {@code base_url + /chat/completions} (openai) or {@code base_url + /messages}
 *       (anthropic); {@code ${NAME}} or {@code {NAME}} in the base URL (Cloudflare's account id)
 *       is filled from the environment;</li>
 *   <li>headers: {@code Authorization: Bearer <key>} (openai) or {@code x-api-key} plus
 *       {@code anthropic-version: 2023-06-01} (anthropic), JSON content type, and the gateway's
 *       extra headers with {@code ${NAME}} filled from the environment (a header whose variable is
 *       unset is left out: see {@link #missingEnv});</li>
 *   <li>body: a copy with {@code model} set to the offer's upstream id; for openai gateways the
 *       token limit is named as the gateway wants it ({@code max_completion_tokens} when
 *       {@link Gateway#maxCompletionTokens()}, else {@code max_tokens}, since many
 *       OpenAI-compatible servers reject the newer name).</li>
 * </ul>
 */
public final class UpstreamRequests {

    public static final String ANTHROPIC_VERSION = "2023-06-01";
    private static final Pattern VAR = Pattern.compile("\\$?\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private UpstreamRequests() {
    }

    public static UpstreamRequest build(Gateway gateway, String upstreamModel, String apiKey, JsonNode body, Map<String, String> env) {
        return build(gateway, upstreamModel, apiKey, body, env, null);
    }

    /**
     * As {@link #build(Gateway, String, String, JsonNode, Map)}, to another endpoint of the gateway.
     *
     * @param path what follows the base URL ({@code /responses}, {@code /embeddings}, {@code /completions},
     *     {@code /messages/count_tokens}); null for the protocol's chat endpoint
     */
    public static UpstreamRequest build(Gateway gateway, String upstreamModel, String apiKey, JsonNode body, Map<String, String> env,
                                        String path) {
        Objects.requireNonNull(gateway, "gateway");
        boolean stream = body != null && body.path("stream").asBoolean(false);
        checkModelAndKey(gateway, upstreamModel, apiKey);
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the request body must be a JSON object");
        }
        String chatPath = chatPath(gateway);
        Endpoint endpoint = endpoint(gateway, upstreamModel, apiKey, env, path, stream);
        path = path == null ? chatPath : path;

        ObjectNode shaped = ((ObjectNode) body).deepCopy();
        shaped.put("model", upstreamModel);
        if (gateway.protocol() == Protocol.OPENAI && path.equals(chatPath)) {
            String wanted = gateway.maxCompletionTokens() ? "max_completion_tokens" : "max_tokens";
            String other = gateway.maxCompletionTokens() ? "max_tokens" : "max_completion_tokens";
            if (shaped.has(other)) {
                JsonNode value = shaped.remove(other);
                if (!shaped.has(wanted)) {
                    shaped.set(wanted, value);
                }
            }
        }
        return new UpstreamRequest(endpoint.url(), endpoint.headers(), shaped);
    }

    /** Where a call goes and with which headers (the credential among them): all of a call but its body. */
    public record Endpoint(String url, Map<String, String> headers) {
        @Override
        public String toString() {
            return "Endpoint[POST " + url + ", headers=" + headers.keySet() + "]";
        }
    }

    /**
     * The URL and headers of a call to {@code gateway}, for a body shaped elsewhere (a relayed
     * request's bytes).
     *
     * @param path what follows the base URL; null for the protocol's chat endpoint
     * @param stream the body asks for a stream (the {@code accept} header)
     */
    public static Endpoint endpoint(Gateway gateway, String upstreamModel, String apiKey, Map<String, String> env, String path,
                                    boolean stream) {
        checkModelAndKey(gateway, upstreamModel, apiKey);
        String p = path == null ? chatPath(gateway) : path;
        String base = substitute(gateway.baseUrl(), env);
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + p;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("accept", stream ? "text/event-stream" : "application/json");
        for (Map.Entry<String, String> h : gateway.headers().entrySet()) {
            if (missing(h.getValue(), env).isEmpty()) {
                headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), substitute(h.getValue(), env));
            }
        }
        if (gateway.protocol() == Protocol.ANTHROPIC) {
            headers.put("x-api-key", apiKey);
            headers.putIfAbsent("anthropic-version", ANTHROPIC_VERSION);
        } else {
            headers.put("authorization", "Bearer " + apiKey);
        }
        return new Endpoint(url, java.util.Collections.unmodifiableMap(headers));
    }

    private static void checkModelAndKey(Gateway gateway, String upstreamModel, String apiKey) {
        Objects.requireNonNull(gateway, "gateway");
        if (upstreamModel == null || upstreamModel.isBlank()) {
            throw new IllegalArgumentException("an upstream model id is required for gateway " + gateway.name());
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("gateway " + gateway.name() + " has no API key (set " + gateway.apiKeyEnv() + ")");
        }
    }

    private static String chatPath(Gateway gateway) {
        return switch (gateway.protocol()) {
            case OPENAI -> "/chat/completions";
            case ANTHROPIC -> "/messages";
            case SPECIAL -> throw new IllegalArgumentException("gateway " + gateway.name() + " needs its own adapter");
        };
    }

    /** The environment variables the gateway's base URL and extra headers name but {@code env} lacks. */
    public static Set<String> missingEnv(Gateway gateway, Map<String, String> env) {
        Set<String> names = new LinkedHashSet<>(missing(gateway.baseUrl(), env));
        gateway.headers().values().forEach(v -> names.addAll(missing(v, env)));
        return names;
    }

    private static Set<String> missing(String template, Map<String, String> env) {
        if (template.indexOf('{') < 0) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VAR.matcher(template);
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null || v.isEmpty()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static String substitute(String template, Map<String, String> env) {
        if (template.indexOf('{') < 0) {
            return template; // VAR needs a '{': most base URLs and header values have none, and this runs per call
        }
        Matcher m = VAR.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
