package io.healthgate.bench;

import io.healthgate.alerting.AlertEvaluator;
import io.healthgate.alerting.AlertNotification;
import io.healthgate.alerting.AlertSettings;
import io.healthgate.alerting.SnapshotFacts;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.catalog.Tier;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthSettings;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.support.FakeClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The health engine and the alert evaluator, in process on a fake clock, fed outcome streams
 * generated from the simulator's fault model ({@link Behaviour}: its scheduled outages and the
 * {@link io.healthgate.simulator.Ramp} before each). Deterministic for a seed; no network.
 *
 * <p>Each offer serves one critical-tier model on a gateway of its own (so one offer's outage is
 * never a sibling's evidence). Live traffic arrives as a Poisson stream at the offer's rate; each
 * call's time to first byte is the behaviour's first byte plus the ramp's extra latency, times a
 * log-normal noise (σ {@code sigma}), times a diurnal ±{@code DIURNAL} swing, with a heavy tail
 * (0.5% of calls 4× slower). A call fails when the outage is on (its fault's class), with the
 * ramp's error rate, or with the offer's own base error rate. The snapshot is rebuilt and the
 * alert rules evaluated every {@code step}, as {@code app.HealthWiring} does on each snapshot.
 */
public final class DriftSimulation {
    /** Diurnal swing of latency (±, a sine over 24 h): the flat baseline must not mistake the day for a drift. */
    public static final double DIURNAL = 0.25;
    public static final double HEAVY_TAIL = 0.005;

    /** One simulated offer. {@code behaviour} carries its outages (with ramps); times are seconds from the start. */
    public record OfferPlan(String name, double rps, double sigma, double baseErrorRate, Behaviour behaviour) {
    }

    /** What happened to one offer, each an offset from the start (empty: never). */
    public record OfferRun(OfferPlan plan, List<Duration> warnings, Optional<Duration> firstOutageAlert,
                           Optional<Duration> firstDegrading, Optional<Duration> firstUnhealthy, String firstDegradingReason) {
        public Optional<Duration> firstWarning() {
            return warnings.isEmpty() ? Optional.empty() : Optional.of(warnings.get(0));
        }
    }

    private DriftSimulation() {
    }

    public static OfferId offerId(String name) {
        return new OfferId("gw-" + name, "m/" + name);
    }

    public static List<OfferRun> run(List<OfferPlan> plans, Duration length, Duration step, HealthSettings settings,
                                     AlertSettings alerts, long seed) {
        Instant start = Instant.parse("2026-03-02T00:00:00Z");
        FakeClock clock = new FakeClock(start);
        List<Gateway> gateways = new ArrayList<>();
        List<Model> models = new ArrayList<>();
        for (OfferPlan p : plans) {
            OfferId id = offerId(p.name());
            gateways.add(Gateway.of(id.gateway(), "http://127.0.0.1:1/" + p.name(), Protocol.OPENAI, "SIM_KEY"));
            models.add(new Model(id.model(), "sim", Optional.of(Tier.CRITICAL), false, 0, List.of(),
                    List.of(new Offer(id, p.name()))));
        }
        Catalog catalog = new Catalog(gateways, models);
        Set<String> configured = Set.copyOf(gateways.stream().map(Gateway::name).toList());
        HealthEngine engine = new HealthEngine(catalog, configured, settings, clock);
        SnapshotFacts facts = new SnapshotFacts();
        AlertEvaluator evaluator = new AlertEvaluator(alerts);

        Random rnd = new Random(seed);
        int n = plans.size();
        double[] next = new double[n];
        for (int i = 0; i < n; i++) {
            next[i] = exp(rnd, plans.get(i).rps());
        }
        Map<OfferId, List<Duration>> warnings = new LinkedHashMap<>();
        Map<OfferId, Duration> outageAlert = new LinkedHashMap<>();
        Map<OfferId, Duration> degrading = new LinkedHashMap<>();
        Map<OfferId, String> degradingReason = new LinkedHashMap<>();
        Map<OfferId, Duration> unhealthy = new LinkedHashMap<>();
        double stepS = step.toNanos() / 1e9;
        double end = length.toNanos() / 1e9;
        for (double t = stepS; t <= end + 1e-9; t += stepS) {
            for (int i = 0; i < n; i++) {
                OfferPlan p = plans.get(i);
                OfferId id = offerId(p.name());
                while (next[i] <= t) {
                    clock.set(start.plusNanos((long) (next[i] * 1e9)));
                    engine.onOutcome(call(p, id, next[i], rnd, clock.instant()));
                    next[i] += exp(rnd, p.rps());
                }
            }
            clock.set(start.plusNanos((long) (t * 1e9)));
            HealthSnapshot snap = engine.rebuild();
            Duration at = Duration.between(start, snap.at());
            for (HealthSnapshot.OfferHealth o : snap.offers().values()) {
                if (o.status() == OfferStatus.DEGRADING && !degrading.containsKey(o.offer())) {
                    degrading.put(o.offer(), at);
                    degradingReason.put(o.offer(), o.reason());
                }
                if (o.status() == OfferStatus.UNHEALTHY) {
                    unhealthy.putIfAbsent(o.offer(), at);
                }
            }
            for (AlertNotification a : evaluator.evaluate(facts.next(snap), snap.at())) {
                if (a.title().startsWith("Resolved")) {
                    continue;
                }
                for (OfferPlan p : plans) {
                    OfferId id = offerId(p.name());
                    if (a.key().equals("offer." + id + ".degrading")) {
                        warnings.computeIfAbsent(id, k -> new ArrayList<>()).add(at);
                    } else if (a.key().equals("model." + id.model() + ".no_healthy_offer")
                            || a.key().equals("offer." + id + ".breaker_open")) {
                        outageAlert.putIfAbsent(id, at);
                    }
                }
            }
        }
        List<OfferRun> out = new ArrayList<>();
        for (OfferPlan p : plans) {
            OfferId id = offerId(p.name());
            out.add(new OfferRun(p, List.copyOf(warnings.getOrDefault(id, List.of())), Optional.ofNullable(outageAlert.get(id)),
                    Optional.ofNullable(degrading.get(id)), Optional.ofNullable(unhealthy.get(id)), degradingReason.getOrDefault(id, "")));
        }
        return out;
    }

    private static Outcome call(OfferPlan p, OfferId id, double tSeconds, Random rnd, Instant at) {
        Duration since = Duration.ofNanos((long) (tSeconds * 1e9));
        Behaviour b = p.behaviour();
        Fault fault = b.activeFault(since, 1.0);
        if (fault != Fault.NONE) {
            return failure(id, fault, at);
        }
        Behaviour.RampNow ramp = b.rampAt(since, 1.0);
        double errorRate = ramp == null ? p.baseErrorRate() : Math.max(p.baseErrorRate(), ramp.errorRate());
        if (rnd.nextDouble() < errorRate) {
            return failure(id, ramp == null ? Fault.SERVER_ERROR : ramp.outage().fault(), at);
        }
        double ms = b.firstByteMs() + (ramp == null ? 0 : ramp.extraLatencyMs());
        ms *= Math.exp(rnd.nextGaussian() * p.sigma());
        ms *= 1 + DIURNAL * Math.sin(2 * Math.PI * tSeconds / 86_400);
        if (rnd.nextDouble() < HEAVY_TAIL) {
            ms *= 4;
        }
        return Outcome.success(id, Outcome.Source.LIVE, Duration.ofNanos((long) (ms * 1e6)), at);
    }

    private static Outcome failure(OfferId id, Fault f, Instant at) {
        OutcomeClass c = switch (f) {
            case HANG, STALL -> OutcomeClass.TIMEOUT;
            case RESET -> OutcomeClass.CONNECTION_ERROR;
            case CUT_STREAM, STREAM_ERROR, MALFORMED, MALFORMED_EVENT, CUT_AFTER_TOKENS -> OutcomeClass.BAD_RESPONSE;
            default -> OutcomeClass.SERVER_ERROR;
        };
        return Outcome.failure(id, c, Outcome.Source.LIVE, f.status(), f.wireName(), at);
    }

    private static double exp(Random rnd, double rate) {
        return -Math.log(1 - rnd.nextDouble()) / rate;
    }
}
