package io.healthgate.health;

/**
 * Receives every outcome record. Called on the thread that finished the upstream call (often an
 * event loop), so implementations must be quick and never block.
 */
@FunctionalInterface
public interface OutcomeListener {
    void onOutcome(Outcome outcome);
}
