package io.healthgate.health;

import io.healthgate.catalog.Offer;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Sends one active probe to an offer. Implemented at the HTTP edge (proxy) so the health engine
 * stays plain Java. The stage always completes normally with a classified outcome (source
 * {@link Outcome.Source#PROBE}); failures are outcome classes, never exceptions. A probe that
 * hits the output limit (a 400 saying max_tokens was reached) proves liveness and completes as
 * {@link OutcomeClass#SUCCESS}.
 */
@FunctionalInterface
public interface Prober {
    CompletionStage<Outcome> probe(Offer offer, ProbeRequest request);

    /** What to send: a first-byte timeout and a token budget. */
    record ProbeRequest(Duration timeout, int maxTokens) {
        public ProbeRequest {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("probe timeout must be positive, got " + timeout);
            }
            if (maxTokens < 1) {
                throw new IllegalArgumentException("probe max_tokens must be >= 1, got " + maxTokens);
            }
        }
    }
}
