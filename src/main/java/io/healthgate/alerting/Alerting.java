package io.healthgate.alerting;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The alerting feature in one place: feed it facts (once per health snapshot) and it decides with
 * {@link AlertEvaluator} and hands what to send to {@link AlertDispatcher}, which returns at once.
 */
public final class Alerting implements AutoCloseable {
    private final AlertEvaluator evaluator;
    private final AlertDispatcher dispatcher;
    private final AlertHistory history;
    private final Clock clock;

    public Alerting(AlertEvaluator evaluator, AlertDispatcher dispatcher, AlertHistory history, Clock clock) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.history = Objects.requireNonNull(history, "history");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Evaluates the facts now and dispatches what must be sent; returns what was dispatched. */
    public List<AlertNotification> observe(HealthFacts facts) {
        List<AlertNotification> out = evaluator.evaluate(facts, clock.instant());
        out.forEach(dispatcher::dispatch);
        return out;
    }

    /** The newest {@code limit} notifications sent, newest first (blocks on the store: not on an event loop). */
    public List<AlertHistory.Entry> recent(int limit) {
        return history.recent(limit);
    }

    public List<String> openAlerts() {
        return evaluator.openKeys();
    }

    public List<AlertDispatcher.LaneStats> deliveryStats() {
        return dispatcher.stats();
    }

    @Override
    public void close() {
        dispatcher.close();
    }
}
