package io.healthgate.app;

import io.healthgate.config.RedisConfig;
import io.healthgate.fleet.FleetSync;
import io.healthgate.fleet.FleetView;
import io.healthgate.fleet.ProbeSharding;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.OutcomeBus;
import io.healthgate.health.ProbeScheduler;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.store.RedisCache;
import io.healthgate.store.RedisFleet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Makes this process one instance of a fleet when {@code redis.url} is set: connects the Redis
 * cache, channel and registry, shards probing by lease and shares what it sees
 * ({@link FleetSync}). Part of the composition root.
 *
 * <p>Redis not reachable at start: the instance serves alone (its own view, every offer probed
 * here) and tries again every heartbeat; once connected it joins and catches up with the fleet.
 */
final class FleetWiring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetWiring.class);

    private static String defaultId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "instance";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private final RedisConfig settings;
    private final String instanceId;
    private final HealthEngine engine;
    private final BreakerRegistry breakers;
    private final Clock clock;
    private final Supplier<String> url;
    private final java.util.function.Function<Optional<FleetView>, Map<String, String>> views;
    private final AtomicReference<FleetSync> sync = new AtomicReference<>();
    private final AtomicReference<ProbeSharding> sharding = new AtomicReference<>();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "healthgate-fleet-connect");
        t.setDaemon(true);
        return t;
    });
    private volatile String problem = "not connected yet";
    private RedisCache cache;
    private RedisFleet fleet;

    /**
     * @param url where this instance serves, for the operator view (read once connected)
     * @param views the health views to publish under stable keys, by name, given the fleet view
     */
    FleetWiring(RedisConfig settings, HealthEngine engine, BreakerRegistry breakers, ProbeScheduler probes, OutcomeBus outcomes,
                Clock clock, Supplier<String> url, java.util.function.Function<Optional<FleetView>, Map<String, String>> views) {
        this.settings = settings;
        this.instanceId = settings.instanceId().isEmpty() ? defaultId() : settings.instanceId();
        this.engine = engine;
        this.breakers = breakers;
        this.clock = clock;
        this.url = url;
        this.views = views;
        // Until connected, this instance probes everything itself; then only the offers it leases.
        probes.probeOnly(id -> {
            ProbeSharding s = sharding.get();
            return s == null || s.owns(id);
        });
        outcomes.subscribe(o -> {
            FleetSync s = sync.get();
            if (s != null) {
                s.onOutcome(o);
            }
        });
    }

    /** Connects now (blocking, at most the connect timeout); on failure keeps trying every heartbeat. */
    FleetWiring start() {
        if (!tryConnect()) {
            long ms = settings.fleet().heartbeat().toMillis();
            connector.scheduleWithFixedDelay(() -> {
                if (sync.get() == null && tryConnect()) {
                    connector.shutdown();
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private synchronized boolean tryConnect() {
        try {
            cache = RedisCache.connect(settings.url(), instanceId, settings.keyPrefix(), RedisCache.DEFAULT_COUNTER_RETENTION);
            fleet = new RedisFleet(cache, clock);
            ProbeSharding s = new ProbeSharding(cache, instanceId, settings.fleet().leaseTime());
            FleetSync f = new FleetSync(instanceId, url, settings.fleet(), engine, breakers, fleet, fleet, s, cache, clock)
                    .publishViews(cache, () -> views.apply(view()));
            sharding.set(s);
            f.start();
            sync.set(f);
            log.info("fleet: instance {} on {} (lease {}, staleness bound {} ms)", instanceId, cache,
                    settings.fleet().leaseTime(), settings.fleet().stalenessBound().toMillis());
            return true;
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            if (!why.equals(problem)) {
                log.warn("fleet: {}; serving alone on this instance's own view and retrying", why);
            }
            problem = why;
            sharding.set(null);
            closeQuietly();
            return false;
        }
    }

    /** The fleet as this instance sees it (before it could connect: down, alone, probing everything). */
    Optional<FleetView> view() {
        FleetSync s = sync.get();
        if (s != null) {
            return Optional.of(s.view());
        }
        return Optional.of(new FleetView(instanceId, false, problem, List.of(), Optional.empty(),
                settings.fleet().stalenessBound(), 0, true, 0, 0, 0));
    }

    String instanceId() {
        return instanceId;
    }


    @Override
    public synchronized void close() {
        connector.shutdownNow();
        FleetSync s = sync.getAndSet(null);
        if (s != null) {
            s.close();
        }
        closeQuietly();
    }

    private void closeQuietly() {
        if (fleet != null) {
            fleet.close();
            fleet = null;
        }
        if (cache != null) {
            cache.close();
            cache = null;
        }
    }

}
