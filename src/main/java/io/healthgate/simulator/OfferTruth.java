package io.healthgate.simulator;

import java.time.Instant;

/**
 * The real state of one simulated offer at {@code at}.
 *
 * @param model the canonical model id
 * @param upstreamModel the id the gateway knows it by
 * @param state what a client with the right key finds right now
 * @param reason a sentence saying why
 * @param demoKey whether the demo environment holds this gateway's key: {@code ok}, {@code missing},
 *     {@code wrong} (set, but rejected: every call gets 401) or {@code misnamed} (the right key under
 *     another env var name); a health engine run with the demo environment should call the offer
 *     unconfigured when missing or misnamed, misconfigured when wrong, and judge {@code state} only when ok
 * @param until when the current state is scheduled to end, or null when nothing is scheduled
 */
public record OfferTruth(String gateway, String model, String upstreamModel, TruthState state, String reason,
                         String demoKey, Instant at, Instant until) {
}
