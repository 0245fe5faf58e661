package io.healthgate.bench;

import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Ramp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded simulated fleets for {@link DriftSimulation}: healthy offers with realistic noise, and
 * offers whose outage is preceded by a ramp (latency, error rate, or both rising over minutes).
 */
public final class DriftFleets {
    /** When the first ramped outage may start: two hours of healthy history first, so each offer has its own baseline. */
    public static final double FIRST_OUTAGE_S = 7200;
    public static final double OUTAGE_SPREAD_S = 3600;
    public static final double OUTAGE_LENGTH_S = 900;
    private static final Fault[] FAULTS = {Fault.SERVER_ERROR, Fault.UNAVAILABLE, Fault.HANG, Fault.RESET};

    private DriftFleets() {
    }

    /** Offers that stay healthy: first byte 150..1500 ms, noise σ 0.15..0.4, 0.2..3 calls/s, 0.2..2% base errors. */
    public static List<DriftSimulation.OfferPlan> healthy(int n, long seed) {
        Random r = new Random(seed);
        List<DriftSimulation.OfferPlan> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(base("h" + i, r, Behaviour.NORMAL.withLatency(logUniform(r, 150, 1500), 0)));
        }
        return out;
    }

    /**
     * Offers with one ramped outage each, starting between {@link #FIRST_OUTAGE_S} and an hour
     * later, for {@link #OUTAGE_LENGTH_S}: a third ramp latency only (extra first byte up to 2..6×
     * its own), a third the error rate only (to 15..50%), a third both (1.5..4× and 10..30%), each
     * over 3..10 minutes.
     */
    public static List<DriftSimulation.OfferPlan> ramped(int n, long seed) {
        Random r = new Random(seed);
        List<DriftSimulation.OfferPlan> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long ms = logUniform(r, 150, 1500);
            double over = 180 + r.nextDouble() * 420;
            Ramp ramp = switch (i % 3) {
                case 0 -> new Ramp(over, Math.round(ms * (2 + 4 * r.nextDouble())), 0);
                case 1 -> new Ramp(over, 0, 0.15 + 0.35 * r.nextDouble());
                default -> new Ramp(over, Math.round(ms * (1.5 + 2.5 * r.nextDouble())), 0.10 + 0.20 * r.nextDouble());
            };
            double start = FIRST_OUTAGE_S + r.nextDouble() * OUTAGE_SPREAD_S;
            Behaviour b = Behaviour.NORMAL.withLatency(ms, 0).withOutage(start, OUTAGE_LENGTH_S, FAULTS[r.nextInt(FAULTS.length)], ramp);
            out.add(base("r" + i, r, b));
        }
        return out;
    }

    /** The kind of a ramped offer's ramp, in words. */
    public static String rampKind(Ramp ramp) {
        return ramp.toLatencyMs() > 0 && ramp.toErrorRate() > 0 ? "latency+errors" : ramp.toLatencyMs() > 0 ? "latency" : "errors";
    }

    private static DriftSimulation.OfferPlan base(String name, Random r, Behaviour b) {
        double sigma = 0.15 + 0.25 * r.nextDouble();
        double rps = Math.exp(Math.log(0.2) + r.nextDouble() * (Math.log(3) - Math.log(0.2)));
        double err = 0.002 + 0.018 * r.nextDouble();
        return new DriftSimulation.OfferPlan(name, rps, sigma, err, b);
    }

    private static long logUniform(Random r, double lo, double hi) {
        return Math.round(Math.exp(Math.log(lo) + r.nextDouble() * (Math.log(hi) - Math.log(lo))));
    }
}
