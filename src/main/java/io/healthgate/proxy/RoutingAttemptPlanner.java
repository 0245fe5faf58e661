package io.healthgate.proxy;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Tier;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.routing.ClientPreferences;
import io.healthgate.routing.FailoverPolicy;
import io.healthgate.routing.FirstTokenDeadlines;
import io.healthgate.routing.HealthSignals;
import io.healthgate.routing.HedgePolicy;
import io.healthgate.routing.RouteRequest;
import io.healthgate.routing.RoutePlan;
import io.healthgate.routing.RecoveryTrials;
import io.healthgate.routing.Router;
import io.healthgate.routing.RoutingMode;
import io.healthgate.routing.RoutingSettings;
import io.healthgate.routing.RoutingSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Health-aware routing carried into the proxy: each request's candidates come from one
 * {@link Router#plan} made when it arrives; right before each call the offer's breaker is asked
 * for permission ({@link BreakerRegistry#tryAcquirePermission}); retry-or-stop is
 * {@link FailoverPolicy#decide}; the first-token deadline is the model's (per model, else its
 * tier's); the hedge delay is {@link HedgePolicy#hedgeDelay} over the plan.
 * <p>
 * Breakers are not asked when the plan fails open (health filtering left nothing, so every
 * configured offer is tried anyway) nor in {@link RoutingMode#ORDERED} mode (the rollback lever
 * turns all health machinery off for routing; outcomes still feed the breakers).
 */
public final class RoutingAttemptPlanner implements AttemptPlanner {
    private static final Logger log = LoggerFactory.getLogger(RoutingAttemptPlanner.class);

    private final Router router;
    private final BreakerRegistry breakers;
    private final FailoverPolicy failover;
    private final FirstTokenDeadlines deadlines;
    private final HedgePolicy hedging;
    private final HealthSignals signals;
    private final Function<Model, Optional<Tier>> tierOf;
    private final Clock clock;

    /**
     * @param tierOf a model's tier for its first-token deadline (e.g. the health engine's, which
     *        falls back to traffic share); empty or throwing means the catalog's, else standard
     */
    public RoutingAttemptPlanner(Router router, BreakerRegistry breakers, FailoverPolicy failover, FirstTokenDeadlines deadlines,
                                 HedgePolicy hedging, HealthSignals signals, Function<Model, Optional<Tier>> tierOf, Clock clock) {
        this.router = Objects.requireNonNull(router, "router");
        this.breakers = Objects.requireNonNull(breakers, "breakers");
        this.failover = Objects.requireNonNull(failover, "failover");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.hedging = Objects.requireNonNull(hedging, "hedging");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.tierOf = Objects.requireNonNull(tierOf, "tierOf");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The planner as the composition root builds it: a {@link Router} over the catalog, the
     * gateways with keys, the health signals, the breakers and the switch; failover, deadlines,
     * hedging and ranking from the proxy's settings.
     */
    public static RoutingAttemptPlanner create(Supplier<Catalog> catalog, Predicate<String> gatewayHasKey, HealthSignals signals,
                                               BreakerRegistry breakers, RoutingSwitch routingSwitch, ProxySettings settings,
                                               Function<Model, Optional<Tier>> tierOf, Clock clock) {
        return create(catalog, gatewayHasKey, signals, breakers, routingSwitch, settings, tierOf, clock, null);
    }

    /** As above, with live recovery trials for offers demoted by failures (null for none). */
    public static RoutingAttemptPlanner create(Supplier<Catalog> catalog, Predicate<String> gatewayHasKey, HealthSignals signals,
                                               BreakerRegistry breakers, RoutingSwitch routingSwitch, ProxySettings settings,
                                               Function<Model, Optional<Tier>> tierOf, Clock clock, RecoveryTrials trials) {
        RoutingSettings routing = settings.routing(routingSwitch.isHealthAware());
        Router router = new Router(catalog, gatewayHasKey, signals, breakers, routingSwitch, routing, trials);
        return new RoutingAttemptPlanner(router, breakers, new FailoverPolicy(routing), settings.firstTokenDeadlines(),
                settings.hedging(), signals, tierOf, clock);
    }

    @Override
    public AttemptPlan plan(Catalog.Resolution resolution, ClientPreferences preferences) {
        RoutePlan plan = router.plan(new RouteRequest(resolution, preferences), clock.instant());
        Model model = resolution.model();
        Duration deadline = deadlines.forModel(model.id(), tier(model));
        // Hedging doubles load; a plan that already fails open has no health to hedge on.
        Optional<Duration> hedge = plan.failOpen() ? Optional.empty() : hedging.hedgeDelay(plan, signals);
        boolean askBreakers = plan.mode() == RoutingMode.HEALTH_AWARE && !plan.failOpen();
        // An ignored class frees a half-open permit and moves nothing else: what a call never sent must do.
        return new AttemptPlan(plan, failover, offer -> !askBreakers || breakers.tryAcquirePermission(offer, clock.instant()),
                offer -> {
                    if (askBreakers) {
                        breakers.record(offer, io.healthgate.health.OutcomeClass.CANCELLED);
                    }
                }, Optional.of(deadline), hedge);
    }

    private Optional<Tier> tier(Model model) {
        try {
            Optional<Tier> t = tierOf.apply(model);
            return t != null && t.isPresent() ? t : model.tier();
        } catch (RuntimeException e) {
            log.debug("tier of {} unreadable, using the catalog's: {}", model.id(), e.toString());
            return model.tier();
        }
    }
}
