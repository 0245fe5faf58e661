package io.healthgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.providers.Classification;
import io.healthgate.providers.ErrorBodies;
import io.healthgate.providers.http.UpstreamTimeoutException;
import io.healthgate.providers.sse.SseEvent;
import io.healthgate.providers.sse.SseWriter;
import io.healthgate.providers.translate.StreamTranscript;
import io.healthgate.providers.RawBodies;
import io.healthgate.providers.translate.TranslationException;
import io.healthgate.routing.ClientPreferences;
import io.healthgate.routing.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One request's way through its candidates. Runs on the event loop of the client's connection;
 * nothing here blocks. The rules:
 * <ul>
 *   <li>time is the proxy's {@link java.time.Clock} and its {@link Timers}, so every rule here can
 *       be driven on fake time;</li>
 *   <li>the plan is made once, when the request arrives; each candidate's permission is asked
 *       right before it is called, and a refused candidate costs no attempt;</li>
 *   <li>a failure before the first byte reached the client is recorded, and the plan's one
 *       failover decision ({@link io.healthgate.routing.FailoverPolicy}) says whether the next
 *       candidate is tried; its reason goes to the log and, when the journey ends in an error,
 *       to the client's error message;</li>
 *   <li>an attempt with no first byte by the plan's first-token deadline is abandoned (cancelled
 *       upstream, recorded as {@code timeout}) and counts as a failure like any other;</li>
 *   <li>hedging: when the first attempt has sent nothing by the plan's hedge delay, the next
 *       candidate starts alongside it; the first to send a byte wins, every other live attempt is
 *       cancelled and recorded as {@code cancelled}; never after the first byte, and the hedge
 *       counts against the attempt limit (the same failover decision allows it or not); the
 *       race's bookkeeping is {@link AttemptRace};</li>
 *   <li>first-token deadlines adapt per offer ({@link io.healthgate.routing.AdaptiveDeadlines}):
 *       an offer that answers fast is abandoned soon after it stops answering;</li>
 *   <li>when the plan's ladder stops on a failure another model could serve (or at once, when
 *       the prompt is too long), the model's {@code fallback_models} are planned and tried in
 *       order; the answer then says which model served it ({@code x-healthgate-model});</li>
 *   <li>a short Retry-After on the last candidate is waited for once; when every attempt was
 *       rate limited the client gets 429 with the soonest Retry-After an upstream gave;</li>
 *   <li>after the first byte there is no failover: a failure ends the stream with an error event
 *       in the front door's protocol, unless stream rescue continues it on the next candidate
 *       ({@link Continuation});</li>
 *   <li>when the client goes away every live upstream call is cancelled;</li>
 *   <li>every upstream call publishes exactly one outcome; an attempt cancelled before its
 *       request was sent is no call and publishes none.</li>
 * </ul>
 */
final class Journey {
    private static final Logger log = LoggerFactory.getLogger(Journey.class);
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    final ChatProxy proxy;
    /** The catalog the request was resolved in: it finishes on it even if a reload swaps another in. */
    private final Catalog catalog;
    final ProxyRequest request;
    final ClientReply response;
    private final ClientPreferences preferences;
    private CallShaper shaper;
    private final Instant started;
    private AttemptRace<Attempt> race = new AttemptRace<>(this::lose);
    private AttemptPlan plan;
    /** The model whose offers are tried now: the requested one, then its fallbacks in turn. */
    private Model model;
    private final Deque<String> fallbacksLeft = new ArrayDeque<>();
    private int attemptsForModel;
    /** Every failed attempt's classification, in order: the 429 rule reads them. */
    private final List<Classification> failures = new ArrayList<>();
    private boolean waitedForRetry;
    /** What the client was sent of a streamed answer: the prefix a rescue continues from. */
    final StreamTranscript transcript;
    /** Set while a failed stream is being continued elsewhere. */
    Continuation continuation;
    private List<Offer> candidates = List.of();
    /** One line per candidate passed over or attempted, in order: the client's error message and the log read these. */
    private final List<String> tried = new ArrayList<>();
    private int nextCandidate;
    private int attempts;
    private int skippedByPermission;
    private TranslationException untranslatable;
    private Timers.Scheduled hedgeTimer = Timers.Scheduled.NONE;
    private boolean clientGone;
    /** Set when the gateway shut down under this journey: nothing more is launched or written. */
    private boolean interrupted;
    boolean committed;

