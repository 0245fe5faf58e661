package io.healthgate.app;

import io.healthgate.config.HealthgateConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which settings changed between the running configuration and a reloaded one, as key paths of the
 * YAML file ({@code server.port}, {@code monitoring.tiers.critical.interval_seconds}). Reload
 * applies the catalog ({@code gateways}, {@code models}) only; every other section is read once at
 * start (the listener, the store, Redis, the health engine's thresholds, the probe schedule,
 * routing's planner, the breakers, alerting, cleanup), so a change there needs a restart and is
 * reported, never silently ignored. Values are never shown: some are URLs with credentials.
 */
final class RestartRequired {
    private RestartRequired() {
    }

    /** Key paths whose values differ, in file order; empty when only the catalog changed. */
    static List<String> between(HealthgateConfig running, HealthgateConfig next) {
        Set<String> keys = new LinkedHashSet<>(running.values().keySet());
        keys.addAll(next.values().keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(running.values().get(k), next.values().get(k))) {
                out.add(k);
            }
        }
        return List.copyOf(out);
    }
}
