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
 * Decides which notifications to send for each new set of facts, so that one incident gives at
 * most three messages. Rules:
 * <ul>
 *   <li>An alert whose condition starts to hold is sent at once (the incident opens).</li>
 *   <li>While it keeps holding, nothing more is sent, except one escalation: a severity above
 *       any sent for this incident goes out at once. A lower severity is not sent; the resolution
 *       says how bad it got.</li>
 *   <li>A resolution is sent only once the condition has been clear for the hold time
 *       ({@link AlertSettings#hold()}, default 5 min); a condition back within it continues the incident silently.</li>
 *   <li>A key that fires again within the cooldown after its resolution re-opens the same
 *       incident with one "flapping" notice (with the count); its later re-openings and its final
 *       close are silent (the dashboard shows it), and it closes for good once it has stayed
 *       clear for the hold time plus the cooldown. After that a recurrence is a new incident.</li>
 *   <li>Each incident sends at most three messages: the open, then either an escalation and the
 *       resolution, or the resolution and the flapping notice. The last place is always kept for
 *       the resolution, so an escalation after a flapping notice is not sent.</li>
 *   <li>Unknown health ({@code NaN}: no data yet) neither fires nor clears the health alerts:
 *       not knowing is neither an outage nor a recovery.</li>
 *   <li>{@code health.overall} has hysteresis: once open it clears only at or above
 *       {@link AlertSettings#resolvedAt()}; between the warning threshold and that, nothing is sent.</li>
 * </ul>
 * Stateful and thread-safe; feed it facts in time order (typically once per health snapshot).
 */
public final class AlertEvaluator {
    static final Duration DROP_WINDOW = Duration.ofHours(1);
    static final int MAX_MESSAGES = 3;

    private final AlertSettings settings;
    private final Duration hold;
    private final Map<String, Incident> incidents = new LinkedHashMap<>();
    /** Known health samples of the last hour, oldest first, for the drop rule. */
    private final Deque<Sample> samples = new ArrayDeque<>();

    public AlertEvaluator(AlertSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hold = settings.hold();
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
            Incident overall = incidents.get(AlertRules.HEALTH_OVERALL);
            AlertRules.overallHealth(health, overall == null || overall.resolvedAt != null ? null : overall.severity, settings, add);
            AlertRules.healthDrop(health, rememberAndPeak(facts.at(), health), settings, add);
        }
        AlertRules.criticalModelsWithoutHealthyOffer(facts, add);
        AlertRules.gateways(facts, add);
        AlertRules.openBreakers(facts, now, settings, add);
        AlertRules.degradingOffers(facts, add);

        List<AlertNotification> out = new ArrayList<>();
        for (AlertRules.Condition c : holding.values()) {
            holds(c, facts, now, out);
        }
        var it = incidents.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            String key = e.getKey();
            Incident inc = e.getValue();
            boolean untouched = !known && (key.equals(AlertRules.HEALTH_OVERALL) || key.equals(AlertRules.HEALTH_DROP));
            if (holding.containsKey(key) || untouched) {
                continue;
            }
            if (inc.resolvedAt != null) {
                if (!now.isBefore(inc.resolvedAt.plus(settings.cooldown()))) {
                    it.remove(); // clear through the whole cooldown: the incident is over for good
                }
                continue;
            }
            if (inc.clearSince == null) {
                inc.clearSince = now;
            }
            if (!now.isBefore(inc.clearSince.plus(hold))) {
                inc.resolvedAt = now;
                if (inc.sent < MAX_MESSAGES && !inc.flappingSent) {
                    out.add(resolution(key, inc, facts, now));
                    inc.sent++;
                }
            }
        }
        return out;
    }

    /** Keys of the alerts open now (fired and not resolved). */
    public synchronized List<String> openKeys() {
        return incidents.entrySet().stream().filter(e -> e.getValue().resolvedAt == null).map(Map.Entry::getKey).toList();
    }

    private void holds(AlertRules.Condition c, HealthFacts facts, Instant now, List<AlertNotification> out) {
        Incident inc = incidents.get(c.key());
        if (inc == null) {
            if (c.hold()) {
                return;
            }
            inc = new Incident(c, now);
            incidents.put(c.key(), inc);
            out.add(new AlertNotification(c.key(), c.severity(), c.title(), c.message(), facts.healthPercentage(), now));
            return;
        }
        if (c.hold() && inc.resolvedAt != null) {
            return; // holding keeps an open alert open; it never re-opens a resolved one
        }
        inc.clearSince = null;
        if (inc.resolvedAt != null) {
            inc.resolvedAt = null;
            inc.reopened++;
            inc.update(c);
            if (!inc.flappingSent && inc.sent < MAX_MESSAGES) {
                inc.flappingSent = true;
                inc.sent++;
                inc.peak = max(inc.peak, c.severity());
                out.add(flapping(c, inc, facts, now));
            }
            return;
        }
        if (c.hold()) {
            return;
        }
        // Escalate only while a place stays free for the resolution.
        if (c.severity().ordinal() > inc.peak.ordinal() && inc.sent < MAX_MESSAGES - 1 && !inc.flappingSent) {
            inc.sent++;
            inc.peak = c.severity();
            out.add(new AlertNotification(c.key(), c.severity(), c.title(), c.message(), facts.healthPercentage(), now));
        }
        inc.update(c);
    }

    private AlertNotification resolution(String key, Incident inc, HealthFacts facts, Instant now) {
        String health = facts.healthKnown() ? " Model health is now " + AlertRules.pct(facts.healthPercentage()) + "." : "";
        String title = "Resolved: " + inc.title;
        String peak = inc.peak != inc.severity ? " At its worst it was " + inc.peak.wireName() + "." : "";
        String message = "Cleared after " + AlertRules.minutes(Duration.between(inc.since, inc.clearSince))
                + " and clear for " + AlertRules.minutes(Duration.between(inc.clearSince, now)) + " since. It was: "
                + inc.message + peak + health;
        return new AlertNotification(key, Severity.RESOLVED, title, message, facts.healthPercentage(), now);
    }

    private AlertNotification flapping(AlertRules.Condition c, Incident inc, HealthFacts facts, Instant now) {
        String title = "Flapping: " + c.title();
        String message = "It fired again within " + AlertRules.minutes(settings.cooldown()) + " of its resolution (re-opened "
                + inc.reopened + (inc.reopened == 1 ? " time" : " times") + " since it first fired "
                + AlertRules.minutes(Duration.between(inc.since, now)) + " ago). " + c.message()
                + " No further messages for this incident: it closes by itself once clear for "
                + AlertRules.minutes(hold.plus(settings.cooldown())) + "; /health/dashboard shows it meanwhile.";
        return new AlertNotification(c.key(), c.severity(), title, message, facts.healthPercentage(), now);
    }

    private static Severity max(Severity a, Severity b) {
        return a.ordinal() >= b.ordinal() ? a : b;
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

    /**
     * One incident of one key: its severity and text now, the highest severity sent, how many
     * messages it has sent, and where it stands (clear since, resolved at, re-openings).
     */
    private static final class Incident {
        final Instant since;
        Severity severity;
        Severity peak;
        String title;
        String message;
        int sent = 1;
        Instant clearSince;
        Instant resolvedAt;
        int reopened;
        boolean flappingSent;

        Incident(AlertRules.Condition c, Instant now) {
            since = now;
            severity = c.severity();
            peak = c.severity();
            title = c.title();
            message = c.message();
        }

        void update(AlertRules.Condition c) {
            if (!c.hold()) {
                severity = c.severity();
                title = c.title();
                message = c.message();
            }
        }
    }
}
