package io.healthgate.app;

import io.healthgate.catalog.Tier;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.config.MonitoringConfig;
import io.healthgate.config.StorageConfig;
import io.healthgate.config.TierSchedule;

import java.util.EnumMap;
import java.util.Map;

/** Configurations for fleet tests: the whole gateway on a store, with short probe intervals. */
final class FleetConfigs {
    private FleetConfigs() {
    }

    /**
     * Every tier but on_demand probed every {@code intervalSeconds}; on_demand hourly; no jitter; a
     * store at {@code storageUrl}. The probe timeout is generous (10 s), so a busy machine never
     * turns a probe into a cold-start retry (two upstream requests for one outcome).
     */
    static HealthgateConfig probing(String storageUrl, int intervalSeconds) {
        HealthgateConfig d = Demo.demoConfig(0, storageUrl);
        MonitoringConfig m = d.monitoring();
        Map<Tier, TierSchedule> tiers = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            tiers.put(t, t == Tier.ON_DEMAND ? new TierSchedule(3600, 5, 5) : new TierSchedule(intervalSeconds, 10, 5));
        }
        MonitoringConfig fast = new MonitoringConfig(true, tiers, 50, 1, 0, m.perGatewayConcurrency(), m.hourlyProbeCap(),
                m.coldStartTimeoutSeconds(), m.windowSeconds(), m.minSamples(), m.degradedErrorRate(), m.unhealthyErrorRate(),
                m.degradedLatencyFactor());
        return new HealthgateConfig(d.server(), d.auth(), new StorageConfig(storageUrl, d.storage().snapshotRetentionDays(), 200),
                d.redis(), d.gateways(), d.models(), fast, d.routing(), d.alerting(), d.cleanup());
    }
}
