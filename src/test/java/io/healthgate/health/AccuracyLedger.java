package io.healthgate.health;

import io.healthgate.catalog.OfferId;
import io.healthgate.simulator.GatewayTruth;
import io.healthgate.simulator.OfferTruth;
import io.healthgate.simulator.TruthState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares the engine's snapshots with the simulator's ground truth, sample by sample, and keeps
 * the score of {@link HealthAccuracyTest}. The rules:
 * <ul>
 *   <li><b>false unhealthy</b>: the engine says {@code unhealthy} while the truth is a state that is
 *       not the model's failure (up, slow, cold start, rate limited, key rejected, no credits, not
 *       found), unless the offer was really down within {@code recoveryGrace} (recovery lag is
 *       measured, not counted as false); likewise a gateway {@code down} while it is not;</li>
 *   <li><b>missed unhealthy</b>: the truth has been down, hanging or broken (reachable with the demo
 *       key) for longer than {@code detectionAllowance} and the engine still says {@code healthy};</li>
 *   <li><b>keys</b>: a missing or misnamed demo key must read {@code unconfigured} at every sample, a
 *       wrong one never {@code unhealthy} (and {@code misconfigured} at the end);</li>
 *   <li>flaky offers are neither: they fail a share of calls by design, so any status is honest.</li>
 * </ul>
 */
final class AccuracyLedger {
    static final Set<TruthState> NOT_THE_MODELS_FAULT = EnumSet.of(TruthState.UP, TruthState.SLOW, TruthState.COLD_START,
            TruthState.RATE_LIMITED, TruthState.AUTH_REJECTED, TruthState.NO_CREDITS, TruthState.NOT_FOUND);
    static final Set<TruthState> FAILING = EnumSet.of(TruthState.DOWN, TruthState.HANGING, TruthState.BROKEN);

    /** One scheduled outage: of one offer ({@code model} set) or of a whole gateway. */
    record Injected(String gateway, Optional<String> model, String fault, Instant start, Instant end) {
        String label() {
            return gateway + model.map(m -> "/" + m).orElse(" (gateway-wide)") + " " + fault;
        }

        boolean covers(OfferId id) {
            return id.gateway().equals(gateway) && model.map(id.model()::equals).orElse(true);
        }
    }

    /** What was seen of one injected outage. */
    static final class Sighting {
        final Injected outage;
        final Map<OfferId, Instant> offerSeen = new TreeMap<>();
        final Map<OfferId, Instant> offerRecovered = new TreeMap<>();
        final Set<OfferId> offers = new LinkedHashSet<>();
        /**
         * Offers the engine checked (probe or live call) while the outage was on, early enough to
         * confirm it: three failures with backoffs of one and two seconds fit in {@link #CONFIRM_WITHIN}.
         */
        final Set<OfferId> checkedDuring = new LinkedHashSet<>();
        Instant gatewayDown;
        Instant gatewayRecovered;

        Sighting(Injected outage) {
            this.outage = outage;
        }
    }

    /** One broken rule at one sample, with enough context to act on. */
    record Violation(String rule, OfferId offer, Instant at, TruthState truth, String demoKey, OfferStatus status, String reason) {
        @Override
        public String toString() {
            return rule + " " + offer + " truth=" + truth.wireName() + " key=" + demoKey + " engine=" + status.wireName()
                    + " (" + reason + ")";
        }
    }

    static final Duration CONFIRM_WITHIN = Duration.ofSeconds(5);

    private final Duration detectionAllowance;
    private final Duration recoveryGrace;
    private final Instant startedAt;
    private final List<Sighting> sightings = new ArrayList<>();
    private final Map<OfferId, Instant> downSince = new HashMap<>();
    private final Map<OfferId, Instant> downEnded = new HashMap<>();
    private final Map<String, Instant> gatewayDownEnded = new HashMap<>();
    private final Map<String, Violation> falseUnhealthy = new LinkedHashMap<>();
    private final Map<String, Violation> missedUnhealthy = new LinkedHashMap<>();
    private final Map<String, Violation> keyViolations = new LinkedHashMap<>();
    private final Map<String, String> falseGatewayDown = new LinkedHashMap<>();
    private long falseUnhealthySamples;
    private long missedUnhealthySamples;
    private int samples;
    private HealthSnapshot last;
    private List<OfferTruth> lastTruth = List.of();

    AccuracyLedger(List<Injected> outages, Duration detectionAllowance, Duration recoveryGrace, Instant startedAt) {
        outages.forEach(o -> sightings.add(new Sighting(o)));
        this.detectionAllowance = detectionAllowance;
        this.recoveryGrace = recoveryGrace;
        this.startedAt = startedAt;
    }

