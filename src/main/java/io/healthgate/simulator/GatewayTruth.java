package io.healthgate.simulator;

import java.time.Instant;

/**
 * The real state of one simulated gateway at {@code at}: {@link TruthState#UP} unless a
 * gateway-wide fault or outage is on.
 *
 * @param apiKeyEnv the env var the gateway's catalog entry reads
 * @param demoKey {@code ok}, {@code missing}, {@code wrong} or {@code misnamed} (see {@link OfferTruth})
 */
public record GatewayTruth(String gateway, String apiKeyEnv, TruthState state, String reason, String demoKey,
                           int offers, Instant at, Instant until) {
}
