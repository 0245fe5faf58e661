/**
 * Routing decisions, plain Java: which offers a request may go to and in which order
 * ({@link io.healthgate.routing.Router}), per-offer circuit breakers
 * ({@link io.healthgate.routing.BreakerRegistry}), retry-or-stop after an attempt
 * ({@link io.healthgate.routing.FailoverPolicy}), first-token deadlines
 * ({@link io.healthgate.routing.FirstTokenDeadlines}) and hedge delays
 * ({@link io.healthgate.routing.HedgePolicy}). Health is read through the
 * {@link io.healthgate.routing.HealthSignals} port; the rollback lever is the
 * {@link io.healthgate.routing.RoutingSwitch}.
 * <p>
 * How the proxy carries a request out:
 * <ol>
 * <li>{@code plan = router.plan(new RouteRequest(resolution, preferences), now)}; an empty plan is
 *     answered at once with {@code plan.reason()}.</li>
 * <li>Walk the candidates in order. Before calling one, ask
 *     {@code breakers.tryAcquirePermission(candidate.id(), now)}; on {@code false} skip it (no
 *     attempt is counted) and take {@code plan.after(candidate.id())}.</li>
 * <li>Abandon an attempt with no first byte after {@code deadlines.forModel(model)} and record it
 *     as {@code timeout}. If {@code hedgePolicy.hedgeDelay(plan, signals)} is present and passes
 *     with no first byte, start the next candidate too; the first to send a byte wins and the
 *     loser is recorded as {@code cancelled}.</li>
 * <li>Publish every attempt's outcome to the outcome bus (which feeds the breakers), then ask
 *     {@code failoverPolicy.decide(...)}: {@code TryNext} names the next candidate,
 *     {@code Stop} says why to answer now.</li>
 * </ol>
 */
package io.healthgate.routing;
