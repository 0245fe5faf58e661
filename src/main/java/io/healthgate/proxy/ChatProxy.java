package io.healthgate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.health.OutcomeListener;
import io.healthgate.providers.http.UpstreamClient;
import io.healthgate.providers.OutcomeClassifier;
import io.vertx.core.http.HttpServerResponse;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Carries front-door requests to upstream offers: asks the {@link AttemptPlanner} for candidates,
 * tries them in turn while failover is allowed, relays the answer (streams chunk by chunk) in the
 * front door's protocol, and publishes one outcome per upstream call.
 */
public final class ChatProxy {
    final Catalog catalog;
    final Map<String, String> env;
    final UpstreamClient client;
    final AttemptPlanner planner;
    final OutcomeListener outcomes;
    final ProxySettings settings;
    final Clock clock;
    final OutcomeClassifier classifier;
    final ObjectMapper json;

    public ChatProxy(Catalog catalog, Map<String, String> env, UpstreamClient client, AttemptPlanner planner,
                     OutcomeListener outcomes, ProxySettings settings, Clock clock, ObjectMapper json) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.client = Objects.requireNonNull(client, "client");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.classifier = new OutcomeClassifier(clock);
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Handles one request to its end; never throws, every failure becomes a response. */
    public void handle(ProxyRequest request, HttpServerResponse response) {
        new Journey(this, request, response).start();
    }

    /** True when the gateway is enabled and its key variable is set: only then are its offers tried. */
    public static boolean configured(Gateway g, Map<String, String> env) {
        if (!g.enabled()) {
            return false;
        }
        String key = g.apiKeyEnv().isEmpty() ? null : env.get(g.apiKeyEnv());
        return key != null && !key.isBlank();
    }
}
