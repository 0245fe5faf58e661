package io.healthgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import io.healthgate.providers.TokenEstimate;
import io.healthgate.providers.UpstreamRequest;
import io.healthgate.providers.UpstreamRequests;
import io.healthgate.providers.http.UpstreamCall;
import io.healthgate.routing.ClientPreferences;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/messages/count_tokens}: the exact count from an Anthropic-protocol offer of the
 * model when the routing plan has a healthy one (the best ranked such offer, one call, no
 * failover), otherwise — no such offer, the plan only fails open, or the call fails in any way —
 * an estimate ({@link TokenEstimate}). A count is not a completion, so it publishes no outcome:
 * an offer that counts may still not answer, and one that cannot count may answer fine.
 */
public final class TokenCounts {
    /** Counting is cheap upstream; a slow count is not worth waiting for when an estimate is at hand. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BODY = 64 * 1024;

    /** @param gateway the gateway that counted, empty for an estimate */
    public record Count(long inputTokens, boolean estimated, Optional<String> gateway) {
    }

    private final ChatProxy proxy;

    TokenCounts(ChatProxy proxy) {
        this.proxy = proxy;
    }

    public Future<Count> count(Catalog catalog, Catalog.Resolution resolution, ObjectNode body, Map<String, String> clientHeaders) {
        Count estimate = new Count(TokenEstimate.inputTokens(body), true, Optional.empty());
        Optional<Offer> offer;
        try {
            AttemptPlan plan = proxy.planner.plan(resolution, ClientPreferences.NONE);
            offer = plan.failOpen() ? Optional.empty() : plan.candidates().stream()
                    .filter(o -> catalog.gateway(o.gateway()).map(g -> g.protocol() == Protocol.ANTHROPIC).orElse(false))
                    .findFirst();
        } catch (RuntimeException e) {
            offer = Optional.empty(); // routing trouble: the estimate still answers
        }
        if (offer.isEmpty()) {
            return Future.succeededFuture(estimate);
        }
        Gateway gateway = catalog.gateway(offer.get().gateway()).orElseThrow();
        Exchange exchange;
        try {
            UpstreamRequest shaped = UpstreamRequests.build(gateway, offer.get().upstreamModel(), proxy.env.get(gateway.apiKeyEnv()),
                    body, proxy.env, "/messages/count_tokens");
            Map<String, String> headers = new LinkedHashMap<>(shaped.headers());
            headers.putAll(clientHeaders);
            exchange = proxy.upstream.send(new UpstreamCall(shaped.url(), headers, shaped.bodyBytes(),
                    new UpstreamCall.Timeouts(TIMEOUT, TIMEOUT, TIMEOUT)));
        } catch (RuntimeException e) {
            return Future.succeededFuture(estimate);
        }
        Promise<Count> result = Promise.promise();
        exchange.head().onComplete(head -> {
            if (head.failed() || exchange.status() != 200) {
                exchange.cancel("count_tokens failed: using an estimate");
                result.complete(estimate);
                return;
            }
            exchange.body(MAX_BODY).onComplete(b -> {
                JsonNode n = b.succeeded() ? Journey.parse(proxy.json, b.result().toString(StandardCharsets.UTF_8))
                        .map(j -> j.get("input_tokens")).orElse(null) : null;
                result.complete(n != null && n.canConvertToLong()
                        ? new Count(n.asLong(), false, Optional.of(gateway.name())) : estimate);
            });
        });
        return result.future();
    }
}
