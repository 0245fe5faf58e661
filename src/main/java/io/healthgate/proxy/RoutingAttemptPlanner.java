package io.healthgate.proxy;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Tier;
import io.healthgate.health.OutcomeClass;
import io.healthgate.routing.AttemptResult;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.routing.ClientPreferences;
import io.healthgate.routing.Decision;
import io.healthgate.routing.FailoverPolicy;
import io.healthgate.routing.FirstTokenDeadlines;
import io.healthgate.routing.HealthSignals;
import io.healthgate.routing.HedgePolicy;
import io.healthgate.routing.RouteRequest;
import io.healthgate.routing.RoutePlan;
import io.healthgate.routing.Router;
import io.healthgate.routing.RoutingMode;
import io.healthgate.routing.RoutingSettings;
import io.healthgate.routing.RoutingSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
        RoutingSettings routing = settings.routing(routingSwitch.isHealthAware());
        Router router = new Router(catalog, gatewayHasKey, signals, breakers, routingSwitch, routing);
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
        return new Routed(plan, deadline, hedge);
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

    /** One request's plan. */
    private final class Routed implements AttemptPlan {
        private final RoutePlan plan;
        private final List<Offer> offers;
        private final Duration deadline;
        private final Optional<Duration> hedge;
        private final boolean askBreakers;

        Routed(RoutePlan plan, Duration deadline, Optional<Duration> hedge) {
            this.plan = plan;
            this.offers = plan.candidates().stream().map(c -> c.offer()).toList();
            this.deadline = deadline;
            this.hedge = hedge;
            this.askBreakers = plan.mode() == RoutingMode.HEALTH_AWARE && !plan.failOpen();
        }

        @Override
        public List<Offer> candidates() {
            return offers;
        }

        @Override
        public boolean permits(Offer offer) {
            return !askBreakers || breakers.tryAcquirePermission(offer.id(), clock.instant());
        }

        @Override
        public boolean shouldTryNext(Offer failed, OutcomeClass outcome, int attemptsSoFar, boolean firstByteSent, Duration elapsed) {
            Decision d = failover.decide(new AttemptResult(failed.id(), outcome), attemptsSoFar, elapsed, firstByteSent, plan);
            log.debug("after {} on {}: {}", outcome.wireName(), failed.id(), d.reason());
            return d instanceof Decision.TryNext;
        }

        @Override
        public Optional<Duration> firstTokenDeadline() {
            return Optional.of(deadline);
        }

        @Override
        public Optional<Duration> hedgeDelay() {
            return hedge;
        }

        @Override
        public boolean failOpen() {
            return plan.failOpen();
        }

        @Override
        public String reason() {
            return plan.reason();
        }
    }
}
