package io.healthgate.sla;

import java.util.Optional;

/**
 * How much of the failures a target allows were used. With target {@code T}% over {@code N}
 * counting calls, the budget is {@code N × (100 − T) / 100} failures; {@code consumed} is the
 * failures as a percentage of it (over 100 when the target was missed), {@code burnRate} the
 * failure ratio over the allowed ratio (1.0 spends the budget exactly by the window's end).
 * Empty figures mean there were no counting calls.
 *
 * @param allowedFailures the budget in failures, one decimal
 * @param consumed percent of the budget used, one decimal
 * @param remaining 100 − consumed, one decimal (negative once overspent)
 * @param burnRate two decimals
 * @param met availability at or above the target
 */
public record ErrorBudget(double target, double allowedFailures, long failures, Optional<Double> consumed,
                          Optional<Double> remaining, Optional<Double> burnRate, Optional<Boolean> met) {

    static ErrorBudget of(double target, SlaFigures f) {
        double allowedRatio = (100 - target) / 100;
        double allowed = f.countedCalls() * allowedRatio;
        if (f.countedCalls() == 0) {
            return new ErrorBudget(target, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        double consumed = Tally.round(100.0 * f.failures() / allowed, 1);
        double burn = Tally.round(((double) f.failures() / f.countedCalls()) / allowedRatio, 2);
        return new ErrorBudget(target, Tally.round(allowed, 1), f.failures(), Optional.of(consumed),
                Optional.of(Tally.round(100 - consumed, 1)), Optional.of(burn),
                f.availability().map(a -> a >= target));
    }
}
