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
import java.util.ArrayList;
import java.util.List;
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
        // no file uploads: a form-encoded or multipart body must never create folders in the working directory
        r.route().handler(BodyHandler.create(false).setBodyLimit(8 * 1024 * 1024));
        r.post("/gw/:gateway/v1/chat/completions").handler(ctx -> call(ctx, Endpoint.CHAT));
        r.post("/gw/:gateway/v1/messages").handler(ctx -> call(ctx, Endpoint.MESSAGES));
        r.post("/gw/:gateway/v1/messages/count_tokens").handler(ctx -> call(ctx, Endpoint.COUNT_TOKENS));
        r.post("/gw/:gateway/v1/responses").handler(ctx -> call(ctx, Endpoint.RESPONSES));
        r.post("/gw/:gateway/v1/completions").handler(ctx -> call(ctx, Endpoint.COMPLETIONS));
        r.post("/gw/:gateway/v1/embeddings").handler(ctx -> call(ctx, Endpoint.EMBEDDINGS));
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

    /** What a gateway path serves. */
    enum Endpoint {
        CHAT(Protocol.OPENAI, 1), MESSAGES(Protocol.ANTHROPIC, 3), RESPONSES(Protocol.OPENAI, ResponsesWire.CONTENT_START),
        COMPLETIONS(Protocol.OPENAI, 0), EMBEDDINGS(Protocol.OPENAI, 0), COUNT_TOKENS(Protocol.ANTHROPIC, 0);

        final Protocol protocol;
        /** The stream frame that carries the first content token. */
        final int contentStart;

        Endpoint(Protocol protocol, int contentStart) {
            this.protocol = protocol;
            this.contentStart = contentStart;
        }
    }

    private void call(RoutingContext ctx, Endpoint endpoint) {
        Protocol protocol = endpoint.protocol;
        GatewayRuntime g = state.gateway(ctx.pathParam("gateway")).orElse(null);
        if (g == null || g.spec.servedProtocol() != protocol || (endpoint == Endpoint.RESPONSES && !g.spec.responsesApi())) {
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
        String invalid = invalid(endpoint, body, state.modelInfo(o.spec.model()), g);
        if (invalid != null) {
            g.stats.record("bad_request");
            send(ctx, ErrorReply.badRequest(protocol, invalid));
            return;
        }
        if (endpoint == Endpoint.COUNT_TOKENS) {
            g.stats.record("count_tokens");
            Prompt p = Prompt.fromAnthropic(body);
            json(ctx, 200, AnthropicWire.countTokens(p.promptTokens() + 10 * p.tools().size()));
            return;
        }
        answer(ctx, endpoint, g, o, body, now);
    }

    /** A 400's message for a request this endpoint or model cannot take, or null. */
    private static String invalid(Endpoint endpoint, JsonNode body, ModelInfo model, GatewayRuntime g) {
        if (endpoint == Endpoint.EMBEDDINGS) {
            if (!model.isEmbedding()) {
                return "model `" + body.path("model").asText() + "` does not support embeddings";
            }
            JsonNode in = body.path("input");
            return in.isTextual() || (in.isArray() && !in.isEmpty()) ? null : "input: must be a string or a non-empty array";
        }
        if (model.isEmbedding()) {
            return "model `" + body.path("model").asText() + "` is an embedding model and only serves /v1/embeddings";
        }
        return switch (endpoint) {
            case MESSAGES -> body.path("max_tokens").asInt(0) <= 0 ? "max_tokens: Field required" : null;
            case COUNT_TOKENS -> !body.path("messages").isArray() || body.path("messages").isEmpty() ? "messages: Field required" : null;
            case CHAT -> (body.path("logprobs").asBoolean(false) || body.has("top_logprobs")) && !g.spec.logprobs()
                    ? "logprobs is not supported by this model" : null;
            case COMPLETIONS -> !body.has("prompt") ? "prompt: Field required"
                    : body.path("logprobs").isInt() && !g.spec.logprobs() ? "logprobs is not supported by this model" : null;
            case RESPONSES -> !body.has("input") ? "input: Field required" : null;
            default -> null;
        };
    }

    private void answer(RoutingContext ctx, Endpoint endpoint, GatewayRuntime g, OfferRuntime o, JsonNode body, Instant now) {
        Protocol protocol = endpoint.protocol;
        Prompt prompt = switch (endpoint) {
            case MESSAGES -> Prompt.fromAnthropic(body);
            case RESPONSES -> Prompt.fromResponses(body);
            case COMPLETIONS -> Prompt.fromCompletion(body);
            default -> Prompt.fromChat(body);
        };
        Plan plan = state.plan(g, o, prompt.maxTokens(), now);
        if (plan.fault() == Fault.NONE || plan.fault() == Fault.TOKEN_FLOOR) {
            ErrorReply refused = refused(protocol, endpoint, prompt, o);
            if (refused != null) {
                String label = refused.body().contains("prefill") ? "prefix_refused" : "context_length";
                g.stats.record(label);
                o.stats.record(label);
                send(ctx, refused);
                return;
            }
        }
        g.stats.record(plan.label());
        o.stats.record(plan.label());
        boolean stream = body.path("stream").asBoolean(false) && endpoint != Endpoint.EMBEDDINGS;
        String upstream = o.spec.upstream();
        Exchange ex = new Exchange(vertx, ctx, protocol, plan, state.wallLatencyScale(), () -> {
            g.stats.cancelled.increment();
            o.stats.cancelled.increment();
        });
        ctx.response().putHeader("x-request-id", "req_" + state.nextId());
        ex.start(() -> {
            Fault f = plan.fault();
            boolean inBandHere = f.inBand() && (stream || (f != Fault.STREAM_ERROR && f != Fault.ECHO_KEY));
            if (f != Fault.NONE && !inBandHere) {
                ex.fault(upstream, stream, body);
                return;
            }
            long seed = state.scenario().seed();
            long created = state.clock().instant().getEpochSecond();
            if (endpoint == Endpoint.EMBEDDINGS) {
                ex.body(EmbeddingsWire.body(seed, o.spec.model(), upstream, EmbeddingsWire.inputs(body.path("input")),
                        dimensions(body, state.modelInfo(o.spec.model())), "base64".equals(body.path("encoding_format").asText(""))));
                return;
            }
            List<Reply> replies = new ArrayList<>();
            for (int i = 0; i < (endpoint == Endpoint.CHAT || endpoint == Endpoint.COMPLETIONS ? prompt.n() : 1); i++) {
                Reply r = Reply.generate(seed, g.spec.name(), upstream, prompt, i);
                replies.add(endpoint == Endpoint.MESSAGES ? r.withToolIdPrefix("toolu_") : r);
            }
            Reply reply = replies.get(0);
            String id = switch (endpoint) {
                case MESSAGES -> "msg_";
                case RESPONSES -> "resp_";
                case COMPLETIONS -> "cmpl-";
                default -> "chatcmpl-";
            } + state.nextId();
            boolean logprobs = body.path("logprobs").asBoolean(false);
            if (stream) {
                boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
                ex.stream(switch (endpoint) {
                    case MESSAGES -> AnthropicWire.events(reply, id, upstream);
                    case RESPONSES -> ResponsesWire.events(reply, id, created, upstream, body);
                    case COMPLETIONS -> OpenAiWire.textCompletionChunks(replies, id, created, upstream);
                    default -> OpenAiWire.chunks(replies, id, created, upstream, usage, logprobs);
                }, endpoint.contentStart);
            } else {
                ex.body(switch (endpoint) {
                    case MESSAGES -> AnthropicWire.message(reply, id, upstream);
                    case RESPONSES -> ResponsesWire.response(reply, id, created, upstream, body);
                    case COMPLETIONS -> OpenAiWire.textCompletion(replies, id, created, upstream);
                    default -> OpenAiWire.completion(replies, id, created, upstream, logprobs);
                });
            }
        });
    }

    /** A context-length or refused-prefix 400 for this request on this offer, or null. */
    private ErrorReply refused(Protocol protocol, Endpoint endpoint, Prompt prompt, OfferRuntime o) {
        int window = state.modelInfo(o.spec.model()).contextWindow();
        if (prompt.promptTokens() > window) {
            return ErrorReply.contextLength(protocol, window, prompt.promptTokens());
        }
        if (prompt.prefix() != null && o.behaviour.get().refusesPrefix()) {
            return ErrorReply.prefixRefused(protocol);
        }
        return null;
    }

    /** The request's {@code dimensions} when it asks for a shorter vector, else the model's. */
    private static int dimensions(JsonNode body, ModelInfo model) {
        int asked = body.path("dimensions").asInt(0);
        return asked > 0 && asked < model.vectorDimensions() ? asked : model.vectorDimensions();
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
        // a gateway-wide key echo answers its 401 at once, before the key check, repeating whatever key was sent
        if (gf == Fault.NONE || (gf.inBand() && gf != Fault.ECHO_KEY)) {
            return false;
        }
        g.stats.record(gf.wireName());
        Exchange ex = new Exchange(vertx, ctx, protocol, state.gatewayPlan(g, gf), state.wallLatencyScale(), g.stats.cancelled::increment);
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
