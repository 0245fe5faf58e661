package io.healthgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.fleet.FleetChannel;
import io.healthgate.fleet.FleetCodec;
import io.healthgate.fleet.FleetEvent;
import io.healthgate.fleet.FleetMessage;
import io.healthgate.fleet.Instance;
import io.healthgate.fleet.InstanceRegistry;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The fleet's channel and instance registry on Redis, beside a {@link RedisCache} (same
 * connection, same key prefix):
 * <ul>
 *   <li>Messages go out with {@code PUBLISH} on {@code <prefix>fleet:events}; the newest per state
 *       key is kept in the hash {@code <prefix>fleet:state} (one script does both, so what is
 *       kept is what was sent). Probe outcomes are only published: they are evidence of a moment,
 *       not state.</li>
 *   <li>Instances are the hash {@code <prefix>fleet:instances}, one JSON field per instance id.</li>
 *   <li>Both hashes expire a day after their last write, so a fleet that is gone leaves nothing.</li>
 * </ul>
 * Listening uses its own pub/sub connection; Lettuce reconnects and subscribes again by itself
 * after an outage. Blocking calls, as on {@link RedisCache}.
 */
public final class RedisFleet implements FleetChannel, InstanceRegistry {
    private static final Logger log = LoggerFactory.getLogger(RedisFleet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long KEEP_MS = Duration.ofDays(1).toMillis();
    private static final String PUBLISH_AND_KEEP = "if ARGV[1] ~= '' then redis.call('hset', KEYS[1], ARGV[1], ARGV[2]); "
            + "redis.call('pexpire', KEYS[1], ARGV[3]) end; return redis.call('publish', KEYS[2], ARGV[2])";

    private final RedisCache cache;
    private final Clock clock;
    private final String events;
    private final String state;
    private final String instances;
    private StatefulRedisPubSubConnection<String, String> pubSub;

    public RedisFleet(RedisCache cache, Clock clock) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = cache.prefix() + "fleet:events";
        this.state = cache.prefix() + "fleet:state";
        this.instances = cache.prefix() + "fleet:instances";
    }

    @Override
    public void publish(FleetMessage message) {
        String json = FleetCodec.encode(message);
        String field = message.event() instanceof FleetEvent.Probed ? "" : message.event().stateKey();
        cache.call("publish fleet event", () -> cache.commands().<Long>eval(PUBLISH_AND_KEEP, ScriptOutputType.INTEGER,
                new String[] {state, events}, field, json, String.valueOf(KEEP_MS)));
    }

    @Override
    public synchronized void listen(Consumer<FleetMessage> listener) {
        Objects.requireNonNull(listener, "listener");
        if (pubSub != null) {
            throw new IllegalStateException("already listening on " + events);
        }
        StatefulRedisPubSubConnection<String, String> c = cache.call("subscribe to fleet events", () -> cache.client().connectPubSub());
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                FleetMessage m;
                try {
                    m = FleetCodec.decode(message);
                } catch (IllegalArgumentException e) {
                    log.warn("fleet message on {} ignored: {}", channel, e.getMessage());
                    return;
                }
                listener.accept(m);
            }
        });
        cache.call("subscribe to fleet events", () -> {
            c.sync().subscribe(events);
            return null;
        });
        pubSub = c;
    }

    @Override
    public List<FleetMessage> recent(Duration maxAge) {
        Map<String, String> all = cache.call("read fleet state", () -> cache.commands().hgetall(state));
        Instant oldest = clock.instant().minus(maxAge);
        List<FleetMessage> fresh = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        all.forEach((field, json) -> {
            try {
                FleetMessage m = FleetCodec.decode(json);
                if (m.observedAt().isBefore(oldest)) {
                    stale.add(field);
                } else {
                    fresh.add(m);
                }
            } catch (IllegalArgumentException e) {
                stale.add(field);
            }
        });
        if (!stale.isEmpty()) {
            cache.call("prune fleet state", () -> cache.commands().hdel(state, stale.toArray(new String[0])));
        }
        fresh.sort(Comparator.comparing(FleetMessage::observedAt));
        return fresh;
    }

    @Override
    public void heartbeat(Instance self) {
        String json = JSON.createObjectNode().put("id", self.id()).put("started", self.started().toEpochMilli())
                .put("last_seen", self.lastSeen().toEpochMilli()).put("leases_held", self.leasesHeld()).put("url", self.url())
                .toString();
        cache.call("heartbeat", () -> {
            cache.commands().hset(instances, self.id(), json);
            return cache.commands().pexpire(instances, KEEP_MS);
        });
    }

    @Override
    public List<Instance> live(Duration liveness) {
        Map<String, String> all = cache.call("read instances", () -> cache.commands().hgetall(instances));
        Instant now = clock.instant();
        List<Instance> live = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        all.forEach((id, json) -> {
            try {
                JsonNode n = JSON.readTree(json);
                Instance i = new Instance(n.path("id").asText(id), Instant.ofEpochMilli(n.path("started").asLong()),
                        Instant.ofEpochMilli(n.path("last_seen").asLong()), n.path("leases_held").asInt(), n.path("url").asText(""));
                if (i.lastSeen().plus(liveness).isAfter(now)) {
                    live.add(i);
                } else if (i.lastSeen().plus(liveness.multipliedBy(10)).isBefore(now)) {
                    gone.add(id);
                }
            } catch (Exception e) {
                gone.add(id);
            }
        });
        if (!gone.isEmpty()) {
            cache.call("forget gone instances", () -> cache.commands().hdel(instances, gone.toArray(new String[0])));
        }
        live.sort(Comparator.comparing(Instance::started).thenComparing(Instance::id));
        return live;
    }

    @Override
    public void leave(String id) {
        cache.call("leave", () -> cache.commands().hdel(instances, id));
    }

    @Override
    public synchronized void close() {
        if (pubSub != null) {
            pubSub.close();
            pubSub = null;
        }
    }

    @Override
    public String toString() {
        return "RedisFleet(" + cache.description() + ")";
    }
}
