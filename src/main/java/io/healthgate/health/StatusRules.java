package io.healthgate.health;

import io.healthgate.catalog.Gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The status rules of DESIGN.md as pure functions of evidence, settings and {@code now}. They are
 * a ladder of guard clauses: the first that applies decides, and says why in words.
 */
final class StatusRules {
    /** Samples of its own latency an offer needs before "slow for this offer" means anything. */
    static final int MIN_BASELINE_SAMPLES = 10;

    private StatusRules() {
    }

    /** A status and the reason for it, in words an operator can act on. */
    record Verdict(OfferStatus status, String reason) {
    }

    /** What the engine knows about an offer's gateway when judging the offer. */
    record GatewayFacts(Gateway gateway, boolean configured, GatewayState.GatewayEvidence evidence) {
    }

    /**
     * An offer is, in this order:
     * <ol>
     *   <li>{@code unconfigured} when its gateway is disabled or its key env var is not set;</li>
     *   <li>{@code misconfigured} when its gateway (or it) answered auth_error with no success since;</li>
     *   <li>{@code deprecated} when it answered not_found {@code deprecatedAfterNotFound} times with no success since;</li>
     *   <li>{@code unhealthy} when routing holds its circuit open;</li>
     *   <li>{@code unknown} when it has no counting evidence, or its newest is older than twice its tier
     *       interval and that tier has been in force for longer than that ({@code tierSince});</li>
     *   <li>{@code unhealthy} after {@code unhealthyConsecutiveFailures} consecutive counting failures;</li>
     *   <li>{@code healthy} ("recovered", unless slow) once {@code recoverySuccesses} successes in a
     *       row follow its last failure: failures still inside the window no longer hold it down;</li>
     *   <li>{@code unhealthy} with a window error rate {@code >= unhealthyErrorRate} over at least {@code minSamples},
     *       unless its newest counting outcomes are successes ({@link #recovering}): then {@code degraded}
     *       ("recovering"), since the failures the rate counts are older than those successes;</li>
     *   <li>{@code degraded} with a window error rate {@code >= degradedErrorRate} over at least
     *       {@code minSamples}, when its newest counting outcome failed, or when its window p50 time
     *       to first byte is over {@code degradedLatencyFactor} times its own baseline;</li>
     *   <li>{@code healthy} otherwise.</li>
     * </ol>
     * Then drift: a {@code healthy} offer drifting from its own baseline for a sustained time reads
     * {@code degrading} (the early warning), with the evidence in words.
     * Then sibling inference: while its gateway is {@code suspect}, an offer that would read
     * {@code healthy}, {@code degrading} or {@code unknown} reads {@code degraded} with that reason instead, since its
     * own evidence is older than its siblings' failures.
     * Rate limits, auth errors, missing credits, client errors and cancellations never enter the
     * window, so they can never make an offer unhealthy.
     */
    static Verdict offer(OfferState.OfferEvidence e, GatewayFacts g, Duration tierInterval, Instant tierSince, boolean circuitOpen,
                         HealthSettings s, Instant now) {
        Verdict own = drifting(own(e, g, tierInterval, tierSince, circuitOpen, s, now), e);
        GatewayState.GatewayEvidence ge = g.evidence();
        boolean onlyOldGood = own.status().isServing() || own.status() == OfferStatus.UNKNOWN;
        if (onlyOldGood && ge.suspect()) {
            return new Verdict(OfferStatus.DEGRADED, "gateway " + g.gateway().name() + " is suspect: " + ge.suspectReason()
                    + "; this offer's own evidence predates it");
        }
        return own;
    }

    /**
     * An offer the ladder finds {@code healthy} reads {@code degrading} while it drifts from its own
     * baseline for a sustained time; any worse verdict wins, since it is the stronger evidence.
     */
    private static Verdict drifting(Verdict own, OfferState.OfferEvidence e) {
        if (own.status() != OfferStatus.HEALTHY || e.drift().isEmpty()) {
            return own;
        }
        return new Verdict(OfferStatus.DEGRADING, "degrading: " + e.drift().get().evidence());
    }

