package io.healthgate.bench;

import io.healthgate.alerting.AlertSettings;
import io.healthgate.health.HealthSettings;
import io.healthgate.simulator.Outage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Early-warning figures (bench/prediction.sh): the health engine with its drift detector and the
 * alert rules, in process on a fake clock, over simulated outcome streams from the simulator's
 * fault model ({@link DriftSimulation}). Prints each figure with its definition. Arguments:
 * {@code [--smoke]} (20 offers, a short day) {@code [--seed N]}.
 */
public final class PredictionFigures {
    public static void main(String[] args) {
        boolean smoke = false;
        long seed = 17;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--smoke")) {
                smoke = true;
            } else if (args[i].equals("--seed")) {
                seed = Long.parseLong(args[++i]);
            }
        }
        int rampedN = smoke ? 12 : 100;
        int healthyN = smoke ? 20 : 100;
        Duration day = smoke ? Duration.ofHours(3) : Duration.ofDays(1);
        Duration step = Duration.ofSeconds(5);
        HealthSettings settings = HealthSettings.defaults();
        AlertSettings alerts = AlertSettings.defaults();
        long t0 = System.nanoTime();

        List<DriftSimulation.OfferPlan> ramped = DriftFleets.ramped(rampedN, seed);
        Duration rampedLength = Duration.ofSeconds((long) (DriftFleets.FIRST_OUTAGE_S + DriftFleets.OUTAGE_SPREAD_S + DriftFleets.OUTAGE_LENGTH_S));
        List<DriftSimulation.OfferRun> runs = DriftSimulation.run(ramped, rampedLength, step, settings, alerts, seed);
        int warnedInTime = 0;
        int warnedBeforeOutageAlert = 0;
        int earlyFalse = 0;
        List<Long> leads = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        for (DriftSimulation.OfferRun r : runs) {
            Outage o = r.plan().behaviour().outages().get(0);
            Duration outageAt = Duration.ofMillis(Math.round(o.startSeconds() * 1000));
            Duration rampFrom = Duration.ofMillis(Math.round((o.startSeconds() - o.ramp().overSeconds()) * 1000));
            // The warning that counts is the first one from the ramp's start on; one before it is a false alarm.
            Optional<Duration> w = r.warnings().stream().filter(x -> x.compareTo(rampFrom) >= 0).findFirst();
            earlyFalse += (int) r.warnings().stream().filter(x -> x.compareTo(rampFrom) < 0).count();
            if (w.isPresent() && w.get().compareTo(outageAt) < 0) {
                long lead = outageAt.minus(w.get()).toSeconds();
                leads.add(lead);
                if (lead >= 60) {
                    warnedInTime++;
                }
            }
            if (w.isPresent() && (r.firstOutageAlert().isEmpty() || w.get().compareTo(r.firstOutageAlert().get()) < 0)) {
                warnedBeforeOutageAlert++;
            }
            if (w.isEmpty() || w.get().compareTo(outageAt.minusSeconds(60)) > 0) {
                misses.add(String.format(Locale.ROOT, "%s (%s ramp over %.0f s%s)", r.plan().name(), DriftFleets.rampKind(o.ramp()),
                        o.ramp().overSeconds(), w.map(x -> x.compareTo(outageAt) < 0 ? ", warned " + outageAt.minus(x).toSeconds() + " s before"
                                : ", first warned " + x.minus(outageAt).toSeconds() + " s after the outage began (as it recovered)").orElse(", no warning")));
            }
        }
        leads.sort(Long::compare);

        List<DriftSimulation.OfferPlan> healthy = DriftFleets.healthy(healthyN, seed + 1);
        List<DriftSimulation.OfferRun> quiet = DriftSimulation.run(healthy, day, step, settings, alerts, seed + 1);
        long falseAlarms = quiet.stream().mapToLong(r -> r.warnings().size()).sum();
        long falseDegrading = quiet.stream().filter(r -> r.firstDegrading().isPresent()).count();
        double perDayPer100 = falseAlarms / (day.toSeconds() / 86_400.0) / (healthyN / 100.0);
        double secs = (System.nanoTime() - t0) / 1e9;

        System.out.println("PREDICTION " + (smoke ? "(SMOKE sizes) " : "") + "seed " + seed + ", settings: shipped defaults "
                + "(monitoring.anomaly.*: ttfb_factor " + settings.drift().ttfbFactor() + ", band_spreads " + settings.drift().bandSpreads()
                + ", error_rate_rise " + settings.drift().errorRateRise() + ", cusum_threshold " + settings.drift().cusumThreshold()
                + ", sustain " + settings.drift().sustain().toSeconds() + " s, min_samples " + settings.drift().minSamples()
                + "; alerting hold " + alerts.hold().toMinutes() + " min); snapshot and alert rules every " + step.toSeconds() + " s");
        System.out.printf(Locale.ROOT, "ramped outages: %d offers, one outage each after %.0f h of healthy history, ramp 3..10 min "
                + "(a third latency, a third error rate, a third both)%n", rampedN, DriftFleets.FIRST_OUTAGE_S / 3600);
        System.out.printf(Locale.ROOT, "  warned >= 60 s before the outage: %d of %d = %.0f%% (target >= 80%%)  "
                + "[a degrading warning alert sent between the ramp's start and 60 s before the outage starts]%n",
                warnedInTime, rampedN, 100.0 * warnedInTime / rampedN);
        System.out.printf(Locale.ROOT, "  warning lead before the outage: p10 %s s, median %s s, p90 %s s over the %d warned before it  "
                + "[outage start minus the first warning from the ramp's start on]%n",
                q(leads, 0.1), q(leads, 0.5), q(leads, 0.9), leads.size());
        System.out.printf(Locale.ROOT, "  warned before the outage alert: %d of %d  [the warning came before the first "
                + "model.*.no_healthy_offer / offer.*.breaker_open alert of that offer, or that alert never came]%n", warnedBeforeOutageAlert, rampedN);
        System.out.printf(Locale.ROOT, "  warnings before the ramp began: %d  [false alarms in the healthy hours before each ramp]%n", earlyFalse);
        if (!misses.isEmpty()) {
            System.out.println("  not warned in time: " + String.join("; ", misses));
        }
        System.out.printf(Locale.ROOT, "healthy traffic: %d offers for %.1f h (noise σ 0.15..0.4, diurnal ±%.0f%%, 0.5%% calls 4× slower, "
                + "0.2..2%% base errors, 0.2..3 calls/s)%n", healthyN, day.toSeconds() / 3600.0, DriftSimulation.DIURNAL * 100);
        System.out.printf(Locale.ROOT, "  false alarms: %d degrading warnings = %.2f per simulated day per 100 offers (target <= 1)  "
                + "[degrading warning alerts sent for offers that never had a fault]%n", falseAlarms, perDayPer100);
        System.out.printf(Locale.ROOT, "  offers that ever read degrading: %d of %d%n", falseDegrading, healthyN);
        quiet.stream().filter(r -> r.firstDegrading().isPresent()).forEach(r -> System.out.printf(Locale.ROOT,
                "    %s (%.2f calls/s, σ %.2f, base errors %.1f%%) at %s: %s%n", r.plan().name(), r.plan().rps(), r.plan().sigma(),
                r.plan().baseErrorRate() * 100, r.firstDegrading().get(), r.firstDegradingReason()));
        System.out.printf(Locale.ROOT, "(computed in %.1f s of wall time)%n", secs);
    }

    private static String q(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return "n/a";
        }
        return String.valueOf(sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))));
    }
}
