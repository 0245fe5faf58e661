package io.healthgate.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which notifications to send for each new set of facts. Rules:
 * <ul>
 *   <li>An alert whose condition starts to hold is sent at once.</li>
 *   <li>While it keeps holding at the same severity, it is sent again only after the cooldown
 *       (a reminder); repeats within the cooldown are suppressed.</li>
 *   <li>A change of severity (either way) is sent at once.</li>
 *   <li>When its condition stops holding, one {@link Severity#RESOLVED} notice is sent and the
 *       alert is closed; a later recurrence is a new alert.</li>
 *   <li>Unknown health ({@code NaN}: no data yet) neither fires nor resolves the health alerts:
 *       not knowing is neither an outage nor a recovery.</li>
 *   <li>{@code health.overall} has hysteresis: once open it resolves only at or above
 *       {@link AlertSettings#resolvedAt()}; between the warning threshold and that, nothing is sent.</li>
 * </ul>
 * Stateful and thread-safe; feed it facts in time order (typically once per health snapshot).
 */
public final class AlertEvaluator {
    static final Duration DROP_WINDOW = Duration.ofHours(1);

    private final AlertSettings settings;
    private final Map<String, Open> open = new LinkedHashMap<>();
    /** Known health samples of the last hour, oldest first, for the drop rule. */
    private final Deque<Sample> samples = new ArrayDeque<>();

    public AlertEvaluator(AlertSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public AlertSettings settings() {
        return settings;
    }

    /** The notifications to send now for these facts, in a stable order (rule order, then key). */
    public synchronized List<AlertNotification> evaluate(HealthFacts facts, Instant now) {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(now, "now");
        Map<String, AlertRules.Condition> holding = new LinkedHashMap<>();
        java.util.function.Consumer<AlertRules.Condition> add = c -> holding.put(c.key(), c);

        boolean known = facts.healthKnown();
        if (known) {
            double health = facts.healthPercentage();
            Open overall = open.get(AlertRules.HEALTH_OVERALL);
            AlertRules.overallHealth(health, overall == null ? null : overall.severity, settings, add);
            AlertRules.healthDrop(health, rememberAndPeak(facts.at(), health), settings, add);
        }
        AlertRules.criticalModelsWithoutHealthyOffer(facts, add);
        AlertRules.gateways(facts, add);
        AlertRules.openBreakers(facts, now, settings, add);

        List<AlertNotification> out = new ArrayList<>();
        for (AlertRules.Condition c : holding.values()) {
            if (!c.hold()) {
                fire(c, facts, now, out);
            }
        }
        var it = open.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            String key = e.getKey();
            boolean untouched = !known && (key.equals(AlertRules.HEALTH_OVERALL) || key.equals(AlertRules.HEALTH_DROP));
            if (!holding.containsKey(key) && !untouched) {
                out.add(resolution(key, e.getValue(), facts, now));
                it.remove();
            }
        }
        return out;
    }

    /** Keys of the alerts open now (fired and not yet resolved). */
    public synchronized List<String> openKeys() {
        return List.copyOf(open.keySet());
    }

    private void fire(AlertRules.Condition c, HealthFacts facts, Instant now, List<AlertNotification> out) {
        Open o = open.get(c.key());
        boolean send = o == null
                || o.severity != c.severity()
                || !now.isBefore(o.lastSent.plus(settings.cooldown()));
        if (!send) {
            return;
        }
        Instant since = o == null ? now : o.since;
        open.put(c.key(), new Open(c.severity(), c.title(), c.message(), since, now));
        out.add(new AlertNotification(c.key(), c.severity(), c.title(), c.message(), facts.healthPercentage(), now));
    }

    private AlertNotification resolution(String key, Open o, HealthFacts facts, Instant now) {
        String health = facts.healthKnown() ? " Model health is now " + AlertRules.pct(facts.healthPercentage()) + "." : "";
        String title = "Resolved: " + o.title;
        String message = "Cleared after " + AlertRules.minutes(Duration.between(o.since, now)) + ". It was: "
                + o.message + health;
        return new AlertNotification(key, Severity.RESOLVED, title, message, facts.healthPercentage(), now);
    }

    private double rememberAndPeak(Instant at, double health) {
        samples.addLast(new Sample(at, health));
        Instant from = at.minus(DROP_WINDOW);
        while (!samples.isEmpty() && samples.peekFirst().at.isBefore(from)) {
            samples.removeFirst();
        }
        double peak = health;
        for (Sample s : samples) {
            peak = Math.max(peak, s.health);
        }
        return peak;
    }

    private record Sample(Instant at, double health) {
    }

    /** An alert that fired and has not resolved: its last sent severity and text. */
    private record Open(Severity severity, String title, String message, Instant since, Instant lastSent) {
    }
}
