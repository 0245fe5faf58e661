package io.healthgate.routing;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Offer;
import io.healthgate.health.OfferStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Decides which offers a request may go to, in which order. Pure: it reads the catalog, the
 * health signals, the breakers and the switch, and returns a {@link RoutePlan}; the proxy carries
 * it out.
 * <p>
 * Rules, in order:
 * <ol>
 * <li>Only the resolved model's offers (just the pinned gateway's, when pinned) on enabled
 *     gateways that hold a key are ever planned; the client's {@code ignore} drops more, and with
 *     {@code allow_fallbacks: false} only its {@code order} gateways remain. Nothing overrides
 *     these, not even fail-open.</li>
 * <li>In {@link RoutingMode#ORDERED} mode that is the plan: the client's order first, then catalog
 *     order, with no health filtering.</li>
 * <li>Health-aware: drop offers whose status is misconfigured, deprecated or unconfigured, and
 *     offers whose circuit is open (a half-open one stays while its trial permit is free).</li>
 * <li>If nothing is left, or reading health throws, <b>fail open</b>: every offer from rule 1,
 *     client order then catalog order, and the plan says so.</li>
 * <li>Rank the rest: the client's order first; then {@code rank_by} (default status, uptime,
 *     latency, price); catalog order breaks ties.</li>
 * <li>With {@code allow_fallbacks: false} and no order, only the best candidate is kept.</li>
 * </ol>
 */
public final class Router {
    private static final Set<OfferStatus> NEVER_ROUTED =
            EnumSet.of(OfferStatus.MISCONFIGURED, OfferStatus.DEPRECATED, OfferStatus.UNCONFIGURED);

    private final Supplier<Catalog> catalog;
    private final Predicate<String> gatewayHasKey;
    private final HealthSignals signals;
    private final BreakerRegistry breakers;
    private final RoutingSwitch routingSwitch;
    private final Comparator<Ranking.Scored> ranking;
    private final RecoveryTrials trials;

    /**
     * @param catalog the current catalog (swapped whole on reload)
     * @param gatewayHasKey true for gateway names whose API key is set
     */
    public Router(Supplier<Catalog> catalog, Predicate<String> gatewayHasKey, HealthSignals signals,
                  BreakerRegistry breakers, RoutingSwitch routingSwitch, RoutingSettings settings) {
        this(catalog, gatewayHasKey, signals, breakers, routingSwitch, settings, null);
    }

    /** @param trials live recovery trials for demoted offers; null for none */
    public Router(Supplier<Catalog> catalog, Predicate<String> gatewayHasKey, HealthSignals signals,
                  BreakerRegistry breakers, RoutingSwitch routingSwitch, RoutingSettings settings, RecoveryTrials trials) {
        this.trials = trials;
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.gatewayHasKey = Objects.requireNonNull(gatewayHasKey, "gatewayHasKey");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.breakers = Objects.requireNonNull(breakers, "breakers");
        this.routingSwitch = Objects.requireNonNull(routingSwitch, "routingSwitch");
        this.ranking = Ranking.by(settings.rankBy());
    }

    public RoutePlan plan(RouteRequest request, Instant now) {
        ClientPreferences prefs = request.preferences();
        RoutingMode mode = routingSwitch.mode();
        List<RoutePlan.Skipped> skipped = new ArrayList<>();
        List<Usable> usable = usableOffers(request, prefs, skipped);
        if (usable.isEmpty()) {
            return new RoutePlan(request.model(), mode, List.of(), false, nothingUsable(request, skipped), skipped);
        }
        if (mode == RoutingMode.ORDERED) {
            return new RoutePlan(request.model(), mode, inClientThenCatalogOrder(usable, prefs, "ordered mode", this::statusOrUnknown),
                    false, "ordered mode: catalog order, no health filtering", skipped);
        }
        try {
            // A copy, so a read that throws half-way leaves no half-made skip list behind.
            return healthAware(request, prefs, usable, new ArrayList<>(skipped), now);
        } catch (RuntimeException e) {
            String why = "health unreadable (" + e.getClass().getSimpleName() + ")";
            return new RoutePlan(request.model(), mode, inClientThenCatalogOrder(usable, prefs, "fail open: " + why, o -> OfferStatus.UNKNOWN),
                    true, "fail open: " + why + "; trying every configured offer in catalog order", skipped);
        }
    }

