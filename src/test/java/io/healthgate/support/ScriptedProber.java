package io.healthgate.support;

import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.health.Prober;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Prober} that answers from a script: per offer, a queue of outcome classes (the last
 * one repeats), defaulting to success. Records every call (the {@link Offer} and the
 * {@link Prober.ProbeRequest}) so tests can assert what a probe would have sent. Completes at
 * once, or leaves calls pending when {@link #holdReplies} is set, to test concurrency caps.
 */
public final class ScriptedProber implements Prober {
    /** One call as the prober saw it. */
    public record Call(Offer offer, ProbeRequest request) {
    }

    private final Clock clock;
    private final Map<OfferId, Deque<OutcomeClass>> scripts = new HashMap<>();
    private final Map<OfferId, Duration> retryAfter = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<CompletableFuture<Outcome>> pending = new ArrayList<>();
    private final List<Outcome> pendingOutcomes = new ArrayList<>();
    private boolean hold;
    private long tokensPerCall = 7;

    public ScriptedProber(Clock clock) {
        this.clock = clock;
    }

    /** The outcomes this offer's next probes return, in order; the last repeats. */
    public synchronized ScriptedProber script(OfferId offer, OutcomeClass... classes) {
        scripts.put(offer, new ArrayDeque<>(List.of(classes)));
        return this;
    }

    /** A Retry-After this offer's rate-limited answers carry. */
    public synchronized ScriptedProber retryAfter(OfferId offer, Duration d) {
        retryAfter.put(offer, d);
        return this;
    }

    public synchronized ScriptedProber tokensPerCall(long n) {
        tokensPerCall = n;
        return this;
    }

    /** While true, calls stay pending until {@link #releaseAll()}. */
    public synchronized void holdReplies(boolean hold) {
        this.hold = hold;
    }

    public void releaseAll() {
        List<CompletableFuture<Outcome>> fs;
        List<Outcome> os;
        synchronized (this) {
            fs = new ArrayList<>(pending);
            os = new ArrayList<>(pendingOutcomes);
            pending.clear();
            pendingOutcomes.clear();
        }
        for (int i = 0; i < fs.size(); i++) {
            fs.get(i).complete(os.get(i));
        }
    }

    @Override
    public synchronized CompletionStage<Outcome> probe(Offer offer, ProbeRequest request) {
        calls.add(new Call(offer, request));
        Deque<OutcomeClass> q = scripts.get(offer.id());
        OutcomeClass c = q == null || q.isEmpty() ? OutcomeClass.SUCCESS : q.size() > 1 ? q.poll() : q.peek();
        Outcome o = c == OutcomeClass.SUCCESS
                ? new Outcome(offer.id(), c, Outcome.Source.PROBE, 200, Optional.of(Duration.ofMillis(80)), Duration.ofMillis(120),
                        5, tokensPerCall - 5, "", Optional.empty(), clock.instant())
                : new Outcome(offer.id(), c, Outcome.Source.PROBE, statusFor(c), Optional.empty(), Duration.ZERO, 0, 0,
                        c.wireName() + " (scripted)", Optional.ofNullable(retryAfter.get(offer.id())), clock.instant());
        if (hold) {
            CompletableFuture<Outcome> f = new CompletableFuture<>();
            pending.add(f);
            pendingOutcomes.add(o);
            return f;
        }
        return CompletableFuture.completedFuture(o);
    }

    private static int statusFor(OutcomeClass c) {
        return switch (c) {
            case RATE_LIMITED -> 429;
            case AUTH_ERROR -> 401;
            case NO_CREDITS -> 402;
            case NOT_FOUND -> 404;
            case BAD_REQUEST -> 400;
            case SERVER_ERROR -> 502;
            default -> 0;
        };
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> callsTo(OfferId offer) {
        return calls.stream().filter(c -> c.offer().id().equals(offer)).toList();
    }

    public synchronized void clearCalls() {
        calls.clear();
    }
}
