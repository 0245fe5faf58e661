package io.healthgate.config;

import java.util.List;

/**
 * Configuration that cannot be used. Each problem is one line naming where the value came from
 * (file or environment variable), the key path and the bad value, e.g.
 * {@code config.yaml: monitoring.tiers.critical.timeout_seconds: expected a whole number of seconds >= 1, got "abc"}.
 * The process reports these and exits non-zero before serving anything.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** One line per problem, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
