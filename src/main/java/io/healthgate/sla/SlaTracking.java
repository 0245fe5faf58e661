package io.healthgate.sla;

import java.util.Objects;

/** What the operator views read from the stored history: SLA reports and the success figures. */
public record SlaTracking(SlaCalculator reports, SuccessMetrics successMetrics) {
    public SlaTracking {
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(successMetrics, "successMetrics");
    }
}
