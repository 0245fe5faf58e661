package io.healthgate.simulator;

import io.healthgate.catalog.Catalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running simulated provider fleet: one HTTP server on 127.0.0.1 that plays every gateway of a
 * {@link Scenario} under {@code /gw/{gateway}/v1}, plus its control and ground truth, in Java
 * and over HTTP ({@code /_control}, {@code /_truth}, {@code /_stats}).
 *
 * <pre>{@code
 * try (SimulatedFleet fleet = SimulatedFleet.start(null, scenario, 0)) {
 *     String groq = fleet.gatewayBaseUrl("groq");          // http://127.0.0.1:PORT/gw/groq/v1
 *     fleet.control().offerFault("groq", "meta-llama/llama-3.3-70b-instruct", Fault.UNAVAILABLE);
 *     fleet.truth("groq", "meta-llama/llama-3.3-70b-instruct").state();   // DOWN
 * }
 * }</pre>
 *
 * {@link #start} and {@link #close} block until the server is up or down, so call them from a
 * plain or virtual thread, never from an event loop.
 */
public final class SimulatedFleet implements AutoCloseable {
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpServer server;
    private final FleetState state;
    private final FleetControl control;

    private SimulatedFleet(Vertx vertx, boolean ownsVertx, HttpServer server, FleetState state) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.server = server;
        this.state = state;
        this.control = new FleetControl(state);
    }

    /** Starts the fleet on {@code port} (0: a free port) with the system clock; {@code vertx} null: its own. */
    public static SimulatedFleet start(Vertx vertx, Scenario scenario, int port) {
        return start(vertx, scenario, port, Clock.systemUTC());
    }

    /**
     * Starts the fleet with {@code clock} as the time of schedules, cold starts and rate windows
     * (latencies are real timers). A test moving a fake clock moves outages on and off.
     */
    public static SimulatedFleet start(Vertx vertx, Scenario scenario, int port, Clock clock) {
        boolean own = vertx == null;
        Vertx v = own ? Vertx.vertx() : vertx;
        FleetState state = new FleetState(scenario, clock);
        HttpServer server = v.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                .requestHandler(new FleetHttp(v, state).router());
        try {
            await(server.listen());
        } catch (RuntimeException e) {
            if (own) {
                v.close();
            }
            throw new IllegalStateException("the simulated fleet could not listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return new SimulatedFleet(v, own, server, state);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out", e);
        }
    }

    /**
     * How long the fleet really waits, in wall milliseconds, for each millisecond of latency its
     * plans call for (first byte, chunk delays, cold starts, stalls): 1 (the default) waits them
     * out, 0 answers at once. For runs on a fake clock, where a simulated day must not cost a day
     * of waiting: schedules, rate windows and Retry-After stay on the fleet's clock and
     * {@code time_scale}; only the real timers shrink. A hang still never answers.
     */
    public SimulatedFleet wallLatencyScale(double scale) {
        state.wallLatencyScale(scale);
        return this;
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Where a client of {@code gateway} points: {@code http://127.0.0.1:PORT/gw/{gateway}/v1}. */
    public String gatewayBaseUrl(String gateway) {
        return baseUrl() + "/gw/" + gateway + "/v1";
    }

    public Scenario scenario() {
        return state.scenario();
    }

    /** The scenario's catalog pointing at this running fleet. */
    public Catalog catalog() {
        return state.scenario().toCatalog(baseUrl());
    }

    /** The env vars the demo should set (fake keys; some deliberately wrong or misnamed). */
    public Map<String, String> demoEnvironment() {
        return state.scenario().demoEnvironment();
    }

    /** When the schedule started (at start, and again at each reset). */
    public Instant startedAt() {
        return state.startedAt();
    }

    public FleetControl control() {
        return control;
    }

    /** Every offer's real state now, gateway by gateway in scenario order. */
    public List<OfferTruth> truth() {
        Instant now = state.clock().instant();
        List<OfferTruth> out = new ArrayList<>();
        state.gateways().forEach(g -> g.byModel.values().forEach(o -> out.add(state.truth(o, now))));
        return out;
    }

    /** One offer's real state now ({@code model}: canonical or upstream id). */
    public OfferTruth truth(String gateway, String model) {
        return state.truth(state.requireOffer(gateway, model), state.clock().instant());
    }

    public List<GatewayTruth> gatewayTruth() {
        Instant now = state.clock().instant();
        return state.gateways().stream().map(g -> state.truth(g, now)).toList();
    }

    public GatewayTruth gatewayTruth(String gateway) {
        return state.truth(state.requireGateway(gateway), state.clock().instant());
    }

    /** Chat requests that reached this offer (any outcome). */
    public long requestCount(String gateway, String model) {
        return state.requireOffer(gateway, model).stats.requests.sum();
    }

    /** Chat requests that reached this offer and got {@code outcome} ({@code ok} or a fault wire name). */
    public long requestCount(String gateway, String model, String outcome) {
        return stats(gateway, model).count(outcome);
    }

    public OfferStats stats(String gateway, String model) {
        FleetState.OfferRuntime o = state.requireOffer(gateway, model);
        return o.stats.snapshot(gateway, o.spec.model());
    }

    /** Every request to the gateway, including those that never reached an offer (bad key, unknown model, models list). */
    public OfferStats gatewayStats(String gateway) {
        return state.requireGateway(gateway).stats.snapshot(gateway, "");
    }

    /** Requests to every gateway. */
    public long totalRequests() {
        return state.gateways().stream().mapToLong(g -> g.stats.requests.sum()).sum();
    }

    /** Stops the server (dropping open connections) and, when it made its own, Vert.x. */
    @Override
    public void close() {
        try {
            await(server.close());
        } finally {
            if (ownsVertx) {
                await(vertx.close());
            }
        }
    }
}
