package io.healthgate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.health.OutcomeListener;
import io.healthgate.providers.http.UpstreamClient;
import io.healthgate.providers.OutcomeClassifier;
import io.healthgate.routing.OfferTimings;
import io.vertx.core.http.HttpServerResponse;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;

/**
 * Carries front-door requests to upstream offers: takes the client's {@code provider} preferences
 * out of the body (a malformed one is a 400 in the front door's shape), asks the
 * {@link AttemptPlanner} for the request's plan once, tries its candidates in turn while failover
 * is allowed (hedging and first-token deadlines as the plan says), relays the answer (streams chunk by chunk) in the
 * front door's protocol, and publishes one outcome per upstream call.
 * <p>
 * The catalog is read when a request arrives (it may be swapped whole on reload); that request
 * then finishes on the catalog it started with.
 */
public final class ChatProxy {
    private final Supplier<Catalog> catalog;
    final Map<String, String> env;
    final Upstream upstream;
    final Timers timers;
    final AttemptPlanner planner;
    final OutcomeListener outcomes;
    final ProxySettings settings;
    final Clock clock;
    final OutcomeClassifier classifier;
    final ObjectMapper json;
    final ProxyEvents events;
    /** Each offer's recent speed on live traffic: the adaptive deadlines read it. */
    final OfferTimings timings = new OfferTimings();
    final ResponseStore responses;
    private final TokenCounts tokenCounts;

    public ChatProxy(Catalog catalog, Map<String, String> env, UpstreamClient client, AttemptPlanner planner,
                     OutcomeListener outcomes, ProxySettings settings, Clock clock, ObjectMapper json) {
        this(catalog, env, client, planner, outcomes, settings, clock, json, ProxyEvents.NONE);
    }

    public ChatProxy(Catalog catalog, Map<String, String> env, UpstreamClient client, AttemptPlanner planner,
                     OutcomeListener outcomes, ProxySettings settings, Clock clock, ObjectMapper json, ProxyEvents events) {
        this(fixed(catalog), env, client, planner, outcomes, settings, clock, json, events);
    }

    /**
     * @param catalog the catalog served now, read once per request (swapped whole on reload)
     * @param events told of failovers, fail-open plans, hedges and skipped candidates (e.g. a {@link ProxyEventHub})
     */
    public ChatProxy(Supplier<Catalog> catalog, Map<String, String> env, UpstreamClient client, AttemptPlanner planner,
                     OutcomeListener outcomes, ProxySettings settings, Clock clock, ObjectMapper json, ProxyEvents events) {
        this(catalog, env, Upstream.over(Objects.requireNonNull(client, "client")), Timers.VERTX, planner, outcomes, settings, clock,
                json, events);
    }

