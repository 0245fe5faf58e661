package io.healthgate.health;

import io.healthgate.catalog.OfferId;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one gateway's outcomes say about the gateway itself, not its models: a rejected key
 * (misconfigured until a success), no credits (until a success), a gateway-wide rate limit, the
 * newest evidence of any kind (for canaries), and sibling inference. One lock per gateway.
 *
 * <p>Sibling inference: when {@code siblingFailures} distinct offers fail with server, connection
 * or timeout classes within {@code siblingWindow}, the gateway is {@code suspect} (outages are
 * usually gateway-wide); a failed canary makes it suspect at once; any success on the gateway
 * clears it. The failures of an offer already down on its own (more than
 * {@code unhealthyConsecutiveFailures} in a row: a model gone, an outage of its own) still count
 * among the failing offers, but they are no news: at least one of them must be a new failure, so
 * two dead models never make their gateway suspect over and over. Each suspect period is kept as
 * an episode (from the first failure counted in it to the success that ended it): offers whose
 * last failure fell inside it get one re-probe once it is over (see {@link ProbeScheduler}).
 *
 * <p>A 429 is gateway-wide when its text says the limit is the account's or the key's, when the
 * gateway limits model switches (an aggregator counts switches for the whole key), or when
 * {@code siblingFailures} offers of the gateway are throttled at once. Otherwise it is the offer's
 * alone ({@link OfferState}).
 */
final class GatewayState {
    /** Words in a 429's text that put the limit on the account or key, not the model. */
    static final Pattern ACCOUNT_WIDE = Pattern.compile(
            "organi[sz]ation|account|per[ _-]key|per[ _-]api[ _-]key|for (?:this|your) (?:api )?key|project|key[ _-]wide|account[ _-]wide");

    private final String name;
    private boolean authErrorSinceSuccess;
    private boolean noCreditsSinceSuccess;
    private Throttle throttle;
    private String lastGatewayError = "";
    private Instant lastEvidence;
    private Instant lastSuccess;
    private final Map<OfferId, Instant> recentFailures = new HashMap<>();
    /** The offers among {@link #recentFailures} whose failure was a new one (not a long-dead offer's repeat). */
    private final java.util.Set<OfferId> freshFailures = new java.util.HashSet<>();
    private Instant episodeStart;
    private Instant lastEpisodeStart;
    private Instant lastEpisodeEnd;
    private final Map<OfferId, Instant> throttledOffers = new HashMap<>();
    private Instant suspectSince;
    private String suspectReason = "";

    GatewayState(String name) {
        this.name = name;
    }

    /**
     * @param offerThrottle the throttle the offer itself took for this outcome, if it was a 429
     * @param switchLimited true when the catalog says the gateway limits model switches
     * @param streak the offer's counting failures in a row, this outcome included
     */
    synchronized void record(Outcome o, Instant now, HealthSettings s, Optional<Throttle> offerThrottle, boolean switchLimited,
                             int streak) {
        if (o.outcomeClass() != OutcomeClass.CANCELLED) {
            lastEvidence = now;
        }
        switch (o.outcomeClass()) {
            case SUCCESS -> {
                authErrorSinceSuccess = false;
                noCreditsSinceSuccess = false;
                lastSuccess = now;
                recentFailures.clear();
                freshFailures.clear();
                if (suspectSince != null) {
                    lastEpisodeStart = episodeStart;
                    lastEpisodeEnd = now;
                }
                episodeStart = null;
                suspectSince = null;
                suspectReason = "";
            }
            case AUTH_ERROR -> {
                authErrorSinceSuccess = true;
                lastGatewayError = o.errorSummary();
            }
            case NO_CREDITS -> {
                noCreditsSinceSuccess = true;
                lastGatewayError = o.errorSummary();
            }
            case RATE_LIMITED -> offerThrottle.ifPresent(t -> rateLimited(o, t, now, s, switchLimited));
            case SERVER_ERROR, CONNECTION_ERROR, TIMEOUT -> siblingFailure(o.offer(), now, s, o.errorSummary(),
                    streak <= s.unhealthyConsecutiveFailures());
            default -> {
                // the rest says nothing about the gateway as a whole
            }
        }
    }

