package io.healthgate.api;

import io.healthgate.catalog.Gateway;
import io.healthgate.health.GatewayStatus;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.OfferStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator should do next, most urgent first. The rules, each producing at most one item:
 * <ol>
 *   <li>HIGH: gateways with offers but no key: configure them, naming each env var;</li>
 *   <li>HIGH: gateways whose key was rejected (auth_error): fix the key, naming the env var;</li>
 *   <li>HIGH: gateways that answered no_credits: top up;</li>
 *   <li>HIGH when health is below {@value HealthViews#UNHEALTHY_THRESHOLD}%, MEDIUM below
 *       {@value HealthViews#HEALTHY_THRESHOLD}%: overall health is low;</li>
 *   <li>MEDIUM: providers with more than {@value #PROBLEMATIC_SHARE_PERCENT}% of their known models
 *       unhealthy: investigate them;</li>
 *   <li>MEDIUM: gateways that are down (over half their known offers unhealthy): investigate;</li>
 *   <li>MEDIUM: offers that are degrading (drifting from their own baseline): watch them, with the evidence;</li>
 *   <li>LOW: offers that answer not_found (deprecated): clean up the dead models;</li>
 *   <li>LOW: no health data yet: wait for the first cycle (never a 0% alarm).</li>
 * </ol>
 * Disabled gateways are switched off on purpose and never produce an item.
 */
public final class Recommendations {
    /** A provider is problematic when more than this share of its known models is unhealthy. */
    public static final double PROBLEMATIC_SHARE = 0.30;
    static final int PROBLEMATIC_SHARE_PERCENT = 30;
    private static final int MAX_NAMES = 8;

    public enum Priority { HIGH, MEDIUM, LOW }

    public record Recommendation(Priority priority, String action, String details) {
        public Recommendation {
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(details, "details");
        }
    }

    /** A provider over the threshold, with its failure rate (unhealthy / known models, 0..1). */
    public record ProblematicProvider(String provider, int unhealthyModels, int knownModels, double failureRate) {
    }

    private Recommendations() {
    }

    /** Providers with more than 30% of their known models unhealthy, worst first. */
    public static List<ProblematicProvider> problematicProviders(HealthSnapshot snap) {
        List<ProblematicProvider> out = new ArrayList<>();
        for (HealthSnapshot.ProviderHealth p : snap.providers().values()) {
            if (p.knownModels() == 0) {
                continue;
            }
            double rate = (double) p.unhealthyModels() / p.knownModels();
            if (rate > PROBLEMATIC_SHARE) {
                out.add(new ProblematicProvider(p.provider(), p.unhealthyModels(), p.knownModels(), rate));
            }
        }
        out.sort(Comparator.comparingDouble(ProblematicProvider::failureRate).reversed().thenComparing(ProblematicProvider::provider));
        return out;
    }

    /** The recommendations for this picture of the fleet, HIGH first (stable within a priority). */
    public static List<Recommendation> of(HealthViews.Inputs in) {
        HealthSnapshot snap = in.snapshot();
        List<Recommendation> out = new ArrayList<>();

        List<String> missing = new ArrayList<>();
        int waitingOffers = 0;
        for (HealthSnapshot.GatewayHealth g : snap.gateways().values()) {
            if (g.status() == GatewayStatus.UNCONFIGURED && g.totalOffers() > 0) {
                missing.add(keyEnv(in, g.gateway()) + " (" + g.gateway() + ", " + offers(g.totalOffers()) + ")");
                waitingOffers += g.totalOffers();
            }
        }
        if (!missing.isEmpty()) {
            // The original platform's "unconfigured" gateways were often keys set under another name.
            List<String> misnamed = new ArrayList<>();
            for (HealthSnapshot.GatewayHealth g : snap.gateways().values()) {
                String hint = in.keyHints().get(g.gateway());
                if (g.status() == GatewayStatus.UNCONFIGURED && hint != null && !hint.isBlank()) {
                    misnamed.add(g.gateway() + ": " + hint);
                }
            }
            out.add(new Recommendation(Priority.HIGH, "Configure API keys for " + count(missing.size(), "gateway"),
                    "Set " + ViewJson.names(missing, MAX_NAMES) + ". " + offers(waitingOffers)
                            + " cannot be served until then; they are shown as coverage, not as unhealthy."
                            + (misnamed.isEmpty() ? "" : " Possibly misnamed: " + String.join("; ", misnamed) + ".")));
        }

        List<String> rejected = new ArrayList<>();
        for (HealthSnapshot.GatewayHealth g : snap.gateways().values()) {
            if (g.status() == GatewayStatus.MISCONFIGURED) {
                rejected.add(g.gateway() + " rejected the key in " + keyEnv(in, g.gateway()));
            }
        }
        if (!rejected.isEmpty()) {
            out.add(new Recommendation(Priority.HIGH, "Fix rejected API keys on " + count(rejected.size(), "gateway"),
                    ViewJson.names(rejected, MAX_NAMES) + " (auth_error). Check or rotate the key, then restart the gateway so it reads the new one."));
        }

        List<String> broke = new ArrayList<>();
        for (HealthSnapshot.GatewayHealth g : snap.gateways().values()) {
            if (g.status() == GatewayStatus.OUT_OF_CREDITS) {
                broke.add(g.gateway() + " (" + offers(g.totalOffers()) + ")");
            }
        }
        if (!broke.isEmpty()) {
            out.add(new Recommendation(Priority.HIGH, "Top up credits on " + count(broke.size(), "gateway"),
                    ViewJson.names(broke, MAX_NAMES) + " answered no_credits: add credits or raise the quota on the account."));
        }

        HealthSnapshot.SystemHealth s = snap.system();
        if (s.healthPercentage().isPresent() && s.healthPercentage().get() < HealthViews.HEALTHY_THRESHOLD) {
            double p = s.healthPercentage().get();
            out.add(new Recommendation(p < HealthViews.UNHEALTHY_THRESHOLD ? Priority.HIGH : Priority.MEDIUM,
                    "Overall health " + ViewJson.percentText(Optional.of(p)).orElseThrow() + " is below 90%",
                    s.healthyModels() + " of " + s.knownModels() + " models with a configured offer of known status are healthy ("
                            + s.unhealthyModels() + " unhealthy, " + s.degradedModels() + " degraded, " + s.deprecatedModels()
                            + " deprecated). Work through the items here, HIGH first."));
        }

        List<String> failing = new ArrayList<>();
        for (ProblematicProvider p : problematicProviders(snap)) {
            failing.add(p.provider() + ": " + p.unhealthyModels() + " of " + p.knownModels() + " models unhealthy ("
                    + ViewJson.percentText(Optional.of(p.failureRate() * 100)).orElseThrow() + ")");
        }
        if (!failing.isEmpty()) {
            out.add(new Recommendation(Priority.MEDIUM, "Investigate failing providers",
                    ViewJson.names(failing, MAX_NAMES) + ". See /health/models?status=unhealthy for the reason per offer."));
        }

        List<String> down = new ArrayList<>();
        for (HealthSnapshot.GatewayHealth g : snap.gateways().values()) {
            if (g.status() == GatewayStatus.DOWN) {
                down.add(g.gateway() + " (" + g.reason() + ")");
            }
        }
        if (!down.isEmpty()) {
            out.add(new Recommendation(Priority.MEDIUM, "Investigate " + count(down.size(), "gateway") + " that " + (down.size() == 1 ? "is" : "are") + " down",
                    ViewJson.names(down, MAX_NAMES) + ". Routing sends requests to other offers meanwhile."));
        }

        List<String> drifting = new ArrayList<>();
        for (HealthSnapshot.OfferHealth o : snap.offers().values()) {
            if (o.status() == OfferStatus.DEGRADING) {
                drifting.add(o.offer().model() + " on " + o.offer().gateway() + " (" + o.reason().replaceFirst("^degrading: ", "") + ")");
            }
        }
        if (!drifting.isEmpty()) {
            out.add(new Recommendation(Priority.MEDIUM, "Watch " + count(drifting.size(), "degrading offer"),
                    ViewJson.names(drifting, MAX_NAMES) + ": still serving, but drifting from their own baseline; "
                            + "an outage often follows. Routing ranks them below healthy offers meanwhile."));
        }

        List<String> dead = new ArrayList<>();
        for (HealthSnapshot.OfferHealth o : snap.offers().values()) {
            if (o.status() == OfferStatus.DEPRECATED) {
                dead.add(o.offer().model() + " on " + o.offer().gateway());
            }
        }
        if (!dead.isEmpty()) {
            out.add(new Recommendation(Priority.LOW, "Clean up " + count(dead.size(), "dead offer"),
                    ViewJson.names(dead, MAX_NAMES) + " answer not_found (the gateway no longer serves the model). "
                            + "Review with `healthgate cleanup`, remove with `healthgate cleanup --live`."));
        }

        if (s.healthPercentage().isEmpty()) {
            out.add(new Recommendation(Priority.LOW, "Wait for the first health cycle",
                    HealthViews.NO_DATA + ": no model has a configured offer with a known status yet. Probes and live traffic "
                            + "fill it in within minutes" + (missing.isEmpty() ? "." : ", once keys are configured.")));
        }
        out.sort(Comparator.comparing(Recommendation::priority));
        return List.copyOf(out);
    }

    private static String keyEnv(HealthViews.Inputs in, String gateway) {
        return in.catalog().gateway(gateway).map(Gateway::apiKeyEnv).filter(e -> !e.isBlank())
                .orElse("(no key env var named for " + gateway + ")");
    }

    private static String offers(int n) {
        return count(n, "offer");
    }

    private static String count(int n, String noun) {
        return String.format(Locale.ROOT, "%d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