    /**
     * The proxy over any upstream and timers: {@code clock} and {@code timers} are all the time a
     * journey knows, so tests drive one on fake time.
     */
    ChatProxy(Supplier<Catalog> catalog, Map<String, String> env, Upstream upstream, Timers timers, AttemptPlanner planner,
              OutcomeListener outcomes, ProxySettings settings, Clock clock, ObjectMapper json, ProxyEvents events) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.classifier = new OutcomeClassifier(clock);
        this.json = Objects.requireNonNull(json, "json");
        this.events = Objects.requireNonNull(events, "events");
        this.responses = ResponseStore.defaults(clock);
        this.tokenCounts = new TokenCounts(this);
    }

    /** The count_tokens service: an Anthropic offer's count, else an estimate. */
    public TokenCounts tokenCounts() {
        return tokenCounts;
    }

    /** The catalog served now. */
    public Catalog catalog() {
        return catalog.get();
    }

    /** Handles one request to its end on the catalog served now; never throws, every failure becomes a response. */
    public Interruptible handle(ProxyRequest request, HttpServerResponse response) {
        return handle(request, catalog.get(), response);
    }

    /**
     * Handles one request to its end on {@code catalog}, the one its model was resolved in (so a
     * reload while it runs changes nothing for it); never throws, every failure becomes a response.
     *
     * @return how to end the request early when the process shuts down under it
     */
    public Interruptible handle(ProxyRequest request, Catalog catalog, HttpServerResponse response) {
        return handle(request, catalog, ClientReply.over(response));
    }

    Interruptible handle(ProxyRequest request, Catalog catalog, ClientReply response) {
        ProviderPreferences.Extracted prefs;
        try {
            // A scanned body without a provider object has nothing to take out: its tree is not needed.
            prefs = request.scan() != null && !request.scan().providerPresent() ? null : ProviderPreferences.extract(request.body(), catalog);
        } catch (IllegalArgumentException e) {
            if (!response.ended() && !response.headWritten()) {
                response.status(400).header("content-type", "application/json")
                        .end(request.frontDoor().errorBody(400, e.getMessage(), "invalid_request").toString());
            }
            return Interruptible.NONE;
        }
        io.healthgate.providers.RequestScan.Problem strict = request.scan() == null ? null : request.scan().strictProblem();
        if (strict != null) {
            if (!response.ended() && !response.headWritten()) {
                response.status(400).header("content-type", "application/json")
                        .end(request.frontDoor().errorBody(400, strict.message(), "invalid_request", strict.param()).toString());
            }
            return Interruptible.NONE;
        }
        if (prefs == null) {
            prefs = new ProviderPreferences.Extracted(io.healthgate.routing.ClientPreferences.NONE, null);
        }
        ProxyRequest upstreamSafe = prefs.body() == null || prefs.body() == request.body() ? request : request.withBody(prefs.body());
        if (request.frontDoor() == FrontDoor.RESPONSES) {
            Optional<ProxyRequest> turn = withTurn(upstreamSafe, response);
            if (turn.isEmpty()) {
                return Interruptible.NONE;
            }
            upstreamSafe = turn.get();
        }
        Journey journey = new Journey(this, catalog, upstreamSafe, prefs.preferences(), response);
        journey.start();
        return journey::interrupt;
    }

    /**
     * A Responses request with its turn: a fresh id, and the conversation {@code previous_response_id}
     * names; empty (after a 404 to the client) when that conversation is not kept here.
     */
    private Optional<ProxyRequest> withTurn(ProxyRequest request, ClientReply response) {
        JsonNode previous = request.body().get("previous_response_id");
        com.fasterxml.jackson.databind.node.ArrayNode items = null;
        if (previous != null && !previous.isNull()) {
            Optional<com.fasterxml.jackson.databind.node.ArrayNode> kept = previous.isTextual()
                    ? responses.find(previous.asText()) : Optional.empty();
            if (kept.isEmpty()) {
                if (!response.ended() && !response.headWritten()) {
                    String message = previous.isTextual()
                            ? "previous response '" + previous.asText() + "' not found: this gateway keeps responses for "
                              + responses.ttl().toMinutes() + " minutes (and only those answered by this instance); send the whole input instead"
                            : "'previous_response_id' must be a string";
                    int status = previous.isTextual() ? 404 : 400;
                    response.status(status).header("content-type", "application/json")
                            .end(request.frontDoor().errorBody(status, message, previous.isTextual() ? "previous_response_not_found"
                                    : "invalid_request").toString());
                }
                return Optional.empty();
            }
            items = kept.get();
        }
        String id = "resp_" + java.util.UUID.randomUUID().toString().replace("-", "");
        return Optional.of(request.withTurn(new ResponsesTurn(id, clock.instant().getEpochSecond(), items)));
    }

    /** True when the gateway is enabled and its key variable is set: only then are its offers tried. */
    public static boolean configured(Gateway g, Map<String, String> env) {
        if (!g.enabled()) {
            return false;
        }
        String key = g.apiKeyEnv().isEmpty() ? null : env.get(g.apiKeyEnv());
        return key != null && !key.isBlank();
    }

    static Supplier<Catalog> fixed(Catalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        return () -> catalog;
    }
}
