package io.healthgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.providers.http.UpstreamCall;
import io.healthgate.providers.http.UpstreamExchange;
import io.healthgate.providers.Classification;
import io.healthgate.providers.ErrorBodies;
import io.healthgate.providers.UpstreamRequest;
import io.healthgate.providers.UpstreamRequests;
import io.healthgate.providers.translate.TranslationException;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request's way through its candidates. Runs on the event loop of the client's connection;
 * nothing here blocks. The rules:
 * <ul>
 *   <li>a failure before the first byte reached the client is recorded and, if the planner
 *       agrees, the next candidate is tried;</li>
 *   <li>after the first byte there is no failover: a failure ends the stream with an error event
 *       in the front door's protocol;</li>
 *   <li>when the client goes away the upstream call is cancelled;</li>
 *   <li>every upstream call publishes exactly one outcome.</li>
 * </ul>
 */
final class Journey {
    private static final Logger log = LoggerFactory.getLogger(Journey.class);
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    final ChatProxy proxy;
    final ProxyRequest request;
    final HttpServerResponse response;
    private final List<Offer> candidates;
    private final List<String> tried = new ArrayList<>();
    private int attempts;
    private Attempt current;
    private boolean clientGone;
    boolean committed;

    Journey(ChatProxy proxy, ProxyRequest request, HttpServerResponse response) {
        this.proxy = proxy;
        this.request = request;
        this.response = response;
        this.candidates = proxy.planner.candidates(request.resolution());
    }

    void start() {
        response.closeHandler(v -> onClientGone());
        if (candidates.isEmpty()) {
            List<String> envs = request.resolution().offers().stream()
                    .map(o -> proxy.catalog.gateway(o.gateway()).map(Gateway::apiKeyEnv).orElse(""))
                    .filter(s -> !s.isEmpty()).distinct().toList();
            respondError(503, "no configured gateway serves model '" + request.resolution().model().id() + "'"
                    + (envs.isEmpty() ? "" : " (set one of " + String.join(", ", envs) + ")"), "no_configured_gateway", null);
            return;
        }
        attempt(0);
    }

    /** One upstream call to one offer; its outcome is published exactly once. */
    final class Attempt {
        final int index;
        final Offer offer;
        final Gateway gateway;
        final Bridge bridge;
        final UpstreamExchange exchange;
        final Usage usage = new Usage();
        private boolean published;

        Attempt(int index, Offer offer, Gateway gateway, Bridge bridge, UpstreamExchange exchange) {
            this.index = index;
            this.offer = offer;
            this.gateway = gateway;
            this.bridge = bridge;
            this.exchange = exchange;
        }

        void publish(Classification c) {
            if (published) {
                return;
            }
            published = true;
            Outcome o = new Outcome(offer.id(), c.outcomeClass(), Outcome.Source.LIVE, exchange.status(),
                    exchange.timeToFirstByte(), exchange.elapsed(), usage.input(), usage.output(),
                    c.isSuccess() ? "" : c.summary(), c.retryAfter(), proxy.clock.instant());
            proxy.outcomes.onOutcome(o);
        }
    }

