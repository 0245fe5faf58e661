package io.healthgate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.proxy.ChatProxy;
import io.healthgate.proxy.FrontDoor;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The route table of the HTTP front. Every route first gets its request id; the chat doors then
 * check the key, the content type and the body size (in that order, so an unauthenticated client
 * never makes us read its body) before their handler runs.
 *
 * <pre>
 * POST /v1/chat/completions   OpenAI chat, streaming and not
 * POST /v1/messages           Anthropic messages, streaming and not
 * POST /v1/messages/count_tokens  Anthropic token count: an Anthropic offer's, else estimated
 * POST /v1/responses          OpenAI Responses API, streaming and not (passed through or translated)
 * POST /v1/embeddings         embeddings, from embedding models
 * POST /v1/completions        legacy completions (passed through or translated to chat)
 * GET  /v1/models             the catalog, OpenAI list shape (Anthropic's with anthropic-version; ?all=true for every model)
 * GET  /v1/models/{id}        one model (ids may contain slashes), same shapes
 * GET  /health                liveness
 * GET  /health/ready          readiness (503 while draining)
 * </pre>
 */
public final class HttpApi {
    private final Supplier<Catalog> catalog;
    private final ChatProxy proxy;
    private final ApiSettings settings;
    private final Predicate<Gateway> configured;
    private final ObjectMapper json;
    private final ClientAuth auth;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final InFlight inFlight = new InFlight();
    /** This front's rate-limited INFO lines about client misbehaviour. */
    final ClientNoise noise = new ClientNoise(java.time.Clock.systemUTC(), ClientNoise.DEFAULT_INTERVAL);
    private volatile java.util.function.Consumer<Router> extraRoutes = r -> { };
    private volatile Cors cors = Cors.off();
    private final io.healthgate.proxy.TokenCounts tokenCounts;

    public HttpApi(Catalog catalog, ChatProxy proxy, ApiSettings settings, Predicate<Gateway> configured, ObjectMapper json) {
        this(fixed(catalog), proxy, settings, configured, json);
    }

    /** @param catalog the catalog served now, read per request (swapped whole on reload) */
    public HttpApi(Supplier<Catalog> catalog, ChatProxy proxy, ApiSettings settings, Predicate<Gateway> configured, ObjectMapper json) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.configured = Objects.requireNonNull(configured, "configured");
        this.json = Objects.requireNonNull(json, "json");
        this.auth = new ClientAuth(settings.clientKeys());
        this.tokenCounts = proxy.tokenCounts();
    }

    /**
     * Lets browser apps on these origins call the gateway ({@code server.cors.allowed_origins};
     * {@code "*"} for any); empty leaves CORS off. Call before start.
     */
    public HttpApi withCors(java.util.List<String> allowedOrigins) {
        this.cors = new Cors(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
        return this;
    }

    /** True when no client key is configured and anyone who can reach the port may use it. */
    public boolean open() {
        return auth.open();
    }

    /**
     * Mounts more routes (the operator views: health API, dashboard, metrics, admin) on every
     * router, ahead of the built-in liveness and readiness, which they then answer. Call before start.
     */
    public HttpApi withRoutes(java.util.function.Consumer<Router> routes) {
        this.extraRoutes = Objects.requireNonNull(routes, "routes");
        return this;
    }

    public boolean draining() {
        return draining.get();
    }

    /**
     * From now on readiness answers 503, so load balancers stop sending new work, and new requests
     * to the front doors get a 503 in the door's shape with {@code retry-after} (retried elsewhere);
     * requests already admitted go on.
     */
    public void startDraining() {
        draining.set(true);
    }

    /** The requests being answered now, across every server instance (the shutdown waits for them). */
    public InFlight inFlight() {
        return inFlight;
    }

    /** Every request counts until it is answered; while draining, new work at the front doors is refused. */
    void admit(io.vertx.core.http.HttpServerRequest request) {
        inFlight.admit(request);
    }

    /** A router for one server verticle (routers are cheap; one per event loop keeps them unshared). */
    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(RequestIds::assign);
        cors.mount(router);
        router.route().handler(HttpApi::saneRequest);
        router.route("/v1/*").handler(this::refuseWhileDraining);
        door(router, "/v1/chat/completions", FrontDoor.OPENAI);
        countTokens(router);
        door(router, "/v1/messages", FrontDoor.ANTHROPIC);
        door(router, "/v1/responses", FrontDoor.RESPONSES);
        door(router, "/v1/embeddings", FrontDoor.EMBEDDINGS);
        door(router, "/v1/completions", FrontDoor.COMPLETIONS);

        ModelsHandler models = new ModelsHandler(catalog, configured);
        router.get("/v1/models").handler(authAnyDoor()).handler(models::list);
        router.getWithRegex("/v1/models/(?<id>.+)").handler(authAnyDoor()).handler(models::one);

        extraRoutes.accept(router);
        router.get("/health").handler(ctx -> Replies.json(ctx.response(), 200, "{\"status\":\"ok\"}"));
        router.get("/health/ready").handler(ctx -> {
            if (draining.get()) {
                Replies.json(ctx.response(), 503, "{\"status\":\"draining\"}");
            } else {
                Replies.json(ctx.response(), 200, "{\"status\":\"ready\"}");
            }
        });

        router.errorHandler(404, ctx -> Replies.error(ctx.response(), doorOf(ctx), 404,
                "no route for " + ctx.request().method() + " " + ctx.request().path(), "not_found"));
        router.errorHandler(405, ctx -> Replies.error(ctx.response(), doorOf(ctx), 405,
                "method " + ctx.request().method() + " not allowed on " + ctx.request().path(), "method_not_allowed"));
        router.errorHandler(500, ctx -> {
            if (clientWentAway(ctx)) {
                return;
            }
            // Never an unlogged 5xx: the operator sees what the client was told about.
            org.slf4j.LoggerFactory.getLogger(HttpApi.class).error("request {} {} {} failed", RequestIds.of(ctx),
                    ctx.request().method(), ctx.request().path(), ctx.failure());
            Replies.error(ctx.response(), doorOf(ctx), 500, "internal error (request " + RequestIds.of(ctx) + ")", "internal_error");
        });
        return router;
    }

    /**
     * While draining, a front-door request is answered 503 in its door's shape: the load balancer
     * (or the SDK's retry) sends it to another instance. The connection is closed with it, so a
     * keep-alive client reconnects elsewhere too.
     */
    private void refuseWhileDraining(RoutingContext ctx) {
        if (!draining.get()) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("retry-after", "1").putHeader("connection", "close");
        Replies.error(ctx.response(), doorOf(ctx), 503, "the gateway is shutting down; retry the request (another instance will answer it)",
                "gateway_shutting_down");
    }

    private void door(Router router, String path, FrontDoor door) {
        ChatHandler handler = new ChatHandler(door, catalog, proxy, json, inFlight);
        // Two routes on one path: vertx-web runs body handlers before user handlers within a route,
        // and the key and content type must be checked before the body is read.
        router.post(path)
                .handler(authFor(door))
                .handler(handler::checkContentType);
        router.post(path)
                .handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()))
                .handler(handler::handle)
                .failureHandler(ctx -> failure(ctx, door));
    }

    private void countTokens(Router router) {
        TokenCountHandler handler = new TokenCountHandler(catalog, tokenCounts, json);
        ChatHandler types = new ChatHandler(FrontDoor.ANTHROPIC, catalog, proxy, json, inFlight);
        router.post("/v1/messages/count_tokens")
                .handler(authFor(FrontDoor.ANTHROPIC))
                .handler(types::checkContentType);
        router.post("/v1/messages/count_tokens")
                .handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()))
                .handler(handler::handle)
                .failureHandler(ctx -> failure(ctx, FrontDoor.ANTHROPIC));
    }

    /** The models list is read by both SDKs: an unauthorised one gets the error shape its request's headers say it speaks. */
    private Handler<RoutingContext> authAnyDoor() {
        return ctx -> authFor(ModelsHandler.anthropicShape(ctx) ? FrontDoor.ANTHROPIC : FrontDoor.OPENAI).handle(ctx);
    }

    private Handler<RoutingContext> authFor(FrontDoor door) {
        return ctx -> {
            if (auth.allows(ctx.request())) {
                ctx.next();
            } else {
                Replies.error(ctx.response(), door, 401, "missing or invalid API key (send Authorization: Bearer <key> or x-api-key)",
                        "invalid_api_key");
            }
        };
    }

    private void failure(RoutingContext ctx, FrontDoor door) {
        int status = ctx.statusCode();
        if (status == 413) {
            Replies.error(ctx.response(), door, 413, "request body is larger than " + settings.maxBodyBytes() + " bytes",
                    "request_too_large");
        } else if (status >= 400 && status < 500) {
            Replies.error(ctx.response(), door, status, "bad request", "invalid_request");
        } else if (clientWentAway(ctx)) {
            return;
        } else {
            org.slf4j.LoggerFactory.getLogger(HttpApi.class).error("request {} failed", RequestIds.of(ctx), ctx.failure());
            Replies.error(ctx.response(), door, 500, "internal error (request " + RequestIds.of(ctx) + ")", "internal_error");
        }
    }

    /**
     * The client hung up before its request was read (mid-body, say): there is no one to answer
     * and nothing the gateway did wrong, so an INFO line (rate-limited), never an ERROR.
     */
    private boolean clientWentAway(RoutingContext ctx) {
        if (!ClientNoise.clientGone(ctx.failure()) && !ctx.response().closed()) {
            return false;
        }
        noise.note("client-gone", "request {} {} {} from {}: the client closed the connection before its body arrived",
                RequestIds.of(ctx), ctx.request().method(), ctx.request().path(), ctx.request().remoteAddress());
        return true;
    }

    /**
     * A query string that cannot be decoded ({@code ?%zz}) is the client's mistake: 400 in the
     * door's shape, never a 500. HEAD is answered on every GET route as the GET would be, without
     * a body (Vert.x leaves the body out of HEAD answers), because load balancer checks use it.
     */
    private static void saneRequest(RoutingContext ctx) {
        try {
            if (ctx.request().query() != null) { // no query, nothing to decode (skips building two empty maps per request)
                ctx.queryParams();
                ctx.request().params();
            }
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(HttpApi.class).debug("request {}: undecodable query: {}", RequestIds.of(ctx), e.toString());
            Replies.error(ctx.response(), doorOf(ctx), 400, "the query string cannot be decoded (bad %-escape?)", "invalid_request");
            return;
        }
        if (ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD) {
            ctx.reroute(io.vertx.core.http.HttpMethod.GET, ctx.request().uri());
            return;
        }
        ctx.next();
    }

    private static Supplier<Catalog> fixed(Catalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        return () -> catalog;
    }

    private static FrontDoor doorOf(RoutingContext ctx) {
        return ctx.request().path().startsWith("/v1/messages") || ModelsHandler.anthropicShape(ctx) ? FrontDoor.ANTHROPIC : FrontDoor.OPENAI;
    }
}
