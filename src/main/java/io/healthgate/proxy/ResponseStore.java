package io.healthgate.proxy;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Responses API conversations this instance answered, so a later request may continue one
 * with {@code previous_response_id}: kept for {@link #ttl()} after they were answered, at most
 * {@link #capacity()} of them (the oldest go first). In memory and per instance: a conversation
 * continued on another instance behind a load balancer is not found there (the client gets a 404
 * saying so, and can send the whole input instead).
 */
public final class ResponseStore {
    public static final int DEFAULT_CAPACITY = 10_000;
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private record Entry(ArrayNode items, Instant expires) {
    }

    private final Clock clock;
    private final int capacity;
    private final Duration ttl;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public ResponseStore(Clock clock, int capacity, Duration ttl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        this.capacity = capacity;
        this.ttl = ttl;
    }

    public static ResponseStore defaults(Clock clock) {
        return new ResponseStore(clock, DEFAULT_CAPACITY, DEFAULT_TTL);
    }

    /** Keeps the conversation that ended with response {@code id}. */
    public synchronized void keep(String id, ArrayNode items) {
        entries.remove(id);
        entries.put(id, new Entry(items.deepCopy(), clock.instant().plus(ttl)));
        while (entries.size() > capacity) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    /** The conversation up to and including response {@code id}, if it is still kept. */
    public synchronized Optional<ArrayNode> find(String id) {
        Entry e = entries.get(id);
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.expires())) {
            entries.remove(id);
            return Optional.empty();
        }
        return Optional.of(e.items().deepCopy());
    }

    public int capacity() {
        return capacity;
    }

    public Duration ttl() {
        return ttl;
    }
}