    Journey(ChatProxy proxy, Catalog catalog, ProxyRequest request, ClientPreferences preferences, ClientReply response) {
        this.proxy = proxy;
        this.catalog = catalog;
        this.request = request;
        this.preferences = preferences;
        this.response = response;
        this.shaper = new CallShaper(proxy, request);
        this.started = proxy.clock.instant();
        this.model = request.resolution().model();
        this.fallbacksLeft.addAll(model.fallbackModels());
        this.transcript = new StreamTranscript(request.frontDoor().protocol());
    }

    void start() {
        response.onClose(this::onClientGone);
        String model = request.resolution().model().id();
        planFor(request.resolution());
        if (candidates.isEmpty()) {
            // Name the key variables that would make an offer usable: the likeliest fix.
            List<String> envs = request.resolution().offers().stream()
                    .map(o -> catalog.gateway(o.gateway()).orElse(null))
                    .filter(g -> g != null && g.enabled() && !g.apiKeyEnv().isEmpty() && !ChatProxy.configured(g, proxy.env))
                    .map(Gateway::apiKeyEnv).distinct().toList();
            String why = (plan.reason().isBlank() ? "no configured gateway serves model '" + model + "'" : plan.reason())
                    + (envs.isEmpty() ? "" : " (set one of " + String.join(", ", envs) + ")");
            respondError(503, why, "no_configured_gateway", null);
            return;
        }
        Attempt first = launchFrom(0);
        if (first == null) {
            respondNoneCalled();
            return;
        }
        plan.hedgeDelay().ifPresent(d -> hedgeTimer = proxy.timers.schedule(d, () -> hedge(first)));
    }

    /** Plans the journey over {@code resolution}'s offers: the requested model, or a fallback model. */
    private void planFor(Catalog.Resolution resolution) {
        String id = resolution.model().id();
        try {
            plan = proxy.planner.plan(resolution, preferences);
        } catch (RuntimeException e) {
            // Fail open: a routing fault must not refuse a request plain ordered failover could serve.
            log.warn("request {}: routing failed for {}, using plain ordered failover: {}", request.requestId(), id, e.toString());
            plan = new OrderedAttemptPlanner(catalog, g -> ChatProxy.configured(g, proxy.env), proxy.settings.maxAttempts(),
                    proxy.settings.totalDeadline()).plan(resolution, preferences);
            proxy.events.onFailOpen(id);
        }
        candidates = plan.candidates();
        nextCandidate = 0;
        attemptsForModel = 0;
        if (plan.failOpen()) {
            proxy.events.onFailOpen(id);
        }
    }

    /** One upstream call to one offer; its outcome is published exactly once, and then it is over. */
    final class Attempt {
        final Offer offer;
        final Gateway gateway;
        final Bridge bridge;
        final Exchange exchange;
        final Usage usage = new Usage();
        final Instant startedAt;
        final Duration firstTokenDeadline;
        /** The longest stall allowed between two chunks of this attempt's stream. */
        final Duration streamIdle;
        /** Set when this attempt continues a failed stream: its opening is not relayed. */
        final StreamTranscript.Continuation continues;
        private boolean published;
        private Timers.Scheduled deadlineTimer = Timers.Scheduled.NONE;
        /** The plan that permitted it (a fallback model's plan may replace the journey's meanwhile). */
        private final AttemptPlan permittedBy = plan;

        Attempt(Offer offer, Gateway gateway, Bridge bridge, Exchange exchange, Duration firstTokenDeadline, Duration streamIdle,
                StreamTranscript.Continuation continues) {
            this.offer = offer;
            this.gateway = gateway;
            this.bridge = bridge;
            this.exchange = exchange;
            this.startedAt = proxy.clock.instant();
            this.firstTokenDeadline = firstTokenDeadline;
            this.streamIdle = streamIdle;
            this.continues = continues;
        }

