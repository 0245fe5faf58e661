package io.healthgate.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Protocol;
import io.healthgate.simulator.FleetState.GatewayRuntime;
import io.healthgate.simulator.FleetState.OfferRuntime;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.NoSuchElementException;

/**
 * The simulator's HTTP face: the gateways under {@code /gw/{gateway}/v1/...} and the control
 * and truth endpoints under {@code /_control}, {@code /_truth}, {@code /_stats}.
 *
 * <p>A call to a gateway meets, in order: unknown gateway or wrong protocol (404), the gateway's
 * own fault (it answers before looking at the key), the key (401), {@code anthropic-version}
 * (400), the body (400), the model (404 model not found), then the offer's plan.
 */
final class FleetHttp {
    private final Vertx vertx;
    private final FleetState state;

    FleetHttp(Vertx vertx, FleetState state) {
        this.vertx = vertx;
        this.state = state;
    }

    Router router() {
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create().setBodyLimit(8 * 1024 * 1024));
        r.post("/gw/:gateway/v1/chat/completions").handler(ctx -> call(ctx, Protocol.OPENAI));
        r.post("/gw/:gateway/v1/messages").handler(ctx -> call(ctx, Protocol.ANTHROPIC));
        r.get("/gw/:gateway/v1/models").handler(this::models);
        r.post("/_control/offers/:gateway/*").handler(this::controlOffer);
        r.post("/_control/gateways/:gateway").handler(this::controlGateway);
        r.post("/_control/reset").handler(ctx -> {
            state.reset();
            json(ctx, 200, "{\"reset\":true}");
        });
        r.get("/_truth").handler(ctx -> json(ctx, 200, TruthJson.truth(state, state.clock().instant())));
        r.get("/_stats").handler(ctx -> json(ctx, 200, TruthJson.stats(state)));
        return r;
    }

    private void call(RoutingContext ctx, Protocol protocol) {
        GatewayRuntime g = state.gateway(ctx.pathParam("gateway")).orElse(null);
        if (g == null || g.spec.servedProtocol() != protocol) {
            send(ctx, ErrorReply.notFound(protocol, "Not found: no such gateway or endpoint"));
            return;
        }
        Instant now = state.clock().instant();
        if (gatewayFaultAnswered(ctx, protocol, g, now)) {
            return;
        }
        if (!authorized(ctx, protocol, g)) {
            g.stats.record("auth_rejected");
            send(ctx, ErrorReply.unauthorized(protocol));
            return;
        }
        if (protocol == Protocol.ANTHROPIC && ctx.request().getHeader("anthropic-version") == null) {
            g.stats.record("bad_request");
            send(ctx, ErrorReply.badRequest(protocol, "anthropic-version: header is required"));
            return;
        }
        JsonNode body;
        try {
            String text = ctx.body().asString();
            body = text == null ? null : ScenarioJson.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("model").isTextual()) {
            g.stats.record("bad_request");
            send(ctx, ErrorReply.badRequest(protocol, body == null || !body.isObject()
                    ? "We could not parse the JSON body of your request." : "model: Field required"));
            return;
        }
        String model = body.path("model").asText();
        OfferRuntime o = g.byUpstream.get(model);
        if (o == null) {
            g.stats.record("unknown_model");
            send(ctx, ErrorReply.modelNotFound(protocol, model));
            return;
        }
        int maxTokens = body.path("max_tokens").asInt(body.path("max_completion_tokens").asInt(0));
        if (protocol == Protocol.ANTHROPIC && maxTokens <= 0) {
            g.stats.record("bad_request");
            send(ctx, ErrorReply.badRequest(protocol, "max_tokens: Field required"));
            return;
        }
        answer(ctx, protocol, g, o, body, maxTokens, now);
    }

    private void answer(RoutingContext ctx, Protocol protocol, GatewayRuntime g, OfferRuntime o, JsonNode body, int maxTokens, Instant now) {
        Plan plan = state.plan(g, o, maxTokens, now);
        g.stats.record(plan.label());
        o.stats.record(plan.label());
        boolean stream = body.path("stream").asBoolean(false);
        String upstream = o.spec.upstream();
        Exchange ex = new Exchange(vertx, ctx, protocol, plan, () -> {
            g.stats.cancelled.increment();
            o.stats.cancelled.increment();
        });
        ctx.response().putHeader("x-request-id", "req_" + state.nextId());
        ex.start(() -> {
            Fault f = plan.fault();
            if (f != Fault.NONE && f != Fault.CUT_STREAM && f != Fault.STREAM_ERROR) {
                ex.fault(upstream, stream, body);
                return;
            }
            if (f == Fault.STREAM_ERROR && !stream) {
                ex.fault(upstream, false, body);
                return;
            }
            boolean anthropic = protocol == Protocol.ANTHROPIC;
            Reply reply = Reply.generate(state.scenario().seed(), g.spec.name(), upstream, body, anthropic, maxTokens);
            String id = (anthropic ? "msg_" : "chatcmpl-") + state.nextId();
            long created = state.clock().instant().getEpochSecond();
            if (stream) {
                boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
                ex.stream(anthropic ? AnthropicWire.events(reply, id, upstream) : OpenAiWire.chunks(reply, id, created, upstream, usage));
            } else {
                ex.body(anthropic ? AnthropicWire.message(reply, id, upstream) : OpenAiWire.completion(reply, id, created, upstream));
            }
        });
    }

    private void models(RoutingContext ctx) {
        GatewayRuntime g = state.gateway(ctx.pathParam("gateway")).orElse(null);
        if (g == null) {
            send(ctx, ErrorReply.notFound(Protocol.OPENAI, "Not found: no such gateway"));
            return;
        }
        Protocol protocol = g.spec.servedProtocol();
        Instant now = state.clock().instant();
        if (gatewayFaultAnswered(ctx, protocol, g, now)) {
            return;
        }
        if (!authorized(ctx, protocol, g)) {
            g.stats.record("auth_rejected");
            send(ctx, ErrorReply.unauthorized(protocol));
            return;
        }
        g.stats.record("models");
        json(ctx, 200, protocol == Protocol.ANTHROPIC ? AnthropicWire.models(g.listedModels(now))
                : OpenAiWire.models(g.listedModels(now), g.spec.name(), state.startedAt().getEpochSecond()));
    }

    /**
     * Answers with the gateway-wide fault when one is on (a down gateway answers before it looks
     * at the key). Cut and error-mid-stream faults need a stream, so they are left to the offer's plan.
     */
    private boolean gatewayFaultAnswered(RoutingContext ctx, Protocol protocol, GatewayRuntime g, Instant now) {
        Fault gf = state.gatewayFault(g, now);
        if (gf == Fault.NONE || gf == Fault.CUT_STREAM || gf == Fault.STREAM_ERROR) {
            return false;
        }
        g.stats.record(gf.wireName());
        Exchange ex = new Exchange(vertx, ctx, protocol, state.gatewayPlan(g, gf), g.stats.cancelled::increment);
        ex.start(() -> ex.fault("", false, null));
        return true;
    }

    private static boolean authorized(RoutingContext ctx, Protocol protocol, GatewayRuntime g) {
        String key = g.spec.apiKey();
        if (protocol == Protocol.ANTHROPIC) {
            return key.equals(ctx.request().getHeader("x-api-key"));
        }
        return ("Bearer " + key).equals(ctx.request().getHeader("Authorization"));
    }

    private void controlOffer(RoutingContext ctx) {
        String path = ctx.request().path();
        int at = path.indexOf('/', "/_control/offers/".length());
        String model = URLDecoder.decode(at < 0 ? "" : path.substring(at + 1), StandardCharsets.UTF_8);
        control(ctx, () -> state.requireOffer(ctx.pathParam("gateway"), model).patch(patchBody(ctx)));
    }

    private void controlGateway(RoutingContext ctx) {
        control(ctx, () -> state.requireGateway(ctx.pathParam("gateway")).behaviour.updateAndGet(b -> ScenarioJson.patch(b, patchBody(ctx))));
    }

    private void control(RoutingContext ctx, java.util.function.Supplier<Behaviour> change) {
        try {
            json(ctx, 200, ScenarioJson.tree(change.get()).toString());
        } catch (NoSuchElementException e) {
            json(ctx, 404, error(e.getMessage()));
        } catch (IllegalArgumentException e) {
            json(ctx, 400, error(e.getMessage()));
        }
    }

    private static JsonNode patchBody(RoutingContext ctx) {
        try {
            String text = ctx.body().asString();
            return ScenarioJson.JSON.readTree(text == null || text.isBlank() ? "{}" : text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the patch is not valid JSON");
        }
    }

    private static String error(String message) {
        ObjectNode n = ScenarioJson.JSON.createObjectNode();
        n.putObject("error").put("message", message);
        return n.toString();
    }

    private static void send(RoutingContext ctx, ErrorReply e) {
        e.headers().forEach(ctx.response()::putHeader);
        ctx.response().setStatusCode(e.status()).putHeader("content-type", e.contentType()).end(e.body());
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }
}
