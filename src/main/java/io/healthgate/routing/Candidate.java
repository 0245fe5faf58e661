package io.healthgate.routing;

import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.OfferStatus;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One offer the proxy may call, in plan order.
 *
 * <p>The reason is written when first read, not when the plan is made: a health-aware plan built
 * it for every offer of every request (two {@code String.format} calls each, about 2% of the
 * gateway's CPU at saturation) while only a route explanation or a test reads it. It is built from
 * the figures the plan was made with, so it reads the same whenever it is asked for.
 *
 * <p>A value like the record it was: equal when offer, gateway, status, trial and reason are.
 */
public final class Candidate {
    private final Offer offer;
    private final Gateway gateway;
    private final OfferStatus status;
    private final boolean trial;
    private Supplier<String> because;
    private String reason;

    /**
     * @param status the offer's status when the plan was made ({@code unknown} when unreadable)
     * @param trial true when its breaker is half-open: the proxy must win
     *        {@link BreakerRegistry#tryAcquirePermission} before calling it, else skip it
     * @param reason one line on why it is here and where
     */
    public Candidate(Offer offer, Gateway gateway, OfferStatus status, boolean trial, String reason) {
        this(offer, gateway, status, trial, (Supplier<String>) null);
        this.reason = reason == null ? "" : reason;
    }

    /** The reason is {@code because}'s answer, asked for once, on first read. */
    Candidate(Offer offer, Gateway gateway, OfferStatus status, boolean trial, Supplier<String> because) {
        this.offer = Objects.requireNonNull(offer, "offer");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.status = Objects.requireNonNull(status, "status");
        this.trial = trial;
        this.because = because;
    }

    public Offer offer() {
        return offer;
    }

    public Gateway gateway() {
        return gateway;
    }

    public OfferStatus status() {
        return status;
    }

    public boolean trial() {
        return trial;
    }

    /** One line on why it is here and where. */
    public synchronized String reason() {
        if (reason == null) {
            String r = because.get();
            reason = r == null ? "" : r;
            because = null;
        }
        return reason;
    }

    public OfferId id() {
        return offer.id();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Candidate c && trial == c.trial && offer.equals(c.offer) && gateway.equals(c.gateway)
                && status == c.status && reason().equals(c.reason());
    }

    @Override
    public int hashCode() {
        return Objects.hash(offer, gateway, status, trial, reason());
    }

    @Override
    public String toString() {
        return "Candidate[offer=" + offer + ", gateway=" + gateway + ", status=" + status + ", trial=" + trial
                + ", reason=" + reason() + "]";
    }
}
