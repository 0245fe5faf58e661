/**
 * The simulated provider fleet ({@code ./healthgate simulate}, the demo, and the tests): one HTTP
 * server on 127.0.0.1 that plays every gateway of a {@link io.healthgate.simulator.Scenario} under
 * {@code /gw/{gateway}/v1} in the OpenAI or Anthropic protocol, with scripted faults (latency,
 * cold starts, 429, 5xx, 401, 402, 404, hangs, cut streams, malformed bodies, scheduled outages).
 * <ul>
 *   <li>It knows the ground truth ({@code /_truth}), so health accuracy is measured, not guessed.</li>
 *   <li>Seeded: the same scenario answers alike on every run. Time comes from an injected clock.</li>
 *   <li>It never reaches a real provider, and the gateway's code never imports it (only tests,
 *       {@code app} and {@code cli} do).</li>
 * </ul>
 */
package io.healthgate.simulator;