    private void rateLimited(Outcome o, Throttle offerThrottle, Instant now, HealthSettings s, boolean switchLimited) {
        throttledOffers.values().removeIf(until -> !now.isBefore(until));
        throttledOffers.put(o.offer(), offerThrottle.until());
        String reason = ACCOUNT_WIDE.matcher(o.errorSummary().toLowerCase(java.util.Locale.ROOT)).find()
                ? "the rate limit names the account or key"
                : switchLimited ? "the gateway limits model switches for the whole key"
                : throttledOffers.size() >= s.siblingFailures() ? throttledOffers.size() + " of its offers are rate limited at once"
                : null;
        if (reason == null) {
            return;
        }
        if (throttle == null || !throttle.activeAt(now) || offerThrottle.until().isAfter(throttle.until())) {
            throttle = new Throttle(Throttle.Scope.GATEWAY, name, Optional.empty(), offerThrottle.until(), offerThrottle.waited(),
                    reason + " (429 on " + o.offer().model() + ")");
        }
    }

    private void siblingFailure(OfferId offer, Instant now, HealthSettings s, String summary, boolean fresh) {
        Instant cutoff = now.minus(s.siblingWindow());
        recentFailures.values().removeIf(at -> at.isBefore(cutoff));
        freshFailures.retainAll(recentFailures.keySet());
        recentFailures.put(offer, now);
        if (fresh) {
            freshFailures.add(offer);
        }
        if (suspectSince == null && recentFailures.size() >= s.siblingFailures() && !freshFailures.isEmpty()) {
            suspectSince = now;
            episodeStart = recentFailures.values().stream().min(Instant::compareTo).orElse(now);
            suspectReason = recentFailures.size() + " of its offers failed within " + s.siblingWindow().toSeconds() + " s"
                    + (summary.isBlank() ? "" : " (last: " + summary + ")");
        }
    }

    /** A canary found the gateway failing: suspect at once, whatever the sibling count. */
    synchronized void canaryFailed(Instant now, String reason) {
        lastEvidence = now;
        if (suspectSince == null) {
            suspectSince = now;
            episodeStart = recentFailures.values().stream().min(Instant::compareTo).orElse(now);
        }
        suspectReason = "canary failed: " + reason;
    }

    /**
     * Another instance saw this gateway's gateway-wide rate limit: throttled until {@code until} at
     * least, so the fleet waits as one client. Only gateway-scoped throttles are shared this way.
     */
    synchronized void throttleUntil(Instant until, Instant now) {
        if (throttle == null || !throttle.activeAt(now) || until.isAfter(throttle.until())) {
            Duration wait = now.isBefore(until) ? Duration.between(now, until) : Duration.ZERO;
            throttle = new Throttle(Throttle.Scope.GATEWAY, name, Optional.empty(), until, wait,
                    "another instance of the fleet was told to wait (gateway-wide 429)");
        }
    }

    synchronized GatewayEvidence evidence() {
        return new GatewayEvidence(authErrorSinceSuccess, noCreditsSinceSuccess, Optional.ofNullable(throttle),
                lastGatewayError, Optional.ofNullable(lastEvidence), Optional.ofNullable(lastSuccess),
                Optional.ofNullable(suspectSince), suspectReason,
                lastEpisodeEnd == null ? Optional.empty() : Optional.of(new Episode(lastEpisodeStart, lastEpisodeEnd)));
    }

    /** A suspect period that is over: from the first failure counted in it to the success that ended it. */
    record Episode(Instant start, Instant end) {
        boolean contains(Instant t) {
            return !t.isBefore(start) && !t.isAfter(end);
        }
    }

    /**
     * An immutable copy of one gateway's own state.
     *
     * @param throttle the newest gateway-wide rate limit (check {@link #throttledAt})
     * @param lastEvidence the newest outcome of any class but cancelled, or canary
     * @param suspectSince when sibling inference or a canary made it suspect; empty when not suspect
     * @param lastEpisode the newest suspect period that is over
     */
    record GatewayEvidence(boolean authErrorSinceSuccess, boolean noCreditsSinceSuccess, Optional<Throttle> throttle,
                           String lastGatewayError, Optional<Instant> lastEvidence, Optional<Instant> lastSuccess,
                           Optional<Instant> suspectSince, String suspectReason, Optional<Episode> lastEpisode) {
        static final GatewayEvidence NONE = new GatewayEvidence(false, false, Optional.empty(), "", Optional.empty(),
                Optional.empty(), Optional.empty(), "", Optional.empty());

        boolean throttledAt(Instant now) {
            return throttle.map(t -> t.activeAt(now)).orElse(false);
        }

        Optional<Instant> throttledUntil() {
            return throttle.map(Throttle::until);
        }

        boolean suspect() {
            return suspectSince.isPresent();
        }

        /** Long enough to judge a wait against: never negative. */
        static Duration age(Optional<Instant> at, Instant now) {
            return at.map(t -> Duration.between(t, now)).orElse(Duration.ofDays(3650));
        }
    }
}