        /** Its first byte is about to reach the client: a sample of how fast this offer answers. */
        void firstByte() {
            proxy.timings.recordFirstByte(offer.id(), Duration.between(startedAt, proxy.clock.instant()));
        }

        /** True once its outcome is published: nothing it does afterwards matters to the journey. */
        boolean over() {
            return published;
        }

        void publish(Classification c) {
            if (published) {
                return;
            }
            published = true;
            deadlineTimer.cancel();
            if (c.outcomeClass() == OutcomeClass.CANCELLED && !exchange.sent()) {
                // Cancelled before a byte of it left (a lost hedge still waiting for a connection, a
                // shutdown before dispatch): the gateway never saw it, so it is no call of the offer
                // and publishes nothing; health, the SLA history and the metrics all count from the bus.
                log.debug("request {}: attempt on {} cancelled before it was sent: not counted", request.requestId(), offer.id());
                permittedBy.unused(offer);
                return;
            }
            Outcome o = new Outcome(offer.id(), c.outcomeClass(), Outcome.Source.LIVE, exchange.status(),
                    exchange.timeToFirstByte(), exchange.elapsed(), usage.input(), usage.output(),
                    c.isSuccess() ? "" : c.summary(), c.retryAfter(), proxy.clock.instant());
            proxy.outcomes.onOutcome(o);
        }
    }

    /** The first candidate not passed over or attempted yet. */
    private Optional<Offer> nextUntried() {
        return nextCandidate < candidates.size() ? Optional.of(candidates.get(nextCandidate)) : Optional.empty();
    }

    /** Carries out a decision to try {@code candidate}: calls it, or the first callable one after it. */
    private Attempt launch(Decision.TryNext decision) {
        int at = candidates.indexOf(decision.next().offer());
        return launchFrom(Math.max(at, nextCandidate));
    }

    /**
     * Calls the first candidate from {@code index} on that can be called: one the request cannot
     * be expressed for, or whose permission is refused, is passed over without counting an
     * attempt. Null when none is left.
     */
    private Attempt launchFrom(int index) {
        nextCandidate = index;
        while (nextCandidate < candidates.size()) {
            Offer offer = candidates.get(nextCandidate++);
            Gateway gateway = catalog.gateway(offer.gateway()).orElse(null);
            if (gateway == null) {
                tried.add(offer.gateway() + ": not attempted (gateway not in the catalog)");
                continue;
            }
            CallShaper.Shaped shaped;
            Duration firstToken = proxy.settings.adaptive().firstToken(proxy.timings, offer.id(), firstTokenLimit());
            Duration idle = proxy.settings.adaptive().streamIdle(proxy.timings, offer.id(), proxy.settings.idleTimeout());
            try {
                shaped = shaper.shape(offer, gateway, firstToken, idle, elapsed());
            } catch (RuntimeException e) {
                // Nothing was sent, so there is no outcome: pass on to the next candidate.
                if (e instanceof TranslationException te) {
                    untranslatable = te;
                }
                log.debug("request {}: cannot call {}: {}", request.requestId(), offer.id(), e.getMessage());
                tried.add(offer.gateway() + ": not attempted (" + e.getMessage() + ")");
                proxy.events.onSkipped(offer.id(), "not attempted: " + e.getMessage());
                continue;
            }
            // Asked last, right before the call: a half-open breaker's trial permit must not be taken for nothing.
            if (!plan.permits(offer)) {
                skippedByPermission++;
                tried.add(offer.gateway() + ": skipped (circuit open)");
                proxy.events.onSkipped(offer.id(), "circuit open");
                continue;
            }
            attempts++;
            attemptsForModel++;
            Attempt a = new Attempt(offer, gateway, shaped.bridge(), proxy.upstream.send(shaped.call()), firstToken, idle,
                    continuation == null ? null : transcript.continuation());
            race.started(a);
            run(a);
            return a;
        }
        return null;
    }

