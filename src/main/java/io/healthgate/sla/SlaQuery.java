package io.healthgate.sla;

import java.util.Objects;
import java.util.Optional;

/** What an SLA report covers: a window, optionally narrowed to one gateway, provider or model. */
public record SlaQuery(SlaWindow window, Optional<String> gateway, Optional<String> provider, Optional<String> model) {
    public SlaQuery {
        Objects.requireNonNull(window, "window");
        gateway = blankToEmpty(gateway);
        provider = blankToEmpty(provider);
        model = blankToEmpty(model);
    }

    public static SlaQuery of(SlaWindow window) {
        return new SlaQuery(window, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Optional<String> blankToEmpty(Optional<String> o) {
        return o == null ? Optional.empty() : o.map(String::trim).filter(s -> !s.isEmpty());
    }
}
