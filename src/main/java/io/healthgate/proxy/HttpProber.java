package io.healthgate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Offer;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.health.Prober;
import io.healthgate.providers.http.UpstreamCall;
import io.healthgate.providers.http.UpstreamClient;
import io.healthgate.providers.http.UpstreamExchange;
import io.healthgate.providers.Classification;
import io.healthgate.providers.OutcomeClassifier;
import io.healthgate.providers.ProbeRequests;
import io.healthgate.providers.UpstreamRequest;
import io.healthgate.providers.UpstreamRequests;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Active probes over the same pooled client as live traffic: one short, non-streamed chat request
 * in the gateway's own protocol (for an embedding model, one embeddings request with one input), with the offer's upstream model id, the gateway's auth and token
 * parameter. Classified with the probe rule: an answer cut by the token budget proves the model is
 * alive. The stage never fails; every failure is an outcome class. The gateway is looked up in
 * the catalog served when the probe starts (it may be swapped whole on reload).
 */
public final class HttpProber implements Prober {
    private static final int MAX_PROBE_BODY_BYTES = 256 * 1024;

    private final Supplier<Catalog> catalog;
    private final Map<String, String> env;
    private final UpstreamClient client;
    private final Clock clock;
    private final ObjectMapper json;
    private final OutcomeClassifier classifier;

    public HttpProber(Catalog catalog, Map<String, String> env, UpstreamClient client, Clock clock, ObjectMapper json) {
        this(fixed(catalog), env, client, clock, json);
    }

    /** @param catalog the catalog served now (swapped whole on reload) */
    public HttpProber(Supplier<Catalog> catalog, Map<String, String> env, UpstreamClient client, Clock clock, ObjectMapper json) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
        this.classifier = new OutcomeClassifier(clock);
    }

    @Override
    public CompletionStage<Outcome> probe(Offer offer, ProbeRequest request) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        Optional<Gateway> gateway = catalog.get().gateway(offer.gateway());
        if (gateway.isEmpty() || !ChatProxy.configured(gateway.get(), env)) {
            result.complete(outcome(offer, Classification.of(OutcomeClass.AUTH_ERROR, "unconfigured",
                    "gateway " + offer.gateway() + " has no API key configured"), 0, Optional.empty(), Duration.ZERO, new Usage()));
            return result;
        }
        Gateway g = gateway.get();
        UpstreamExchange ex;
        try {
            boolean embedding = catalog.get().model(offer.model()).map(io.healthgate.catalog.Model::isEmbedding).orElse(false);
            UpstreamRequest shaped = embedding
                    ? UpstreamRequests.build(g, offer.upstreamModel(), env.get(g.apiKeyEnv()),
                            ProbeRequests.embeddingBody(offer.upstreamModel()), env, "/embeddings")
                    : UpstreamRequests.build(g, offer.upstreamModel(), env.get(g.apiKeyEnv()),
                            ProbeRequests.body(g.protocol(), offer.upstreamModel(), request.maxTokens()), env);
            Duration t = request.timeout();
            ex = client.send(new UpstreamCall(shaped.url(), shaped.headers(), shaped.bodyBytes(),
                    new UpstreamCall.Timeouts(t, t, t.multipliedBy(2))));
        } catch (Exception e) {
            result.complete(outcome(offer, Classification.of(OutcomeClass.BAD_REQUEST, "probe_build",
                    "probe could not be built: " + e.getMessage()), 0, Optional.empty(), Duration.ZERO, new Usage()));
            return result;
        }
        ex.head().onComplete(ar -> {
            if (ar.failed()) {
                result.complete(outcome(offer, classifier.classifyException(ar.cause()), 0, ex.timeToFirstByte(), ex.elapsed(), new Usage()));
                return;
            }
            ex.body(MAX_PROBE_BODY_BYTES).onComplete(b -> {
                if (b.failed()) {
                    result.complete(outcome(offer, classifier.classifyException(b.cause()), ex.status(), ex.timeToFirstByte(), ex.elapsed(), new Usage()));
                    return;
                }
                String text = b.result().toString(StandardCharsets.UTF_8);
                Usage usage = new Usage();
                Journey.parse(json, text).ifPresent(usage::observe);
                Classification c = classifier.classify(ex.status(), ex.headers(), text).forProbe();
                result.complete(outcome(offer, c, ex.status(), ex.timeToFirstByte(), ex.elapsed(), usage));
            });
        });
        return result;
    }

    private Outcome outcome(Offer offer, Classification c, int status, Optional<Duration> ttfb, Duration total, Usage usage) {
        return new Outcome(offer.id(), c.outcomeClass(), Outcome.Source.PROBE, status, ttfb, total, usage.input(), usage.output(),
                c.isSuccess() ? "" : c.summary(), c.retryAfter(), clock.instant());
    }

    private static Supplier<Catalog> fixed(Catalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        return () -> catalog;
    }

}