    private void run(Attempt a) {
        // Streams: to the first event relayed (a head may come long before it). Whole answers: to the head.
        Duration d = a.firstTokenDeadline;
        a.deadlineTimer = proxy.timers.schedule(d, () -> abandon(a, d));
        a.exchange.head().onComplete(ar -> {
            if (a.over()) {
                return;
            }
            if (!request.stream()) {
                a.deadlineTimer.cancel();
            }
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
                        completeWhole(a, status, b.result());
                    }
                });
            }
        });
    }

    /** The first-token deadline passed with nothing sent to the client: a timeout, then the upstream call is dropped. */
    private void abandon(Attempt a, Duration deadline) {
        if (a.over() || race.won(a)) {
            return;
        }
        log.debug("request {}: no first token from {} within {} ms", request.requestId(), a.offer.id(), deadline.toMillis());
        // Recorded first, so the cancellation that follows finds the attempt over and is not recorded as well.
        failed(a, proxy.classifier.classifyException(
                new UpstreamTimeoutException(UpstreamTimeoutException.Phase.FIRST_BYTE, deadline.toMillis())), "");
        a.exchange.cancel("no first token within " + deadline.toMillis() + " ms");
    }

    /** The hedge delay passed: if the first attempt still has sent nothing, the policy may start the next candidate too. */
    private void hedge(Attempt first) {
        hedgeTimer = Timers.Scheduled.NONE;
        if (first.over() || race.decided() || clientGone || interrupted) {
            return; // the race is over already: nothing to hedge
        }
        Decision d = plan.hedge(first.offer, attempts, committed, elapsed(), nextUntried());
        log.debug("request {}: hedge after {}: {}", request.requestId(), first.offer.id(), d.reason());
        if (!(d instanceof Decision.TryNext next)) {
            return;
        }
        Attempt second = launch(next);
        if (second != null) {
            proxy.events.onHedge(first.offer.id(), second.offer.id());
        }
    }

    /**
     * Makes {@code a} the attempt whose answer the client gets, once it is about to send its first
     * byte; every other live attempt is cancelled and recorded as {@code cancelled}.
     *
     * @return false when another attempt already won (then {@code a} must send nothing)
     */
    boolean claim(Attempt a) {
        if (race.decided()) {
            return race.won(a);
        }
        hedgeTimer.cancel();
        if (!race.claim(a)) {
            return false;
        }
        a.deadlineTimer.cancel();
        a.firstByte();
        return true;
    }

    private void lose(Attempt loser, Attempt winner) {
        loser.publish(Classification.cancelled("another offer answered first (hedge)"));
        loser.exchange.cancel("lost the hedge to " + winner.gateway.name());
    }

    /** The plan's first-token deadline, never beyond the proxy's own first-byte limit. */
    private Duration firstTokenLimit() {
        Duration own = proxy.settings.firstByteTimeout();
        return plan.firstTokenDeadline().map(d -> CallShaper.min(d, own)).orElse(own);
    }

    private void completeWhole(Attempt a, int status, io.vertx.core.buffer.Buffer body) {
        // Same protocol: one streaming pass reads usage and, for a plainly usable 2xx answer, stands
        // in for the classifier, whose tree is built only for anything else.
        // Read only (scanned, then copied with the model replaced), so the body's own array will do.
        byte[] raw = a.bridge.relaysBytes() && status >= 200 && status < 300 ? io.healthgate.providers.http.Bytes.readOnly(body) : null;
        RawBodies.Answer answer = raw == null ? null : RawBodies.scanAnswer(raw);
        String text = answer != null && answer.usable() ? null : body.toString(StandardCharsets.UTF_8);
        Classification c = text == null ? Classification.success() : proxy.classifier.classify(status, a.exchange.headers(), text);
        if (!c.isSuccess()) {
            failed(a, c, text);
            return;
        }
        if (a.bridge.relaysBytes()) {
            // The bytes relayed with the model replaced.
            if (answer != null) {
                a.usage.atLeast(answer.inputTokens(), answer.outputTokens());
                byte[] out = RawBodies.withModel(raw, answer.objectStart(), answer.modelValue(), request.requestedModel());
                answerWhole(a, c, reply -> reply.end(io.healthgate.providers.http.Bytes.wrap(out))); // out is never changed
                return;
            }
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
        String written = out.toString();
        answerWhole(a, c, reply -> reply.end(written));
    }

    /** A whole answer is ready: it wins the race if it can, is recorded, and is written with the journey's headers. */
    private void answerWhole(Attempt a, Classification c, java.util.function.Consumer<ClientReply> write) {
        if (!claim(a)) {
            return;
        }
        race.ended(a);
        a.publish(c);
        if (clientGone) {
            return;
        }
        proxiedHeaders(a);
        write.accept(response.status(200).header("content-type", "application/json"));
    }

    /**
     * An attempt failed before anything reached the client (or, during a rescue, before any of its
     * continuation did): record it, then do what the plan's failover decision says: try the next
     * candidate, wait once for a short Retry-After, go on to a fallback model, or answer with an
     * error that carries every attempt's line and the decision's reason.
     */
    void failed(Attempt a, Classification c, String upstreamBody) {
        if (a.over()) {
            return;
        }
        a.publish(c);
        race.ended(a);
        if (clientGone) {
            return;
        }
        OutcomeClass cls = c.outcomeClass();
        String summary = forClient(c.summary());
        tried.add(a.gateway.name() + ": " + cls.wireName() + (summary.isEmpty() ? "" : " (" + summary + ")"));
        if (race.anyLive()) {
            return; // a hedge is still running and may yet answer
        }
        if (continuation != null) {
            continueElsewhere(a, c);
            return;
        }
        failures.add(c);
        boolean tooLong = cls == OutcomeClass.BAD_REQUEST && "context_length".equals(c.detail());
        if (tooLong && toFallbackModel(a, c)) {
            return;
        }
        Decision d = plan.afterAttempt(a.offer, cls, attemptsForModel, committed, elapsed(), nextUntried());
        log.info("request {}: attempt {} on {} ended {}: {}", request.requestId(), attempts, a.offer.id(), cls.wireName(), d.reason());
        if (d instanceof Decision.TryNext next) {
            Attempt started = launch(next);
            if (started != null) {
                proxy.events.onFailover(a.offer.id(), started.offer.id(), cls);
                return;
            }
        }
        Optional<Duration> wait = plan.waitForRetry(a.offer, cls, c.retryAfter(), waitedForRetry, attemptsForModel, committed,
                elapsed(), nextUntried().isPresent());
        if (wait.isPresent()) {
            waitedForRetry = true;
            log.info("request {}: {} asked to retry after {} ms; waiting once", request.requestId(), a.offer.id(), wait.get().toMillis());
            int again = candidates.indexOf(a.offer);
            proxy.timers.schedule(wait.get(), () -> {
                if (!clientGone && !interrupted && launchFrom(again) == null) {
                    respondFailure(a, c, upstreamBody, d);
                }
            });
            return;
        }
        if (!tooLong && plan.movesToFallbackModel(cls, c.detail(), committed) && toFallbackModel(a, c)) {
            return;
        }
        respondFailure(a, c, upstreamBody, d);
    }

    /** The journey ends on {@code a}'s failure: the client's error, in its front door's shape. */
    private void respondFailure(Attempt a, Classification c, String upstreamBody, Decision d) {
        OutcomeClass cls = c.outcomeClass();
        int status = FailureStatus.of(request.frontDoor(), c, a.exchange.status());
        if (cls == OutcomeClass.BAD_REQUEST) {
            String msg = ErrorBodies.safeMessage(upstreamBody);
            response.header("x-healthgate-upstream-model", a.offer.upstreamModel());
            respondError(status, msg.isEmpty() ? c.summary() : msg, ErrorBodies.errorCode(upstreamBody).orElse(null), a.gateway.name());
            return;
        }
        String code = "upstream_" + cls.wireName();
        if (failures.stream().allMatch(f -> f.outcomeClass() == OutcomeClass.RATE_LIMITED)) {
            // Every offer tried is rate limited: the client may retry, at the soonest moment an upstream named.
            status = 429;
            code = "rate_limit_exceeded";
            FailureStatus.soonestRetry(failures).ifPresent(ra -> response.header("retry-after", Long.toString(ra)));
        } else {
            c.retryAfter().ifPresent(ra -> response.header("retry-after", Long.toString(FailureStatus.wholeSeconds(ra))));
        }
        String why = d instanceof Decision.Stop ? d.reason() : d.reason() + ", but no later candidate could be called";
        String msg = (attempts == 1 ? "upstream gateway failed: " : "all " + attempts + " upstream attempts failed: ")
                + String.join("; ", tried) + " [" + why + "]";
        respondError(status, msg, code, a.gateway.name());
    }

    /**
     * Plans the next of the model's fallback models that resolves and has a candidate, and calls
     * it. False when none is left (or none could be called): the journey then ends as it would have.
     */
    private boolean toFallbackModel(Attempt failed, Classification c) {
        while (!fallbacksLeft.isEmpty()) {
            String id = fallbacksLeft.poll();
            Optional<Catalog.Resolution> r = catalog.resolve(id);
            if (r.isEmpty()) {
                tried.add("fallback model " + id + ": not in the catalog");
                continue;
            }
            Model previous = model;
            model = r.get().model();
            planFor(r.get());
            if (candidates.isEmpty()) {
                tried.add("fallback model " + id + ": no candidate (" + plan.reason() + ")");
                continue;
            }
            log.info("request {}: {} on {} for {}; trying fallback model {}", request.requestId(), c.outcomeClass().wireName(),
                    failed.offer.id(), previous.id(), id);
            if (launchFrom(0) != null) {
                proxy.events.onModelFallback(previous.id(), id, c.outcomeClass());
                return true;
            }
        }
        return false;
    }

    /**
     * A stream failed after its first byte reached the client. With stream rescue on for the
     * model and a request that may be continued, the next candidate is asked to continue from the
     * text already sent; true when one was called (the relay then writes nothing more). False: the
     * relay ends the stream with {@code errorEvents} as before.
     */
    boolean rescue(Attempt failed, Classification c, List<SseEvent> errorEvents) {
        if (clientGone || !Continuation.enabledFor(model, proxy.settings)) {
            return false;
        }
        Optional<String> refusal = Continuation.refusal(request.body(), transcript);
        if (refusal.isPresent()) {
            log.info("request {}: stream from {} failed mid-way; not continued: {}", request.requestId(), failed.offer.id(), refusal.get());
            proxy.events.onStreamRescue(failed.offer.id(), null, "not_continuable");
            return false;
        }
        // A second rescue keeps the first failure's error: that is what the client gets if nothing continues.
        continuation = new Continuation(continuation != null ? continuation.originalError : errorEvents, c, failed.gateway.name());
        race = new AttemptRace<>(this::lose); // the continuation's own race: its first byte is claimed anew
        shaper = new CallShaper(proxy, withBody(Continuation.body(request.body(), transcript.text())));
        tried.add(failed.gateway.name() + ": " + c.outcomeClass().wireName() + " mid-stream after "
                + transcript.text().length() + " characters");
        return continueElsewhere(failed, c);
    }

    /** Calls the next candidate allowed to continue; when none is, ends the stream with the original failure. */
    private boolean continueElsewhere(Attempt failed, Classification c) {
        Decision d = plan.continueStream(failed.offer, c.outcomeClass(), attempts, elapsed(), nextUntried());
        log.info("request {}: continuing the stream after {} on {}: {}", request.requestId(), c.outcomeClass().wireName(),
                failed.offer.id(), d.reason());
        if (d instanceof Decision.TryNext next) {
            Attempt started = launch(next);
            if (started != null) {
                proxy.events.onStreamRescue(failed.offer.id(), started.offer.id(), "attempted");
                return true;
            }
        }
        proxy.events.onStreamRescue(failed.offer.id(), null, "failed");
        endWithOriginalError();
        return true;
    }

    /** No candidate continued the stream: the client gets the first failure's error event, not a later one. */
    private void endWithOriginalError() {
        Continuation k = continuation;
        if (clientGone || response.ended()) {
            return;
        }
        if (!k.originalError.isEmpty()) {
            response.write(SseWriter.frame(k.originalError));
        }
        response.end();
    }

    /** A continuation's stream completed: the client has one whole answer. */
    void rescued(Attempt a) {
        log.info("request {}: stream from {} continued by {} to its end", request.requestId(), continuation.fromGateway, a.gateway.name());
        proxy.events.onStreamRescue(a.offer.id(), a.offer.id(), "continued");
    }

    private ProxyRequest withBody(ObjectNode body) {
        return request.withBody(body); // keeps the Responses door's turn
    }

    void proxiedHeaders(String gateway) {
        if (!model.id().equals(request.resolution().model().id())) {
            response.header("x-healthgate-model", model.id());
        }
        response.header("x-healthgate-gateway", gateway);
        response.header("x-healthgate-attempts", Integer.toString(attempts));
    }

    /** The gateway, attempts and the offer's own model id (the body's {@code model} is the client's). */
    void proxiedHeaders(Attempt a) {
        proxiedHeaders(a.gateway.name());
        response.header("x-healthgate-upstream-model", a.offer.upstreamModel());
    }

    private void respondError(int status, String message, String code, String gateway) {
        if (clientGone || response.ended() || response.headWritten()) {
            return;
        }
        if (gateway != null) {
            proxiedHeaders(gateway);
        }
        response.status(status)
                .header("content-type", "application/json")
                .end(request.frontDoor().errorBody(status, message, code).toString());
    }

    /** No candidate could be called at all: every one was refused permission or cannot express the request. */
    private void respondNoneCalled() {
        String model = request.resolution().model().id();
        if (skippedByPermission == candidates.size()) {
            respondError(503, "every offer of model '" + model + "' is paused: " + String.join("; ", tried), "upstream_unavailable", null);
        } else if (untranslatable != null) {
            respondError(untranslatable.status(), untranslatable.getMessage(), "unsupported_by_gateway", null);
        } else {
            respondError(502, "no gateway could be called for model '" + model + "': " + String.join("; ", tried), "upstream_error", null);
        }
    }

    /**
     * The gateway is shutting down and its grace is over: every live upstream call is cancelled
     * (recorded as {@code cancelled}: not the offer's fault) and the client gets a 503 in its
     * door's shape or, when its stream already started, an error event in the door's stream
     * format, then the end. Runs on the journey's event loop, like everything here.
     */
    void interrupt(String why) {
        if (clientGone || response.ended() || interrupted) {
            return;
        }
        interrupted = true;
        hedgeTimer.cancel();
        for (Attempt a : race.live()) {
            // Recorded first, so the cancellation's own failure finds the attempt over and is not recorded again.
            a.publish(Classification.cancelled(why));
            if (!a.exchange.finished()) {
                a.exchange.cancel(why);
            }
        }
        if (response.headWritten()) {
            response.write(request.frontDoor().streamErrorFrame(503, why));
            response.end();
            return;
        }
        response.header("retry-after", "1").header("connection", "close");
        respondError(503, why, "gateway_shutting_down", null);
    }

    private void onClientGone() {
        clientGone = true;
        hedgeTimer.cancel();
        for (Attempt a : race.live()) {
            if (!a.exchange.finished()) {
                a.exchange.cancel("client went away");
            }
        }
    }

    boolean clientGone() {
        return clientGone;
    }

    /** Time since the journey began, on the proxy's clock. */
    Duration elapsed() {
        return Duration.between(started, proxy.clock.instant());
    }

    private static final java.util.regex.Pattern JAVA_EXCEPTION_NAME = java.util.regex.Pattern.compile("\\b[A-Za-z.$]+(Exception|Error): ");

    /** A summary as clients read it: no Java exception names (the pattern compiled once: failures come in floods). */
    static String forClient(String summary) {
        return JAVA_EXCEPTION_NAME.matcher(summary).replaceAll("");
    }

    static Optional<JsonNode> parse(com.fasterxml.jackson.databind.ObjectMapper json, String s) {
        try {
            return Optional.of(json.readTree(s));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
