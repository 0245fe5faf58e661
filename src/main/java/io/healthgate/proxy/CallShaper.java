package io.healthgate.proxy;

import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import io.healthgate.providers.UpstreamRequest;
import io.healthgate.providers.UpstreamRequests;
import io.healthgate.providers.http.UpstreamCall;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns one front-door request into the call for one offer: the body in the gateway's protocol,
 * its URL and auth, the client's protocol headers where they apply, and the attempt's time limits.
 */
final class CallShaper {
    private final ChatProxy proxy;
    private final ProxyRequest request;
    /** The vector length of the first embedding offer shaped: failover never crosses to other dimensions. */
    private int dimensions;

    CallShaper(ChatProxy proxy, ProxyRequest request) {
        this.proxy = proxy;
        this.request = request;
    }

    /** The bridge that translates this attempt's answer back, and the call to send. */
    record Shaped(Bridge bridge, UpstreamCall call) {
    }

    /**
     * @param firstByte the attempt's first-byte limit (the plan's first-token deadline, capped, adapted to the offer)
     * @param idle the longest silence between two chunks of its stream
     * @param elapsed time since the request arrived, taken off the total deadline
     * @throws RuntimeException ({@code TranslationException} among them) when the request cannot be sent to this offer
     */
    Shaped shape(Offer offer, Gateway gateway, Duration firstByte, Duration idle, Duration elapsed) {
        if (request.frontDoor() == FrontDoor.EMBEDDINGS) {
            sameDimensions(offer);
        }
        Bridge bridge = new Bridge(request.frontDoor(), gateway, request, proxy.clock.instant().getEpochSecond(),
                request.resolution().model().reasoning(), request.turn(), proxy.responses);
        String key = proxy.env.get(gateway.apiKeyEnv());
        byte[] relayed = bridge.rawRequest(offer.upstreamModel());
        if (relayed != null) {
            // Same protocol: the client's bytes with the model (and what the gateway needs) replaced; no tree.
            UpstreamRequests.Endpoint e = UpstreamRequests.endpoint(gateway, offer.upstreamModel(), key, proxy.env, bridge.path(),
                    request.stream());
            return new Shaped(bridge, new UpstreamCall(e.url(), withClientHeaders(e.headers(), gateway), relayed,
                    timeouts(firstByte, idle, elapsed)));
        }
        UpstreamRequest shaped = UpstreamRequests.build(gateway, offer.upstreamModel(), key, bridge.request(request.body()), proxy.env,
                bridge.path());
        UpstreamCall call = new UpstreamCall(shaped.url(), withClientHeaders(shaped.headers(), gateway), shaped.bodyBytes(),
                timeouts(firstByte, idle, elapsed));
        return new Shaped(bridge, call);
    }

    /**
     * Vectors of different lengths cannot stand in for each other (an index built with one is
     * useless with the other), so once an offer is chosen, only offers of its dimensions may follow.
     */
    private void sameDimensions(Offer offer) {
        int d = request.resolution().model().dimensions(offer);
        if (dimensions == 0) {
            dimensions = d;
        } else if (d != 0 && d != dimensions) {
            throw new IllegalStateException("its vectors have " + d + " dimensions, not " + dimensions);
        }
    }

    /** An Anthropic client's protocol headers (version, beta flags) go to an Anthropic gateway as sent. */
    private Map<String, String> withClientHeaders(Map<String, String> shaped, Gateway gateway) {
        if (gateway.protocol() != Protocol.ANTHROPIC || request.frontDoor() != FrontDoor.ANTHROPIC || request.clientHeaders().isEmpty()) {
            return shaped;
        }
        Map<String, String> h = new LinkedHashMap<>(shaped);
        h.putAll(request.clientHeaders());
        return h;
    }

    private UpstreamCall.Timeouts timeouts(Duration firstByte, Duration idle, Duration elapsed) {
        ProxySettings s = proxy.settings;
        Duration remaining = s.totalDeadline().minus(elapsed);
        if (remaining.compareTo(Duration.ofMillis(1)) < 0) {
            remaining = Duration.ofMillis(1);
        }
        // A stream's deadline stops mattering once it reaches the client, so its total is the stream limit.
        Duration total = request.stream() ? s.streamTimeout() : remaining;
        // The journey's own timers abandon first; the exchange's limits (a little later) are the backstop.
        return new UpstreamCall.Timeouts(min(firstByte, remaining), idle.plusSeconds(1), total);
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
