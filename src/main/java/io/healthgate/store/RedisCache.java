package io.healthgate.store;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.FleetCounters;
import io.healthgate.health.OutcomeClass;
import io.healthgate.health.ProbeLeases;
import io.healthgate.fleet.SharedViews;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The optional shared cache (Redis, through Lettuce) that lets several instances act as one:
 * published health views with a time to live, fleet-wide outcome counters and probe leases.
 *
 * <p>Rules:
 * <ul>
 *   <li>Every key starts with the prefix (default {@value #DEFAULT_PREFIX}), so instances of
 *       different fleets can share one Redis.</li>
 *   <li>A lease is {@code SET key owner NX PX ttl}; renew and release run as Lua scripts that
 *       act only when the stored owner is this one, so an instance whose lease lapsed can never
 *       extend or delete the lease its successor took.</li>
 *   <li>Counters are one hash per offer per minute ({@code HINCRBY} by outcome class), each
 *       expiring {@code counterRetention} after its last write; increment and expiry run in one
 *       script, so no bucket is left without an expiry.</li>
 *   <li>Every method blocks on the network (commands time out after {@value #COMMAND_TIMEOUT_MS}
 *       ms, and fail at once while disconnected): call it from a worker, scheduler or virtual
 *       thread, never from an event loop. Failures are {@link StoreException}s without
 *       passwords.</li>
 * </ul>
 */
public final class RedisCache implements ProbeLeases, FleetCounters, SharedViews, AutoCloseable {
    public static final String DEFAULT_PREFIX = "healthgate:";
    /** Counter buckets outlive the longest window that reads them. */
    public static final Duration DEFAULT_COUNTER_RETENTION = Duration.ofHours(2);
    static final long COMMAND_TIMEOUT_MS = 2_000;
    /** A day of minute buckets: the most one {@link #counts} call reads. */
    static final int MAX_BUCKETS_PER_READ = 1_440;

    private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";
    private static final String INCREMENT = "redis.call('hincrby', KEYS[1], ARGV[1], ARGV[2]); "
            + "return redis.call('pexpire', KEYS[1], ARGV[3])";
    private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String owner;
    private final String prefix;
    private final Duration counterRetention;
    private final String description;

    private RedisCache(RedisClient client, StatefulRedisConnection<String, String> connection, String owner,
                       String prefix, Duration counterRetention, String description) {
        this.client = client;
        this.connection = connection;
        this.redis = connection.sync();
        this.owner = owner;
        this.prefix = prefix;
        this.counterRetention = counterRetention;
        this.description = description;
    }

    /** Connects with the default prefix and counter retention; {@code owner} names this instance. */
    public static RedisCache connect(String redisUrl, String owner) {
        return connect(redisUrl, owner, DEFAULT_PREFIX, DEFAULT_COUNTER_RETENTION);
    }

    /**
     * Connects to {@code redisUrl} ({@code redis://[:password@]host:port[/db]}). Blocks.
     *
     * @throws IllegalArgumentException for a blank owner or prefix, or a non-positive retention
     * @throws StoreException when Redis cannot be reached
     */
    public static RedisCache connect(String redisUrl, String owner, String prefix, Duration counterRetention) {
        requireText(owner, "owner");
        requireText(prefix, "key prefix");
        requirePositive(counterRetention, "counter retention");
        String redacted = redact(redisUrl);
        RedisClient client = null;
        try {
            RedisURI uri = RedisURI.create(Objects.requireNonNull(redisUrl, "redis URL"));
            uri.setTimeout(Duration.ofMillis(COMMAND_TIMEOUT_MS));
            // Reconnect within a second of Redis coming back, so an instance rejoins its fleet quickly.
            client = RedisClient.create(DefaultClientResources.builder()
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                    .build(), uri);
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(COMMAND_TIMEOUT_MS)).build())
                    .build());
            StatefulRedisConnection<String, String> connection = client.connect();
            return new RedisCache(client, connection, owner, prefix, counterRetention, "redis " + redacted);
        } catch (RuntimeException e) {
            if (client != null) {
                client.shutdown();
                client.getResources().shutdown();
            }
            throw new StoreException("cannot connect to Redis " + redacted + ": " + redact(String.valueOf(e.getMessage())), e);
        }
    }

    public String owner() {
        return owner;
    }

    /**
     * Publishes a health view (JSON) under the stable key {@code <prefix><name>} (e.g.
     * {@code healthgate:health:system}), readable by every instance until {@code ttl} passes.
     */
    @Override
    public void publish(String name, String json, Duration ttl) {
        requireText(name, "view name");
        requirePositive(ttl, "view ttl");
        call("publish view " + name, () -> redis.set(prefix + name, json, SetArgs.Builder.px(ttl)));
    }

    /** The view last published under {@code name}, unless its time to live has passed. */
    public Optional<String> view(String name) {
        return Optional.ofNullable(call("read view " + name, () -> redis.get(prefix + name)));
    }

    // ---- for the fleet channel and registry beside this class ----

    RedisClient client() {
        return client;
    }

    RedisCommands<String, String> commands() {
        return redis;
    }

    String prefix() {
        return prefix;
    }

    String description() {
        return description;
    }

    @Override
    public boolean tryAcquire(OfferId offer, Duration ttl) {
        requirePositive(ttl, "lease ttl");
        String key = leaseKey(offer);
        String set = call("acquire lease " + offer, () -> redis.set(key, owner, SetArgs.Builder.nx().px(ttl)));
        return "OK".equals(set) || renew(offer, ttl);
    }

    @Override
    public boolean renew(OfferId offer, Duration ttl) {
        requirePositive(ttl, "lease ttl");
        Long renewed = call("renew lease " + offer, () -> redis.eval(RENEW, ScriptOutputType.INTEGER,
                new String[] {leaseKey(offer)}, owner, String.valueOf(ttl.toMillis())));
        return renewed != null && renewed == 1L;
    }

    @Override
    public void release(OfferId offer) {
        call("release lease " + offer, () -> redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER,
                new String[] {leaseKey(offer)}, owner));
    }

    @Override
    public Optional<String> holder(OfferId offer) {
        return Optional.ofNullable(call("read lease " + offer, () -> redis.get(leaseKey(offer))));
    }

    @Override
    public void add(OfferId offer, OutcomeClass outcome, long count, Instant at) {
        if (count < 0) {
            throw new IllegalArgumentException("a counter only grows, got " + count + " for " + offer);
        }
        if (count == 0) {
            return;
        }
        String key = counterKey(offer, minute(at));
        call("count " + outcome.wireName() + " for " + offer, () -> redis.<Long>eval(INCREMENT, ScriptOutputType.INTEGER,
                new String[] {key}, outcome.wireName(), String.valueOf(count), String.valueOf(counterRetention.toMillis())));
    }

    @Override
    public Map<OutcomeClass, Long> counts(OfferId offer, Instant from, Instant to) {
        Map<OutcomeClass, Long> totals = new EnumMap<>(OutcomeClass.class);
        if (!to.isAfter(from)) {
            return totals;
        }
        long first = minute(from);
        long last = minute(to.minusMillis(1));
        if (last - first + 1 > MAX_BUCKETS_PER_READ) {
            throw new IllegalArgumentException("counter range " + from + " .. " + to + " spans more than "
                    + MAX_BUCKETS_PER_READ + " minutes");
        }
        return call("read counts for " + offer, () -> {
            // Pipelined: one round trip's worth of latency for the whole range.
            List<RedisFuture<Map<String, String>>> buckets = new ArrayList<>();
            for (long m = first; m <= last; m++) {
                buckets.add(connection.async().hgetall(counterKey(offer, m)));
            }
            if (!LettuceFutures.awaitAll(Duration.ofMillis(COMMAND_TIMEOUT_MS), buckets.toArray(new RedisFuture[0]))) {
                throw new RedisException("timed out reading " + buckets.size() + " counter buckets");
            }
            for (RedisFuture<Map<String, String>> bucket : buckets) {
                bucket.get().forEach((cls, n) -> totals.merge(OutcomeClass.fromWireName(cls), Long.parseLong(n), Long::sum));
            }
            return totals;
        });
    }

    /** A {@code PING} round trip, for readiness. */
    public boolean isReachable() {
        try {
            return connection.isOpen() && "PONG".equals(redis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
        client.getResources().shutdown();
    }

    @Override
    public String toString() {
        return "RedisCache(" + description + ", owner " + owner + ")";
    }

    String leaseKey(OfferId offer) {
        return prefix + "lease:" + offer.gateway() + ":" + offer.model();
    }

    String counterKey(OfferId offer, long minute) {
        return prefix + "counts:" + offer.gateway() + ":" + offer.model() + ":" + minute;
    }

    static long minute(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }

    /** The URL with any user info (password) replaced by {@code ***}, safe to log. */
    static String redact(String url) {
        return url == null ? "null" : USER_INFO.matcher(url).replaceAll("//***@");
    }

    /** One blocking Redis interaction. */
    interface RedisCall<T> {
        T run() throws Exception;
    }

    <T> T call(String what, RedisCall<T> command) {
        try {
            return command.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(what + " interrupted on " + description, e);
        } catch (Exception e) {
            throw new StoreException(what + " failed on " + description + ": " + redact(String.valueOf(e.getMessage())), e);
        }
    }

    static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, got '" + value + "'");
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() == 0) {
            throw new IllegalArgumentException(what + " must be at least 1 ms, got " + d);
        }
    }
}