    private static Verdict own(OfferState.OfferEvidence e, GatewayFacts g, Duration tierInterval, Instant tierSince, boolean circuitOpen,
                               HealthSettings s, Instant now) {
        Gateway gw = g.gateway();
        if (!gw.enabled()) {
            return new Verdict(OfferStatus.UNCONFIGURED, "gateway " + gw.name() + " is disabled"
                    + (gw.disabledReason().isBlank() ? "" : ": " + gw.disabledReason()));
        }
        if (!g.configured()) {
            return new Verdict(OfferStatus.UNCONFIGURED, "no API key: env var "
                    + (gw.apiKeyEnv().isBlank() ? "(none named)" : gw.apiKeyEnv()) + " is not set");
        }
        if (g.evidence().authErrorSinceSuccess() || e.authErrorSinceSuccess()) {
            return new Verdict(OfferStatus.MISCONFIGURED, "gateway " + gw.name()
                    + " rejected its key (auth_error) and has not succeeded since");
        }
        if (e.notFoundSinceSuccess() >= s.deprecatedAfterNotFound()) {
            return new Verdict(OfferStatus.DEPRECATED, "not_found on " + e.notFoundSinceSuccess()
                    + " checks with no success since: the gateway no longer serves this model");
        }
        if (circuitOpen) {
            return new Verdict(OfferStatus.UNHEALTHY, "circuit open: routing stopped sending to it after failures");
        }
        if (e.lastCounting().isEmpty()) {
            return new Verdict(OfferStatus.UNKNOWN, "no evidence yet: never called or probed successfully or unsuccessfully");
        }
        Duration staleAfter = tierInterval.multipliedBy(2);
        Duration age = Duration.between(e.lastCounting().get(), now);
        // Judged against the tier in force, counted from when it took effect: a model promoted by
        // traffic (on_demand 4 h to critical 5 min) is probed at once, and its older evidence is not
        // stale before the new tier had two of its intervals to bring some.
        boolean tierNew = tierSince != null && Duration.between(tierSince, now).compareTo(staleAfter) <= 0;
        if (age.compareTo(staleAfter) > 0 && !tierNew) {
            return new Verdict(OfferStatus.UNKNOWN, "evidence is stale: last checked " + words(age)
                    + " ago, more than twice its tier interval (" + words(tierInterval) + ")");
        }
        RollingWindow.Summary w = e.window();
        if (e.consecutiveFailures() >= s.unhealthyConsecutiveFailures()) {
            return new Verdict(OfferStatus.UNHEALTHY, e.consecutiveFailures() + " consecutive failures" + lastError(e));
        }
        boolean enough = w.samples() >= s.minSamples();
        boolean recovered = w.failures() > 0 && e.consecutiveSuccesses() >= s.recoverySuccesses();
        if (recovered) {
            Verdict slow = slow(e, w, s);
            return slow != null ? slow : new Verdict(OfferStatus.HEALTHY, "recovered: " + e.consecutiveSuccesses()
                    + " successes in a row since its last failure (window error rate " + pct(w.errorRate()) + " over "
                    + w.samples() + " calls)");
        }
        if (enough && w.errorRate() >= s.unhealthyErrorRate()) {
            if (recovering(e, w)) {
                return new Verdict(OfferStatus.DEGRADED, "recovering: " + e.consecutiveSuccesses() + " of " + s.recoverySuccesses()
                        + " successes in a row since its last failure; the window's error rate " + pct(w.errorRate()) + " over "
                        + w.samples() + " calls is older failures" + lastError(e));
            }
            return new Verdict(OfferStatus.UNHEALTHY, "error rate " + pct(w.errorRate()) + " over the last "
                    + w.samples() + " calls (threshold " + pct(s.unhealthyErrorRate()) + ")" + lastError(e));
        }
        if (enough && w.errorRate() >= s.degradedErrorRate()) {
            return new Verdict(OfferStatus.DEGRADED, "error rate " + pct(w.errorRate()) + " over the last "
                    + w.samples() + " calls (threshold " + pct(s.degradedErrorRate()) + ")" + lastError(e));
        }
        if (e.lastCountingFailed()) {
            return new Verdict(OfferStatus.DEGRADED, "last check failed" + lastError(e));
        }
        Verdict slow = slow(e, w, s);
        if (slow != null) {
            return slow;
        }
        if (w.samples() > 0) {
            return new Verdict(OfferStatus.HEALTHY, "success rate " + pct(1.0 - w.errorRate()) + " over the last " + w.samples() + " calls");
        }
        return new Verdict(OfferStatus.HEALTHY, "last check succeeded " + words(age) + " ago");
    }