    private void attempt(int index) {
        if (index >= candidates.size()) {
            return;
        }
        Offer offer = candidates.get(index);
        Gateway gateway = proxy.catalog.gateway(offer.gateway()).orElseThrow();
        if (!proxy.planner.permits(offer)) {
            tried.add(offer.gateway() + ": skipped (circuit open)");
            if (index + 1 < candidates.size()) {
                attempt(index + 1);
            } else {
                respondError(503, "every offer of model '" + request.resolution().model().id() + "' is paused: "
                        + String.join("; ", tried), "upstream_unavailable", gateway.name());
            }
            return;
        }
        Bridge bridge = new Bridge(request.frontDoor(), gateway.protocol(), request.body(), proxy.clock.instant().getEpochSecond());
        UpstreamCall call;
        try {
            ObjectNode body = bridge.request(request.body());
            UpstreamRequest shaped = UpstreamRequests.build(gateway, offer.upstreamModel(),
                    proxy.env.get(gateway.apiKeyEnv()), body, proxy.env);
            call = new UpstreamCall(shaped.url(), withClientHeaders(shaped.headers(), gateway), shaped.bodyBytes(), timeouts());
        } catch (RuntimeException e) {
            // Nothing was sent, so there is no outcome: skip to the next candidate.
            boolean untranslatable = e instanceof TranslationException;
            log.debug("request {}: cannot call {}: {}", request.requestId(), offer.id(), e.getMessage());
            tried.add(offer.gateway() + ": not attempted (" + e.getMessage() + ")");
            if (index + 1 < candidates.size()) {
                attempt(index + 1);
            } else if (untranslatable) {
                respondError(((TranslationException) e).status(), e.getMessage(), "unsupported_by_gateway", gateway.name());
            } else {
                respondError(502, "no gateway could be called for model '" + request.resolution().model().id() + "': "
                        + String.join("; ", tried), "upstream_error", gateway.name());
            }
            return;
        }
        attempts++;
        Attempt a = new Attempt(index, offer, gateway, bridge, proxy.client.send(call));
        current = a;
        a.exchange.head().onComplete(ar -> {
            if (ar.failed()) {
                failed(a, proxy.classifier.classifyException(ar.cause()), "");
                return;
            }
            int status = a.exchange.status();
            if (status < 200 || status >= 300) {
                a.exchange.body(MAX_ERROR_BODY_BYTES).onComplete(b -> {
                    String text = b.succeeded() ? b.result().toString(StandardCharsets.UTF_8) : "";
                    failed(a, proxy.classifier.classify(status, a.exchange.headers(), text), text);
                });
            } else if (request.stream()) {
                new StreamRelay(this, a).start();
            } else {
                a.exchange.body(proxy.settings.maxUpstreamBodyBytes()).onComplete(b -> {
                    if (b.failed()) {
                        failed(a, proxy.classifier.classifyException(b.cause()), "");
                    } else {
                        completeWhole(a, status, b.result().toString(StandardCharsets.UTF_8));
                    }
                });
            }
        });
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

    private UpstreamCall.Timeouts timeouts() {
        ProxySettings s = proxy.settings;
        Duration remaining = s.totalDeadline().minus(elapsed());
        if (remaining.compareTo(Duration.ofMillis(1)) < 0) {
            remaining = Duration.ofMillis(1);
        }
        Duration firstByte = min(s.firstByteTimeout(), remaining);
        // A stream's deadline stops mattering once it reaches the client, so its total is the stream limit.
        Duration total = request.stream() ? s.streamTimeout() : remaining;
        return new UpstreamCall.Timeouts(firstByte, s.idleTimeout(), total);
    }

    private void completeWhole(Attempt a, int status, String text) {
        Classification c = proxy.classifier.classify(status, a.exchange.headers(), text);
        if (!c.isSuccess()) {
            failed(a, c, text);
            return;
        }
        JsonNode root;
        ObjectNode out;
        try {
            root = proxy.json.readTree(text);
            a.usage.observe(root);
            out = a.bridge.response((ObjectNode) root);
        } catch (Exception e) {
            failed(a, Classification.of(OutcomeClass.BAD_RESPONSE, "untranslatable", "answer could not be read: " + e.getMessage()), text);
            return;
        }
        a.publish(c);
        if (clientGone) {
            return;
        }
        proxiedHeaders(a.gateway.name());
        response.setStatusCode(200).putHeader("content-type", "application/json").end(out.toString());
    }

    /**
     * An attempt failed before anything reached the client: record it, then try the next
     * candidate or answer with an error.
     */
    void failed(Attempt a, Classification c, String upstreamBody) {
        a.publish(c);
        if (clientGone) {
            return;
        }
        OutcomeClass cls = c.outcomeClass();
        String summary = forClient(c.summary());
        tried.add(a.gateway.name() + ": " + cls.wireName() + (summary.isEmpty() ? "" : " (" + summary + ")"));
        boolean more = a.index + 1 < candidates.size();
        if (more && proxy.planner.shouldTryNext(cls, attempts, committed, elapsed())) {
            log.debug("request {}: {} failed with {}, trying the next offer", request.requestId(), a.offer.id(), cls.wireName());
            attempt(a.index + 1);
            return;
        }
        if (cls == OutcomeClass.BAD_REQUEST) {
            int status = a.exchange.status() >= 400 && a.exchange.status() < 500 ? a.exchange.status() : 400;
            String msg = ErrorBodies.safeMessage(upstreamBody);
            respondError(status, msg.isEmpty() ? c.summary() : msg, null, a.gateway.name());
            return;
        }
        int status = switch (cls) {
            case TIMEOUT -> 504;
            case RATE_LIMITED, NO_CREDITS, AUTH_ERROR -> 503;
            default -> 502;
        };
        c.retryAfter().ifPresent(d -> response.putHeader("retry-after", Long.toString(Math.max(1, d.toSeconds()))));
        String msg = (attempts == 1 ? "upstream gateway failed: " : "all " + attempts + " upstream attempts failed: ")
                + String.join("; ", tried);
        respondError(status, msg, "upstream_" + cls.wireName(), a.gateway.name());
    }

    void proxiedHeaders(String gateway) {
        response.putHeader("x-healthgate-gateway", gateway);
        response.putHeader("x-healthgate-attempts", Integer.toString(attempts));
    }

    private void respondError(int status, String message, String code, String gateway) {
        if (clientGone || response.ended() || response.headWritten()) {
            return;
        }
        if (gateway != null) {
            proxiedHeaders(gateway);
        }
        response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(request.frontDoor().errorBody(status, message, code).toString());
    }

    private void onClientGone() {
        clientGone = true;
        if (current != null && !current.exchange.finished()) {
            current.exchange.cancel("client went away");
        }
    }

    boolean clientGone() {
        return clientGone;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - request.startNanos());
    }

    /** A summary as clients read it: no Java exception names. */
    static String forClient(String summary) {
        return summary.replaceFirst("^[A-Za-z.$]+(Exception|Error): ", "");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static Optional<JsonNode> parse(com.fasterxml.jackson.databind.ObjectMapper json, String s) {
        try {
            return Optional.of(json.readTree(s));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
