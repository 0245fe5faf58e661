package io.healthgate.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans every outcome record out to its subscribers (health engine, breakers, metrics). One
 * failing subscriber never stops the others, and never fails the request that produced the
 * outcome.
 */
public final class OutcomeBus implements OutcomeListener {
    private static final Logger log = LoggerFactory.getLogger(OutcomeBus.class);
    private final List<OutcomeListener> listeners = new CopyOnWriteArrayList<>();

    public OutcomeBus subscribe(OutcomeListener listener) {
        listeners.add(listener);
        return this;
    }

    @Override
    public void onOutcome(Outcome outcome) {
        for (OutcomeListener l : listeners) {
            try {
                l.onOutcome(outcome);
            } catch (RuntimeException e) {
                log.warn("outcome listener {} failed on {}: {}", l.getClass().getSimpleName(), outcome.offer(), e.toString());
            }
        }
    }
}