    /** An offer rule 1 allows, with its place in the catalog. */
    private record Usable(int catalogIndex, Offer offer, Gateway gateway) {
    }

    private List<Usable> usableOffers(RouteRequest request, ClientPreferences prefs, List<RoutePlan.Skipped> skipped) {
        Catalog cat = catalog.get();
        List<Offer> offers = request.resolution().offers();
        List<Usable> out = new ArrayList<>();
        for (int i = 0; i < offers.size(); i++) {
            Offer o = offers.get(i);
            Optional<Gateway> gw = cat.gateway(o.gateway());
            String why = gw.isEmpty() ? "gateway not in the catalog"
                    : !gw.get().enabled() ? "gateway disabled" + (gw.get().disabledReason().isBlank() ? "" : ": " + gw.get().disabledReason())
                    : !gatewayHasKey.test(o.gateway()) ? "unconfigured: no API key for the gateway"
                    : prefs.ignores(o.gateway()) ? "ignored by the client"
                    : !prefs.permits(o.gateway()) ? "not in the client's order and fallbacks are off"
                    : null;
            if (why == null) {
                out.add(new Usable(i, o, gw.get()));
            } else {
                skipped.add(new RoutePlan.Skipped(o.id(), why));
            }
        }
        return out;
    }

    private static String nothingUsable(RouteRequest request, List<RoutePlan.Skipped> skipped) {
        String pin = request.resolution().pinnedGateway().map(g -> " pinned to " + g).orElse("");
        if (skipped.isEmpty()) {
            return "model " + request.model() + pin + " has no offers";
        }
        return "no usable offer for " + request.model() + pin + ": "
                + String.join("; ", skipped.stream().map(s -> s.offer().gateway() + " " + s.reason()).toList());
    }

    private List<Candidate> inClientThenCatalogOrder(List<Usable> usable, ClientPreferences prefs, String reason,
                                                     java.util.function.Function<Offer, OfferStatus> status) {
        return usable.stream()
                .sorted(Comparator.comparingInt((Usable u) -> clientRank(prefs, u.gateway().name())).thenComparingInt(Usable::catalogIndex))
                .map(u -> new Candidate(u.offer(), u.gateway(), status.apply(u.offer()), false,
                        reason + clientNote(prefs, u.gateway().name())))
                .limit(keep(prefs))
                .toList();
    }

