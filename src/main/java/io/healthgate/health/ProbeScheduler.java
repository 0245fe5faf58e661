package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which offers to probe and when; pure decisions on {@code Instant now}, no threads (the
 * {@link ProbeRunner} carries them out). The rules:
 * <ul>
 *   <li>An offer is due one tier interval after its newest evidence: a live or probe counting
 *       outcome, or a probe of any class. Fresh live traffic therefore postpones probes: live
 *       traffic is the best probe and costs nothing.</li>
 *   <li>An offer whose newest evidence is a failure (or whose last probes did not succeed) is due
 *       after a backoff instead: {@code backoffInitial} doubling per attempt, capped at its tier
 *       interval, so recovery is seen within minutes and a dead offer costs little. The first
 *       success after failures is confirmed by one more probe after {@code backoffInitial}, so a
 *       recovered offer leaves {@code unhealthy} quickly (see {@code recoverySuccesses}). The
 *       backoff never goes past the tier interval, however long the offer has been down, so its
 *       recovery is seen within one interval (see {@link AdaptiveProbing} for why a long-dead
 *       offer is not stretched).</li>
 *   <li>Adaptive pace ({@link AdaptiveProbing}, {@code monitoring.adaptive.*}): the tier interval
 *       is multiplied by up to {@code stable_max_factor} for a stable, unused offer and by
 *       {@code hot_min_factor} for one that flaps, is degrading or carries most of its model's
 *       live traffic ({@link #paceOf}). A hot failing offer backs off up to its paced interval.
 *       The pace only moves due times: the per-gateway concurrency, switch limit and hourly cap
 *       below still decide what is sent.</li>
 *   <li>Gateway-wide episodes: while a gateway is {@code suspect}, its offers not failing on their
 *       own and not heard from since it became suspect are due at once (one probe each per
 *       suspect period). When the suspect period ends (a success on the gateway), each offer whose
 *       last failure fell inside it is re-probed once, since its failure was probably the
 *       gateway's. A failing offer is never made urgent by a sibling's success alone: a dead model
 *       on a busy gateway would otherwise be probed after every success of its siblings.</li>
 *   <li>Each offer's due time gets a fixed pseudo-random jitter in {@code [0, jitter)}.</li>
 *   <li>Never probed: gateways that are disabled, unconfigured, misconfigured (auth_error, no
 *       success since), out of credits, or throttled until their Retry-After.</li>
 *   <li>A batch takes at most {@code batchSize} due offers, failing offers first, then by tier,
 *       then oldest due; per gateway at most {@code perGatewayConcurrency} in flight, at most
 *       {@link Gateway#modelSwitchesPerMinute()} distinct models per rolling minute (OpenRouter: 4;
 *       a healthy model's re-probe gives up its place when other models of the gateway wait for
 *       one, so the budget rotates over all its offers instead of watching the first few forever),
 *       and at most {@code hourlyProbeCap} requests per clock hour when a cap is set.</li>
 *   <li>Probe budget: the tier's max_tokens; reasoning models get at least
 *       {@code reasoningMaxTokens}, because they spend hidden tokens before answering and a tiny
 *       budget reads as a failure while users are served fine.</li>
 *   <li>A timeout gets one immediate retry with the {@code coldStartTimeout} before it counts; a
 *       success on that retry is counted as a <em>false timeout avoided</em>.</li>
 * </ul>
 * Thread-safe: every method synchronises on the scheduler (they are short and in-memory).
 */
public final class ProbeScheduler {
    private static final Duration SWITCH_WINDOW = Duration.ofMinutes(1);

    private final HealthEngine engine;
    private final HealthSettings settings;
    private final Map<OfferId, Plan> plans = new HashMap<>();
    private final Map<String, GatewayPlan> gateways = new HashMap<>();
    private final AdaptiveProbing adaptive;
    private volatile java.util.function.Predicate<OfferId> owned = id -> true;

    /** What the scheduler remembers of one offer. */
    private static final class Plan {
        Instant lastProbeAt;
        int unsettled;
        /** Probes in a row that succeeded. */
        int probeSuccesses;
        boolean inFlight;
        boolean forced;
    }

    /** What the scheduler remembers of one gateway: probes in flight and recent model switches. */
    private static final class GatewayPlan {
        int inFlight;
        Instant lastRecheckAt;
        final Deque<Switch> switches = new ArrayDeque<>();
    }

    private record Switch(Instant at, String model) {
    }

    /** What to do after a probe answered: retry it (cold start), and/or record an outcome. */
    public record Completion(Optional<ProbeTask> retry, Optional<Outcome> toRecord) {
    }

    private record Candidate(Offer offer, Tier tier, Instant due, boolean failing, Model model) {
    }

    /** When an offer is next due, and whether it may go between batches (it confirms or re-checks something now). */
    private record Due(Instant at, boolean urgent) {
    }

    public ProbeScheduler(HealthEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = engine.settings();
        this.adaptive = new AdaptiveProbing(settings);
    }

    /**
     * Shards probing across a fleet: only offers {@code mine} accepts are probed here (every
     * offer by default); another instance holds the others' leases. An operator's "probe now"
     * is honoured whoever holds the lease.
     */
    public void probeOnly(java.util.function.Predicate<OfferId> mine) {
        this.owned = Objects.requireNonNull(mine, "mine");
    }

    /** Probes sent and not answered yet. */
    public synchronized int inFlight() {
        return (int) plans.values().stream().filter(p -> p.inFlight).count();
    }

    /** Asks for a probe of this offer in the next batch, whatever its schedule (admin "probe now"). */
    public synchronized void probeSoon(OfferId id) {
        plan(id).forced = true;
    }

    /** Takes the next batch of due probes and marks them in flight. */
    public synchronized List<ProbeTask> takeDue(Instant now) {
        return take(now, false);
    }

    /**
     * Takes only the urgent due probes, for the seconds between batches: a first failure or a
     * first success after failures to confirm ({@code confirmInterval}), the offers of a suspect
     * gateway not probed since it became suspect, once the suspect period is over the offers that
     * failed inside it (once each), and "probe now" requests. The same per-gateway concurrency,
     * switch limit and hourly cap apply.
     */
    public synchronized List<ProbeTask> takeUrgent(Instant now) {
        return take(now, true);
    }

    private List<ProbeTask> take(Instant now, boolean urgentOnly) {
        Catalog catalog = engine.catalog();
        List<Candidate> due = new ArrayList<>();
        for (Model m : catalog.models()) {
            Tier tier = engine.tierOf(m);
            for (Offer o : m.offers()) {
                if (!probeable(o.gateway(), now)) {
                    continue;
                }
                Plan p = plan(o.id());
                if (p.inFlight || (!p.forced && !owned.test(o.id()))) {
                    continue;
                }
                OfferState.OfferEvidence ev = engine.evidence(o.id(), now);
                if (ev.throttle().isPresent()) {
                    continue; // its own rate limit: probes to it pause until it ends
                }
                GatewayState.GatewayEvidence gev = engine.facts(o.gateway()).evidence();
                boolean failing = failing(ev, p);
                Due d = p.forced ? new Due(now, true) : dueAt(o.id(), ev, p, tier, failing, gev, now);
                if (!d.at().isAfter(now) && (d.urgent() || !urgentOnly)) {
                    due.add(new Candidate(o, tier, d.at(), failing || d.urgent(), m));
                }
            }
        }
        due.sort(Comparator.comparing((Candidate c) -> !c.failing())
                .thenComparing(c -> c.tier().ordinal())
                .thenComparing(Candidate::due)
                .thenComparing(c -> c.offer().id()));
        List<ProbeTask> batch = new ArrayList<>();
        for (Candidate c : due) {
            if (batch.size() >= settings.batchSize()) {
                break;
            }
            Gateway g = catalog.gateway(c.offer().gateway()).orElseThrow();
            GatewayPlan gp = gateways.computeIfAbsent(g.name(), k -> new GatewayPlan());
            GatewayState.GatewayEvidence gev = engine.facts(g.name()).evidence();
            boolean recheck = rejected(gev);
            if (gp.inFlight >= concurrencyFor(gev)) {
                continue;
            }
            if (recheck && gp.lastRecheckAt == null) {
                gp.lastRecheckAt = now; // just rejected: the first recheck is one interval away
                continue;
            }
            if (recheck && now.isBefore(gp.lastRecheckAt.plus(recheckInterval()))) {
                continue;
            }
            if (settings.hourlyProbeCap() > 0 && engine.ledger().requestsThisHour(g.name(), now) >= settings.hourlyProbeCap()) {
                continue;
            }
            if (!switchAllowed(g, gp, c.offer().upstreamModel(), now)) {
                continue;
            }
            if (!c.failing() && yieldsSwitchSlot(g, gp, c, due)) {
                continue;
            }
            gp.inFlight++;
            gp.lastRecheckAt = recheck ? now : null;
            gp.switches.addLast(new Switch(now, c.offer().upstreamModel()));
            Plan p = plan(c.offer().id());
            p.inFlight = true;
            p.forced = false;
            engine.ledger().recordRequest(g.name(), now);
            HealthSettings.TierSettings ts = settings.tier(c.tier());
            int maxTokens = c.model().reasoning() ? Math.max(ts.maxTokens(), settings.reasoningMaxTokens()) : ts.maxTokens();
            batch.add(new ProbeTask(c.offer(), c.tier(), new Prober.ProbeRequest(ts.timeout(), maxTokens), false));
        }
        return batch;
    }

    /**
     * Takes a probe's answer. A first timeout is not recorded: it comes back as a cold-start
     * retry (already counted as a request and kept in flight). Everything else is recorded.
     */
    public synchronized Completion complete(ProbeTask task, Outcome outcome, Instant now) {
        String gw = task.offer().gateway();
        engine.ledger().recordTokens(gw, outcome.inputTokens() + outcome.outputTokens());
        if (outcome.outcomeClass() == OutcomeClass.TIMEOUT && !task.coldStartRetry()) {
            engine.ledger().recordRequest(gw, now);
            Duration allowance = task.request().timeout().compareTo(settings.coldStartTimeout()) > 0
                    ? task.request().timeout() : settings.coldStartTimeout();
            return new Completion(Optional.of(new ProbeTask(task.offer(), task.tier(),
                    new Prober.ProbeRequest(allowance, task.request().maxTokens()), true)), Optional.empty());
        }
        if (task.coldStartRetry() && outcome.outcomeClass() == OutcomeClass.SUCCESS) {
            engine.ledger().recordFalseTimeoutAvoided(gw);
        }
        release(task, now, outcome.outcomeClass() == OutcomeClass.SUCCESS);
        return new Completion(Optional.empty(), Optional.of(outcome));
    }

    /** A probe that could not be sent or answered (a bug in the prober): nothing is recorded. */
    public synchronized void abandon(ProbeTask task, Instant now) {
        release(task, now, false);
    }

    /** When this offer is next due, or empty while it may not be probed (gateway state, in flight). */
    public synchronized Optional<Instant> nextDue(OfferId id, Instant now) {
        Optional<Offer> o = engine.offer(id);
        if (o.isEmpty() || !probeable(id.gateway(), now)) {
            return Optional.empty();
        }
        Plan p = plan(id);
        if (p.inFlight || (!p.forced && !owned.test(id))) {
            return Optional.empty();
        }
        OfferState.OfferEvidence ev = engine.evidence(id, now);
        if (ev.throttle().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(p.forced ? now : dueAt(id, ev, p, engine.tierOf(id), failing(ev, p), engine.facts(id.gateway()).evidence(), now).at());
    }

    private void release(ProbeTask task, Instant now, boolean success) {
        Plan p = plan(task.offer().id());
        p.inFlight = false;
        p.lastProbeAt = now;
        p.unsettled = success ? 0 : p.unsettled + 1;
        p.probeSuccesses = success ? p.probeSuccesses + 1 : 0;
        GatewayPlan gp = gateways.get(task.offer().gateway());
        if (gp != null && gp.inFlight > 0) {
            gp.inFlight--;
        }
    }

    /**
     * Whether any offer of this gateway may be probed now. Unconfigured, disabled and throttled
     * gateways never are. A gateway whose key was rejected or whose credits ran out is not probed
     * offer by offer, but gets one recheck probe per {@link #recheckInterval()} (see takeDue), so a
     * key re-enabled or credits topped up at the provider are noticed without a restart.
     */
    private boolean probeable(String gateway, Instant now) {
        StatusRules.GatewayFacts f = engine.facts(gateway);
        GatewayState.GatewayEvidence ev = f.evidence();
        return f.gateway().enabled() && f.configured() && !ev.throttledAt(now);
    }

    private static boolean rejected(GatewayState.GatewayEvidence ev) {
        return ev.authErrorSinceSuccess() || ev.noCreditsSinceSuccess();
    }

    /** Probes in flight allowed to one gateway: one recheck at a time while its key or credits are rejected. */
    private int concurrencyFor(GatewayState.GatewayEvidence ev) {
        return rejected(ev) ? 1 : settings.perGatewayConcurrency();
    }

    /** How often a rejected gateway is rechecked: the critical tier's probe interval. */
    private Duration recheckInterval() {
        return settings.tier(Tier.CRITICAL).interval();
    }

    private boolean failing(OfferState.OfferEvidence ev, Plan p) {
        if (ev.consecutiveFailures() > 0) {
            return true;
        }
        boolean liveSuccessSince = p.lastProbeAt != null && ev.lastSuccess().map(s -> s.isAfter(p.lastProbeAt)).orElse(false);
        return p.unsettled > 0 && !liveSuccessSince;
    }

    /**
     * How this offer's probes are paced now ({@link AdaptiveProbing}): the factor its tier
     * interval is multiplied by, and why.
     */
    public synchronized AdaptiveProbing.Pace paceOf(OfferId id, Instant now) {
        Plan p = plan(id);
        OfferState.OfferEvidence ev = engine.evidence(id, now);
        return pace(id, ev, p, failing(ev, p));
    }

    private AdaptiveProbing.Pace pace(OfferId id, OfferState.OfferEvidence ev, Plan p, boolean failing) {
        AdaptiveProbing.Pace pace = adaptive.pace(ev, p.probeSuccesses, () -> engine.trafficShare(id));
        return failing && pace.kind() == AdaptiveProbing.Kind.STABLE ? AdaptiveProbing.Pace.STEADY : pace;
    }

    private Due dueAt(OfferId id, OfferState.OfferEvidence ev, Plan p, Tier tier, boolean failing,
                      GatewayState.GatewayEvidence gev, Instant now) {
        Instant base = latest(ev.lastCounting().orElse(null), p.lastProbeAt);
        if (base == null) {
            return new Due(Instant.MIN, gev.suspect()); // never seen: due now
        }
        if (gev.suspect() && !failing && base.isBefore(gev.suspectSince().get())) {
            return new Due(gev.suspectSince().get(), true); // siblings failed since: check this one first
        }
        Optional<GatewayState.Episode> episode = gev.lastEpisode();
        boolean episodeOver = !gev.suspect() && ev.consecutiveFailures() > 0 && episode.isPresent()
                && ev.lastFailure().map(episode.get()::contains).orElse(false) && base.isBefore(episode.get().end());
        if (episodeOver) {
            return new Due(episode.get().end(), true); // it failed with its gateway, which answers again: once, see whether it does
        }
        Duration interval = settings.tier(tier).interval();
        int unhealthyAt = settings.unhealthyConsecutiveFailures();
        AdaptiveProbing.Pace pace = pace(id, ev, p, failing);
        Duration paced = adaptive.interval(interval, pace);
        if (failing) {
            int n = Math.max(ev.consecutiveFailures(), p.unsettled);
            if (n < unhealthyAt) {
                return new Due(base.plus(confirm(interval)), true); // confirm the failure within seconds
            }
            Duration wait = backoff(n - unhealthyAt + 1, pace.kind() == AdaptiveProbing.Kind.HOT ? paced : interval);
            return new Due(base.plus(wait).plus(jitter(id, base)), false);
        }
        if (ev.window().failures() > 0 && ev.consecutiveSuccesses() < settings.recoverySuccesses()) {
            return new Due(base.plus(confirm(interval)), true); // confirm a recovery within seconds
        }
        return new Due(base.plus(paced).plus(jitter(id, base)), false);
    }

    private Duration confirm(Duration interval) {
        return settings.confirmInterval().compareTo(interval) < 0 ? settings.confirmInterval() : interval;
    }

    /** {@code backoffInitial * 2^(attempt-1)}, capped at the tier interval. */
    Duration backoff(int attempt, Duration interval) {
        Duration d = settings.backoffInitial();
        for (int i = 1; i < attempt && d.compareTo(interval) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(interval) < 0 ? d : interval;
    }

    private Duration jitter(OfferId id, Instant base) {
        long ms = settings.jitter().toMillis();
        if (ms <= 0) {
            return Duration.ZERO;
        }
        long h = (id.hashCode() * 31L + base.getEpochSecond()) * 0x9E3779B97F4A7C15L;
        return Duration.ofMillis(Math.floorMod(h ^ (h >>> 29), ms));
    }

    private boolean switchAllowed(Gateway g, GatewayPlan gp, String model, Instant now) {
        Instant cutoff = now.minus(SWITCH_WINDOW);
        while (!gp.switches.isEmpty() && !gp.switches.peekFirst().at().isAfter(cutoff)) {
            gp.switches.pollFirst();
        }
        int limit = g.modelSwitchesPerMinute();
        if (limit <= 0) {
            return true;
        }
        Set<String> distinct = new HashSet<>();
        for (Switch s : gp.switches) {
            distinct.add(s.model());
        }
        return distinct.contains(model) || distinct.size() < limit;
    }

    /**
     * True when a re-probe of a healthy model would keep its place among a switch-limited
     * gateway's recent models while other due models of that gateway wait for a place. Every
     * re-probe renews the model's place, so without yielding the first few models probed would
     * hold the gateway's whole budget for good whenever the tier interval is shorter than the
     * switch window, and the rest of its offers would never be probed at all. Failing models keep
     * their place: their recovery must be seen.
     */
    private boolean yieldsSwitchSlot(Gateway g, GatewayPlan gp, Candidate c, List<Candidate> due) {
        int limit = g.modelSwitchesPerMinute();
        if (limit <= 0) {
            return false;
        }
        Set<String> recent = new HashSet<>();
        for (Switch s : gp.switches) {
            recent.add(s.model());
        }
        if (!recent.contains(c.offer().upstreamModel()) || recent.size() < limit) {
            return false;
        }
        for (Candidate other : due) {
            if (other.offer().gateway().equals(g.name()) && !recent.contains(other.offer().upstreamModel())) {
                return true;
            }
        }
        return false;
    }

    private Plan plan(OfferId id) {
        return plans.computeIfAbsent(id, k -> new Plan());
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
