package io.healthgate.proxy.interim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** TEMPORARY: see package-info. URL, auth, extra headers, model id and token parameter. */
public final class UpstreamRequests {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private UpstreamRequests() {
    }

    public record Shaped(String url, Map<String, String> headers, ObjectNode body) {
    }

    public static Shaped shape(Gateway gateway, Offer offer, ObjectNode body, Map<String, String> env,
                               Map<String, String> clientHeaders) {
        ObjectNode b = body.deepCopy();
        b.put("model", offer.upstreamModel());
        if (gateway.protocol() == Protocol.OPENAI && gateway.maxCompletionTokens() && b.has("max_tokens")
                && !b.has("max_completion_tokens")) {
            b.set("max_completion_tokens", b.remove("max_tokens"));
        }
        String key = env.getOrDefault(gateway.apiKeyEnv(), "");
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json");
        String base = gateway.baseUrl().endsWith("/") ? gateway.baseUrl().substring(0, gateway.baseUrl().length() - 1) : gateway.baseUrl();
        String url;
        if (gateway.protocol() == Protocol.ANTHROPIC) {
            url = base + "/messages";
            h.put("x-api-key", key);
            h.put("anthropic-version", clientHeaders.getOrDefault("anthropic-version", "2023-06-01"));
            if (clientHeaders.containsKey("anthropic-beta")) {
                h.put("anthropic-beta", clientHeaders.get("anthropic-beta"));
            }
        } else {
            url = base + "/chat/completions";
            h.put("authorization", "Bearer " + key);
        }
        if (b.path("stream").asBoolean(false)) {
            h.put("accept", "text/event-stream");
        }
        gateway.headers().forEach((k, v) -> {
            Matcher m = ENV_REF.matcher(v);
            h.put(k.toLowerCase(java.util.Locale.ROOT), m.replaceAll(r -> Matcher.quoteReplacement(env.getOrDefault(r.group(1), ""))));
        });
        return new Shaped(url, h, b);
    }
}
