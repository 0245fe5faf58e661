package io.healthgate.sla;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One of the recovery plan's success figures, tracked against its target.
 *
 * @param key stable id ({@code model_health}, {@code failed_requests}, ...)
 * @param definition what is counted, in words
 * @param value now (over the figure's own span, said in the definition); empty when there is no data
 * @param comparison {@code ">"} (value must be above the target) or {@code "<"}
 * @param target the figure the value is held to (for response time: 70% of the baseline)
 * @param baseline the same figure over the week before the last seven days, when history reaches back that far
 * @param trend one value per day, oldest first, over the last seven days (empty when there was no data that day)
 * @param met whether the value meets the target; empty when either is unknown
 */
public record SuccessMetric(
        String key,
        String name,
        String definition,
        String unit,
        Optional<Double> value,
        String comparison,
        Optional<Double> target,
        Optional<Double> baseline,
        List<Optional<Double>> trend,
        Optional<Boolean> met) {

    public SuccessMetric {
        Objects.requireNonNull(key, "key");
        trend = List.copyOf(trend);
        if (!comparison.equals(">") && !comparison.equals("<")) {
            throw new IllegalArgumentException("comparison must be > or <, got " + comparison);
        }
    }

    static SuccessMetric of(String key, String name, String definition, String unit, Optional<Double> value,
                            String comparison, Optional<Double> target, Optional<Double> baseline, List<Optional<Double>> trend) {
        Optional<Double> v = value.map(x -> Tally.round(x, 2));
        Optional<Double> t = target.map(x -> Tally.round(x, 2));
        Optional<Boolean> met = v.isPresent() && t.isPresent()
                ? Optional.of(comparison.equals(">") ? v.get() > t.get() : v.get() < t.get()) : Optional.empty();
        return new SuccessMetric(key, name, definition, unit, v, comparison, t, baseline.map(x -> Tally.round(x, 2)),
                trend.stream().map(o -> o.map(x -> Tally.round(x, 2))).toList(), met);
    }
}