    synchronized void sample(Instant now, HealthSnapshot snap, List<OfferTruth> truth, List<GatewayTruth> gateways) {
        samples++;
        last = snap;
        lastTruth = truth;
        for (OfferTruth t : truth) {
            OfferId id = new OfferId(t.gateway(), t.model());
            HealthSnapshot.OfferHealth h = snap.offers().get(id);
            OfferStatus status = h == null ? OfferStatus.UNKNOWN : h.status();
            String reason = h == null ? "not in snapshot" : h.reason();
            trackDown(id, t.state(), now);
            judge(id, t, status, reason, now);
            for (Sighting s : sightings) {
                see(s, id, t, h, status, now);
            }
        }
        for (GatewayTruth g : gateways) {
            GatewayStatus gs = snap.gateway(g.gateway()).map(HealthSnapshot.GatewayHealth::status).orElse(GatewayStatus.UNKNOWN);
            boolean reallyDown = FAILING.contains(g.state());
            if (reallyDown) {
                gatewayDownEnded.remove(g.gateway());
            } else if (sightings.stream().anyMatch(s -> s.outage.model().isEmpty() && s.outage.gateway().equals(g.gateway())
                    && !now.isBefore(s.outage.end()))) {
                gatewayDownEnded.putIfAbsent(g.gateway(), now);
            }
            Instant ended = gatewayDownEnded.get(g.gateway());
            boolean inGrace = ended != null && now.isBefore(ended.plus(recoveryGrace));
            if (gs == GatewayStatus.DOWN && !reallyDown && !inGrace) {
                falseGatewayDown.putIfAbsent(g.gateway(), "gateway " + g.gateway() + " down while truth is " + g.state().wireName()
                        + " at +" + offset(now));
            }
            for (Sighting s : sightings) {
                if (s.outage.model().isEmpty() && s.outage.gateway().equals(g.gateway())) {
                    if (s.gatewayDown == null && gs == GatewayStatus.DOWN && !now.isBefore(s.outage.start())) {
                        s.gatewayDown = now;
                    }
                    if (s.gatewayRecovered == null && s.gatewayDown != null && !now.isBefore(s.outage.end())
                            && (gs == GatewayStatus.HEALTHY || gs == GatewayStatus.DEGRADED)) {
                        s.gatewayRecovered = now;
                    }
                }
            }
        }
    }

    private void trackDown(OfferId id, TruthState state, Instant now) {
        if (FAILING.contains(state)) {
            downSince.putIfAbsent(id, now);
            downEnded.remove(id);
        } else if (downSince.remove(id) != null) {
            downEnded.put(id, now);
        }
    }

    private void judge(OfferId id, OfferTruth t, OfferStatus status, String reason, Instant now) {
        String key = t.demoKey();
        if ((key.equals("missing") || key.equals("misnamed")) && status != OfferStatus.UNCONFIGURED) {
            keyViolations.putIfAbsent(id + "|" + status, new Violation("key " + key + " not unconfigured", id, now, t.state(), key, status, reason));
        }
        if (key.equals("wrong") && status != OfferStatus.MISCONFIGURED && status != OfferStatus.UNKNOWN) {
            keyViolations.putIfAbsent(id + "|" + status, new Violation("key wrong not misconfigured", id, now, t.state(), key, status, reason));
        }
        if (status == OfferStatus.UNHEALTHY && NOT_THE_MODELS_FAULT.contains(t.state())) {
            Instant ended = downEnded.get(id);
            boolean inGrace = ended != null && now.isBefore(ended.plus(recoveryGrace));
            if (!inGrace) {
                falseUnhealthySamples++;
                falseUnhealthy.putIfAbsent(id.toString(), new Violation("false unhealthy", id, now, t.state(), key, status, reason));
            }
        }
        Instant since = downSince.get(id);
        if (since != null && key.equals("ok") && status.isServing() && !now.isBefore(since.plus(detectionAllowance))) {
            missedUnhealthySamples++;
            missedUnhealthy.putIfAbsent(id.toString(), new Violation("missed unhealthy", id, now, t.state(), key, status, reason));
        }
    }

    private void see(Sighting s, OfferId id, OfferTruth t, HealthSnapshot.OfferHealth h, OfferStatus status, Instant now) {
        Injected o = s.outage;
        if (!o.covers(id) || now.isBefore(o.start())) {
            return;
        }
        if (o.model().isEmpty() && (status == OfferStatus.DEPRECATED || t.demoKey().equals("wrong"))) {
            return; // a model already gone (or a key already rejected) has no outage to show
        }
        s.offers.add(id);
        if (h != null && h.lastChecked().filter(c -> !c.isBefore(o.start()) && !c.isAfter(o.end().minus(CONFIRM_WITHIN))).isPresent()) {
            s.checkedDuring.add(id);
        }
        if (!s.offerSeen.containsKey(id) && status == OfferStatus.UNHEALTHY) {
            s.offerSeen.put(id, now);
        }
        if (!s.offerRecovered.containsKey(id) && s.offerSeen.containsKey(id) && !now.isBefore(o.end())
                && (status.isServing() || status == OfferStatus.DEGRADED)) {
            s.offerRecovered.put(id, now);
        }
    }

    synchronized int samples() {
        return samples;
    }

    synchronized List<Violation> falseUnhealthy() {
        return List.copyOf(falseUnhealthy.values());
    }

    synchronized long falseUnhealthySamples() {
        return falseUnhealthySamples;
    }

    synchronized List<String> falseGatewayDown() {
        return List.copyOf(falseGatewayDown.values());
    }

    synchronized List<Violation> missedUnhealthy() {
        return List.copyOf(missedUnhealthy.values());
    }

    synchronized long missedUnhealthySamples() {
        return missedUnhealthySamples;
    }

    synchronized List<Violation> keyViolations() {
        return List.copyOf(keyViolations.values());
    }

    synchronized List<Sighting> sightings() {
        return List.copyOf(sightings);
    }

    synchronized HealthSnapshot last() {
        return last;
    }

    synchronized List<OfferTruth> lastTruth() {
        return lastTruth;
    }

    /** Seconds since the fleet started, for figures. */
    String offset(Instant t) {
        return t == null ? "-" : String.format(java.util.Locale.ROOT, "%.1fs", Duration.between(startedAt, t).toMillis() / 1000.0);
    }

    static String seconds(Instant from, Instant to) {
        return to == null ? "never" : String.format(java.util.Locale.ROOT, "%.1fs", Duration.between(from, to).toMillis() / 1000.0);
    }
}
