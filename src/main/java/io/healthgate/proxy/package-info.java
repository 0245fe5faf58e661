/**
 * A request's journey on Vert.x: the loop that carries out routing's decisions.
 * <ul>
 *   <li>{@link io.healthgate.proxy.ChatProxy} takes the client's {@code provider} preferences out
 *       of the body and asks the {@link io.healthgate.proxy.AttemptPlanner} for one
 *       {@link io.healthgate.proxy.AttemptPlan} per request; {@code Journey} then calls candidates
 *       in order, asking each one's permission right before the call.</li>
 *   <li>Failover only before the first byte reached the client; after it, a failure ends the
 *       stream with an error event in the front door's protocol.</li>
 *   <li>Every upstream call publishes exactly one outcome (an attempt cancelled before its request
 *       was sent is no call and publishes none); when the client goes away, every live upstream
 *       call is cancelled.</li>
 *   <li>Nothing here blocks an event loop; decisions (which offer, retry or stop, deadlines) are
 *       made in {@code routing}, never here.</li>
 * </ul>
 */
package io.healthgate.proxy;
