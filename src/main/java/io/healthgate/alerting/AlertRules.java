package io.healthgate.alerting;

import io.healthgate.catalog.Tier;
import io.healthgate.health.GatewayStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The alert rules: each turns facts into the conditions that hold now. A condition that holds
 * fires (subject to cooldown in {@link AlertEvaluator}); an alert whose condition no longer holds
 * resolves. Pure functions of their inputs.
 */
final class AlertRules {
    static final String HEALTH_OVERALL = "health.overall";
    static final String HEALTH_DROP = "health.drop";

    private AlertRules() {
    }

    /** A problem that holds now. {@code hold} keeps an alert open without sending anything (hysteresis). */
    record Condition(String key, Severity severity, String title, String message, boolean hold) {
        static Condition firing(String key, Severity severity, String title, String message) {
            return new Condition(key, severity, title, message, false);
        }
    }

    /**
     * Overall model health: below {@code criticalBelow} is critical, below {@code warningBelow} a
     * warning. Once fired, the alert stays open (nothing new is sent) until health is back at or
     * above {@code resolvedAt}, so health hovering around a threshold does not flap.
     */
    static void overallHealth(double health, Severity openSeverity, AlertSettings s, Consumer<Condition> out) {
        String now = pct(health);
        if (health < s.criticalBelow()) {
            out.accept(Condition.firing(HEALTH_OVERALL, Severity.CRITICAL, "Model health critical: " + now,
                    "Only " + now + " of tracked models are healthy (critical below " + pct(s.criticalBelow()) + ")."));
        } else if (health < s.warningBelow()) {
            out.accept(Condition.firing(HEALTH_OVERALL, Severity.WARNING, "Model health low: " + now,
                    "Only " + now + " of tracked models are healthy (warning below " + pct(s.warningBelow()) + ")."));
        } else if (openSeverity != null && health < s.resolvedAt()) {
            out.accept(new Condition(HEALTH_OVERALL, openSeverity, "", "", true));
        }
    }

    /** Health fell by more than {@code dropPointsPerHour} from its highest point within the last hour. */
    static void healthDrop(double health, double peakLastHour, AlertSettings s, Consumer<Condition> out) {
        double drop = peakLastHour - health;
        if (drop > s.dropPointsPerHour()) {
            out.accept(Condition.firing(HEALTH_DROP, Severity.WARNING,
                    "Model health fell " + points(drop) + " points within an hour",
                    "Model health fell from " + pct(peakLastHour) + " to " + pct(health)
                            + " within the last hour (alert above " + points(s.dropPointsPerHour()) + " points)."));
        }
    }

    /** A critical-tier model that no healthy offer serves: its requests may fail now. */
    static void criticalModelsWithoutHealthyOffer(HealthFacts facts, Consumer<Condition> out) {
        for (String model : facts.criticalModelsWithoutHealthyOffer()) {
            out.accept(Condition.firing("model." + model + ".no_healthy_offer", Severity.CRITICAL,
                    "No healthy offer for critical model " + model,
                    "None of the offers of critical-tier model " + model + " is healthy; its requests may fail."));
        }
    }

    /** A gateway whose key is rejected, or whose credits ran out: only an operator can fix either. */
    static void gateways(HealthFacts facts, Consumer<Condition> out) {
        for (Map.Entry<String, GatewayStatus> e : facts.gateways().entrySet()) {
            String g = e.getKey();
            if (e.getValue() == GatewayStatus.MISCONFIGURED) {
                out.accept(Condition.firing("gateway." + g + ".key_rejected", Severity.CRITICAL,
                        "Gateway " + g + ": API key rejected",
                        "Gateway " + g + " rejects our API key (401/403). Check the key configured for it; its offers are routed around meanwhile."));
            } else if (e.getValue() == GatewayStatus.OUT_OF_CREDITS) {
                out.accept(Condition.firing("gateway." + g + ".out_of_credits", Severity.CRITICAL,
                        "Gateway " + g + ": out of credits",
                        "Gateway " + g + " reports no credits or quota left (402). Top up the account; its offers are routed around meanwhile."));
            }
        }
    }

    /** A breaker on a critical-tier offer open for longer than {@code breakerOpenFor}. */
    static void openBreakers(HealthFacts facts, Instant now, AlertSettings s, Consumer<Condition> out) {
        for (HealthFacts.OpenBreaker b : facts.openBreakers()) {
            Duration open = Duration.between(b.openSince(), now);
            if (b.tier() == Tier.CRITICAL && open.compareTo(s.breakerOpenFor()) > 0) {
                out.accept(Condition.firing("offer." + b.offer() + ".breaker_open", Severity.WARNING,
                        "Breaker open on critical offer " + b.offer(),
                        "The circuit breaker of critical-tier offer " + b.offer() + " has been open for "
                                + minutes(open) + " (alert after " + minutes(s.breakerOpenFor()) + ")."));
            }
        }
    }

    /**
     * The early warning: an offer drifting from its own baseline ({@code degrading}) fires a
     * warning at once (the evaluator's hold and flap rules apply as to any alert), before the
     * outage alerts ({@code model.*.no_healthy_offer}, {@code offer.*.breaker_open}) would. While
     * the offer reads worse than degrading, an open warning is held (nothing sent, not resolved):
     * the outage it foretold is the same incident.
     */
    static void degradingOffers(HealthFacts facts, Consumer<Condition> out) {
        for (HealthFacts.DriftingOffer d : facts.driftingOffers()) {
            String key = "offer." + d.offer() + ".degrading";
            if (d.worse()) {
                out.accept(new Condition(key, Severity.WARNING, "", "", true));
                continue;
            }
            out.accept(Condition.firing(key, Severity.WARNING, "Offer " + d.offer() + " is degrading",
                    "Offer " + d.offer() + " (" + d.tier().wireName() + " tier) still serves but drifts from its own baseline: "
                            + d.reason().replaceFirst("^degrading: ", "") + ". Routing ranks it below healthy offers meanwhile."));
        }
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }

    static String points(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String minutes(Duration d) {
        long m = d.toMinutes();
        return m < 120 ? m + " min" : String.format(Locale.ROOT, "%.1f h", d.toMinutes() / 60.0);
    }
}