    private RoutePlan healthAware(RouteRequest request, ClientPreferences prefs, List<Usable> usable,
                                  List<RoutePlan.Skipped> skipped, Instant now) {
        List<Ranking.Scored> kept = new ArrayList<>();
        List<Ranking.Scored> all = new ArrayList<>();
        for (Usable u : usable) {
            var id = u.offer().id();
            OfferStatus status = Objects.requireNonNull(signals.status(id), "status of " + id);
            boolean permitted = breakers.wouldPermit(id, now);
            boolean trial = permitted && breakers.state(id, now) != BreakerState.CLOSED;
            Ranking.Scored s = new Ranking.Scored(u.catalogIndex(), u.offer(), u.gateway(), status,
                    signals.uptime(id), signals.ttfbP50(id), signals.price(id), trial, signals.throttled(id));
            all.add(s);
            if (NEVER_ROUTED.contains(status)) {
                skipped.add(new RoutePlan.Skipped(id, "status " + status.wireName()));
            } else if (!permitted) {
                BreakerView v = breakers.view(id, now);
                skipped.add(new RoutePlan.Skipped(id, "circuit " + v.state().wireName()
                        + v.openUntil().map(t -> " until " + t).orElse("") + ": " + v.reason()));
            } else {
                kept.add(s);
            }
        }
        if (kept.isEmpty()) {
            List<Candidate> anyway = all.stream()
                    .sorted(Comparator.comparingInt((Ranking.Scored s) -> clientRank(prefs, s.gateway().name()))
                            .thenComparingInt(Ranking.Scored::catalogIndex))
                    .map(s -> new Candidate(s.offer(), s.gateway(), s.status(), false,
                            "fail open: " + s.status().wireName() + clientNote(prefs, s.gateway().name())))
                    .limit(keep(prefs))
                    .toList();
            return new RoutePlan(request.model(), RoutingMode.HEALTH_AWARE, anyway, true,
                    "fail open: every offer was filtered out by health; trying the configured offers in catalog order", skipped);
        }
        // Plain loops, not stream pipelines: this runs for every request (List.sort is stable, as sorted() was).
        List<Ranking.Scored> order = new ArrayList<>(kept);
        if (order.size() > 1) {
            order.sort(Comparator.comparingInt((Ranking.Scored s) -> clientRank(prefs, s.gateway().name())).thenComparing(ranking));
        }
        Optional<Ranking.Scored> trial = recoveryTrial(order, prefs, now);
        trial.ifPresent(t -> {
            order.remove(t);
            order.addFirst(t);
        });
        long keep = keep(prefs);
        List<Candidate> ranked = new ArrayList<>(Math.min(order.size(), (int) Math.min(keep, Integer.MAX_VALUE)));
        for (Ranking.Scored s : order) {
            if (ranked.size() >= keep) {
                break;
            }
            ranked.add(new Candidate(s.offer(), s.gateway(), s.status(), s.trial(),
                    () -> (trial.isPresent() && trial.get() == s ? "recovery trial (demoted by failures, backoff passed); " : "")
                            + s.describe() + clientNote(prefs, s.gateway().name())));
        }
        return new RoutePlan(request.model(), RoutingMode.HEALTH_AWARE, ranked, false,
                "health-aware: " + ranked.size() + " of " + usable.size() + " usable offers ranked", skipped);
    }

    /**
     * The offer this request tries first for recovery, if any: a half-open breaker's trial, else
     * one demoted by its own failures whose trial window came ({@link RecoveryTrials}). Only when
     * it would otherwise rank behind another offer and the client named no order; throttled
     * offers wait for their rate limit instead.
     */
    private Optional<Ranking.Scored> recoveryTrial(List<Ranking.Scored> order, ClientPreferences prefs, Instant now) {
        if (order.size() < 2 || !prefs.order().isEmpty()) {
            return Optional.empty();
        }
        for (Ranking.Scored s : order.subList(1, order.size())) {
            if (s.throttled()) {
                continue;
            }
            if (s.trial()) {
                return Optional.of(s);
            }
            if (trials == null) {
                continue;
            }
            Optional<Instant> since = signals.demotedSince(s.offer().id());
            if (since.isPresent() && trials.tryStart(s.offer().id(), since.get(), now)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** With fallbacks off and no order of its own, the client gets only the best candidate. */
    private static long keep(ClientPreferences prefs) {
        return prefs.allowFallbacks() || !prefs.order().isEmpty() ? Long.MAX_VALUE : 1;
    }

    /** For display only (ordered mode): a status that cannot be read is unknown. */
    private OfferStatus statusOrUnknown(Offer offer) {
        try {
            OfferStatus s = signals.status(offer.id());
            return s == null ? OfferStatus.UNKNOWN : s;
        } catch (RuntimeException e) {
            return OfferStatus.UNKNOWN;
        }
    }

    /** Ordered gateways first, in the client's order; all others after, tied. */
    private static int clientRank(ClientPreferences prefs, String gateway) {
        int p = prefs.positionOf(gateway);
        return p >= 0 ? p : Integer.MAX_VALUE;
    }

    private static String clientNote(ClientPreferences prefs, String gateway) {
        int p = prefs.positionOf(gateway);
        return p >= 0 ? "; client order #" + (p + 1) : "";
    }
}
