package io.healthgate.app;

import io.healthgate.catalog.Tier;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.config.RedisConfig;
import io.healthgate.config.StorageConfig;
import io.healthgate.fleet.FleetSettings;
import io.healthgate.health.HealthSettings;

import java.time.Duration;

/** Configurations for fleet tests: the whole gateway on a store, with short probe intervals. */
final class FleetConfigs {
    /** Short leases and a quick heartbeat, so a test sees hand-overs in seconds. */
    static final FleetSettings QUICK = new FleetSettings(Duration.ofMillis(1_000), Duration.ofSeconds(3),
            Duration.ofMillis(250), Duration.ofSeconds(1));

    private FleetConfigs() {
    }

    /**
     * Every tier but on_demand probed every {@code intervalSeconds}; on_demand hourly; no jitter; a
     * store at {@code storageUrl}. The probe timeout is generous (10 s), so a busy machine never
     * turns a probe into a cold-start retry (two upstream requests for one outcome).
     */
    static HealthgateConfig probing(String storageUrl, int intervalSeconds) {
        HealthgateConfig d = Demo.demoConfig(0, storageUrl);
        HealthSettings m = d.monitoring().health();
        HealthSettings.Builder b = HealthSettings.builder()
                .batchSize(50).batchInterval(Duration.ofSeconds(1)).jitter(Duration.ZERO)
                .perGatewayConcurrency(m.perGatewayConcurrency()).hourlyProbeCap(m.hourlyProbeCap())
                .coldStartTimeout(m.coldStartTimeout()).window(m.window()).minSamples(m.minSamples())
                .degradedErrorRate(m.degradedErrorRate()).unhealthyErrorRate(m.unhealthyErrorRate())
                .degradedLatencyFactor(m.degradedLatencyFactor()).flushInterval(Duration.ofMillis(200)).retention(m.retention());
        for (Tier t : Tier.values()) {
            b.tier(t, t == Tier.ON_DEMAND ? new HealthSettings.TierSettings(Duration.ofHours(1), Duration.ofSeconds(5), 5)
                    : new HealthSettings.TierSettings(Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(10), 5));
        }
        return d.withStorage(new StorageConfig(storageUrl)).withMonitoring(new HealthgateConfig.Monitoring(true, b.build()));
    }

    /** One instance of a fleet on {@code redisUrl}, under a test's own key prefix, with {@link #QUICK} leases. */
    static RedisConfig redis(String redisUrl, String prefix, String instanceId) {
        return new RedisConfig(redisUrl, prefix, instanceId, QUICK);
    }
}
