package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Tier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which gateways get a canary; pure decisions on {@code Instant now} (the
 * {@link CanaryRunner} carries them out). Tier intervals of hours leave a quiet gateway unwatched
 * for hours; a canary is how its outage is seen in a minute. The rules:
 * <ul>
 *   <li>A configured, enabled gateway whose key and credits are not rejected and that is not
 *       rate limited gateway-wide gets a canary when it has had no evidence (live, probe or
 *       canary) for {@code canaryInterval}, and, while it is {@code suspect}, once per
 *       {@code canaryInterval} whatever else it hears, so its recovery is seen.</li>
 *   <li>A canary is its free check (the models list). A gateway-wide outage shows there (the
 *       list fails: the gateway is suspect and no tokens are spent), so the tiny completion (1
 *       output token; reasoning models get {@code reasoningMaxTokens}, their floor) is added
 *       only when it tells something the list cannot: the list did not answer plainly (no list,
 *       rate limited, key refused), the gateway is suspect (a success is what clears it, so its
 *       recovery is seen within a canary interval), or the gateway has had no success for
 *       {@code canaryCompletionInterval} (0: every canary). It goes to the cheapest offer: the
 *       catalog has no prices, so the smallest token floor wins, then the offer that succeeded
 *       most recently, then catalog order. Offers throttled or deprecated are never chosen. On a
 *       quiet healthy gateway that is one models list a minute and one completion every half
 *       hour, instead of a completion a minute.</li>
 *   <li>Canary requests and tokens are counted apart from probes, per gateway, and capped at
 *       {@code canaryHourlyCap} requests per clock hour (0: no cap): a canary starts when its
 *       models list fits the cap, and its completion is sent only when it fits too.</li>
 *   <li>One canary in flight per gateway.</li>
 * </ul>
 */
public final class CanaryScheduler {

    private final HealthEngine engine;
    private final HealthSettings settings;
    private final Instant started;
    private final Map<String, Plan> plans = new HashMap<>();

    private static final class Plan {
        Instant lastCanaryAt;
        boolean inFlight;
    }

    /** One canary to run: the gateway, the offer for its tiny completion and that request. */
    public record CanaryTask(Gateway gateway, Offer offer, Prober.ProbeRequest completion) {
        public CanaryTask {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(offer, "offer");
            Objects.requireNonNull(completion, "completion");
        }
    }

    public CanaryScheduler(HealthEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = engine.settings();
        this.started = engine.started();
    }

    /** Takes the canaries due now, marks them in flight and counts the models-list request. */
    public synchronized List<CanaryTask> takeDue(Instant now) {
        Catalog catalog = engine.catalog();
        List<CanaryTask> out = new ArrayList<>();
        for (Gateway g : catalog.gateways()) {
            StatusRules.GatewayFacts f = engine.facts(g.name());
            GatewayState.GatewayEvidence ev = f.evidence();
            if (!g.enabled() || !f.configured() || ev.authErrorSinceSuccess() || ev.noCreditsSinceSuccess() || ev.throttledAt(now)) {
                continue;
            }
            Plan p = plans.computeIfAbsent(g.name(), k -> new Plan());
            if (p.inFlight || !due(ev, p, now)) {
                continue;
            }
            if (settings.canaryHourlyCap() > 0
                    && engine.canaryLedger().requestsThisHour(g.name(), now) + 1 > settings.canaryHourlyCap()) {
                continue;
            }
            Optional<Choice> cheapest = cheapest(catalog, g, now);
            if (cheapest.isEmpty()) {
                continue;
            }
            p.inFlight = true;
            p.lastCanaryAt = now;
            engine.canaryLedger().recordRequest(g.name(), now);
            int maxTokens = cheapest.get().model().reasoning() ? settings.reasoningMaxTokens() : 1;
            out.add(new CanaryTask(g, cheapest.get().offer(),
                    new Prober.ProbeRequest(settings.tier(Tier.CRITICAL).timeout(), maxTokens)));
        }
        return out;
    }

    /** Canaries started and not over yet (their models list or tiny completion is unanswered). */
    public synchronized int inFlight() {
        return (int) plans.values().stream().filter(p -> p.inFlight).count();
    }

    /**
     * The models list answered {@code reach} (not unreachable): whether the tiny completion is
     * worth its tokens now (see the class comment) and fits the hourly cap. When it is, it is
     * counted as sent.
     */
    public synchronized boolean sendCompletion(CanaryTask task, GatewayCheck.Reach reach, Instant now) {
        String gw = task.gateway().name();
        GatewayState.GatewayEvidence ev = engine.facts(gw).evidence();
        Duration every = settings.canaryCompletionInterval();
        boolean wanted = every.isZero() || reach != GatewayCheck.Reach.REACHABLE || ev.suspect()
                || ev.lastSuccess().map(s -> !now.isBefore(s.plus(every))).orElse(true);
        if (!wanted) {
            return false;
        }
        if (settings.canaryHourlyCap() > 0 && engine.canaryLedger().requestsThisHour(gw, now) + 1 > settings.canaryHourlyCap()) {
            return false;
        }
        engine.canaryLedger().recordRequest(gw, now);
        return true;
    }

    /** The canary is over; its tokens are counted. */
    public synchronized void done(CanaryTask task, long tokens) {
        engine.canaryLedger().recordTokens(task.gateway().name(), tokens);
        Plan p = plans.get(task.gateway().name());
        if (p != null) {
            p.inFlight = false;
        }
    }

    private boolean due(GatewayState.GatewayEvidence ev, Plan p, Instant now) {
        Duration every = settings.canaryInterval();
        Instant lastCanary = p.lastCanaryAt;
        if (ev.suspect()) {
            return lastCanary == null || !now.isBefore(lastCanary.plus(every));
        }
        Instant quietSince = latest(latest(ev.lastEvidence().orElse(null), lastCanary), started);
        return !now.isBefore(quietSince.plus(every));
    }

    private record Choice(Offer offer, Model model, Instant lastSuccess) {
    }

    private Optional<Choice> cheapest(Catalog catalog, Gateway g, Instant now) {
        List<Choice> choices = new ArrayList<>();
        for (Model m : catalog.models()) {
            for (Offer o : m.offers()) {
                if (!o.gateway().equals(g.name())) {
                    continue;
                }
                OfferState.OfferEvidence e = engine.evidence(o.id(), now);
                if (e.throttle().isPresent() || e.notFoundSinceSuccess() >= settings.deprecatedAfterNotFound()) {
                    continue;
                }
                choices.add(new Choice(o, m, e.lastSuccess().orElse(Instant.MIN)));
            }
        }
        return choices.stream().min(Comparator.comparing((Choice c) -> c.model().reasoning())
                .thenComparing(Choice::lastSuccess, Comparator.reverseOrder()));
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