    /**
     * Its newest counting outcomes are successes after failures still in the window, and fewer than
     * {@code recovery_successes} of them so far: the window's error rate is about the past, so it
     * may hold the offer {@code degraded}, never {@code unhealthy}.
     */
    static boolean recovering(OfferState.OfferEvidence e, RollingWindow.Summary w) {
        return w.failures() > 0 && e.consecutiveFailures() == 0 && e.consecutiveSuccesses() > 0;
    }

    /** Degraded when its window p50 time to first byte is far over its own baseline; null otherwise. */
    private static Verdict slow(OfferState.OfferEvidence e, RollingWindow.Summary w, HealthSettings s) {
        if (w.p50().isPresent() && e.baseline().isPresent() && e.baselineSamples() >= MIN_BASELINE_SAMPLES) {
            double p50 = w.p50().get().toMillis();
            double base = Math.max(1.0, e.baseline().get().toMillis());
            if (p50 > s.degradedLatencyFactor() * base) {
                return new Verdict(OfferStatus.DEGRADED, String.format(Locale.ROOT,
                        "slow: time to first byte p50 %d ms is %.1fx its usual %d ms", (long) p50, p50 / base, (long) base));
            }
        }
        return null;
    }

    /**
     * A gateway is, in this order: {@code disabled}; {@code unconfigured} (no key);
     * {@code misconfigured} (auth_error, no success since); {@code out_of_credits} (no_credits, no
     * success since); {@code throttled} while a gateway-wide rate limit is in force; {@code unknown}
     * when none of its offers has a known status (and it is not suspect); {@code down} when over
     * half its known offers are unhealthy; {@code suspect} per sibling inference or a failed canary;
     * {@code degraded} when at least {@code gatewayDegradedFraction} of them are unhealthy or
     * degraded; {@code healthy} otherwise. Deprecated offers are the model's absence, not the
     * gateway's failure, and are left out of the fractions.
     */
    static GatewayVerdict gateway(GatewayFacts g, int healthy, int degraded, int unhealthy, HealthSettings s, Instant now) {
        Gateway gw = g.gateway();
        GatewayState.GatewayEvidence ev = g.evidence();
        if (!gw.enabled()) {
            return new GatewayVerdict(GatewayStatus.DISABLED, gw.disabledReason().isBlank() ? "disabled" : "disabled: " + gw.disabledReason());
        }
        if (!g.configured()) {
            return new GatewayVerdict(GatewayStatus.UNCONFIGURED, "no API key: env var "
                    + (gw.apiKeyEnv().isBlank() ? "(none named)" : gw.apiKeyEnv()) + " is not set");
        }
        if (ev.authErrorSinceSuccess()) {
            return new GatewayVerdict(GatewayStatus.MISCONFIGURED, "its key was rejected (auth_error); check " + gw.apiKeyEnv());
        }
        if (ev.noCreditsSinceSuccess()) {
            return new GatewayVerdict(GatewayStatus.OUT_OF_CREDITS, "it answered no_credits: top up the account");
        }
        if (ev.throttledAt(now)) {
            Throttle t = ev.throttle().get();
            return new GatewayVerdict(GatewayStatus.THROTTLED, "rate limited gateway-wide until " + t.until() + ": " + t.reason());
        }
        int known = healthy + degraded + unhealthy;
        if (known == 0 && !ev.suspect()) {
            return new GatewayVerdict(GatewayStatus.UNKNOWN, "no offer has recent evidence");
        }
        if (known > 0 && unhealthy * 2 > known) {
            return new GatewayVerdict(GatewayStatus.DOWN, unhealthy + " of " + known + " known offers are unhealthy");
        }
        if (ev.suspect()) {
            return new GatewayVerdict(GatewayStatus.SUSPECT, ev.suspectReason());
        }
        if (unhealthy + degraded > 0 && (unhealthy + degraded) >= s.gatewayDegradedFraction() * known) {
            return new GatewayVerdict(GatewayStatus.DEGRADED, (unhealthy + degraded) + " of " + known + " known offers are unhealthy or degraded");
        }
        return new GatewayVerdict(GatewayStatus.HEALTHY, healthy + " of " + known + " known offers healthy");
    }

    record GatewayVerdict(GatewayStatus status, String reason) {
    }

    private static String lastError(OfferState.OfferEvidence e) {
        return e.lastError().isBlank() ? "" : " (last error: " + e.lastError() + ")";
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    static String words(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        return (s / 3600) + " h";
    }
}
