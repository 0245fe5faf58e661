package io.healthgate.fleet;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.FleetCounters;
import io.healthgate.health.OutcomeClass;
import io.healthgate.health.ProbeLeases;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A fleet's shared services in memory, on a (fake) clock: channel, registry, leases and
 * counters, one {@link Member} view per instance. {@link #cut()} makes every call fail as an
 * unreachable Redis would; {@link #restore()} brings it back (messages sent meanwhile are lost).
 */
final class InMemoryFleet {
    private final Clock clock;
    private final List<Consumer<FleetMessage>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, FleetMessage> state = new LinkedHashMap<>();
    private final Map<String, Instance> instances = new HashMap<>();
    private final Map<OfferId, Lease> leases = new HashMap<>();
    private final Map<OfferId, Map<OutcomeClass, Long>> counts = new HashMap<>();
    final List<FleetMessage> sent = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    private record Lease(String owner, Instant until) {
    }

    InMemoryFleet(Clock clock) {
        this.clock = clock;
    }

    void cut() {
        cut = true;
    }

    void restore() {
        cut = false;
    }

    synchronized Map<OutcomeClass, Long> counts(OfferId offer) {
        return Map.copyOf(counts.getOrDefault(offer, Map.of()));
    }

    synchronized Optional<String> holder(OfferId offer) {
        Lease l = leases.get(offer);
        return l == null || !l.until().isAfter(clock.instant()) ? Optional.empty() : Optional.of(l.owner());
    }

    private void check() {
        if (cut) {
            throw new IllegalStateException("redis unreachable (cut by the test)");
        }
    }

    Member member(String id) {
        return new Member(id);
    }

    /** One instance's view of the shared services. */
    final class Member implements FleetChannel, InstanceRegistry, ProbeLeases, FleetCounters {
        private final String id;

        Member(String id) {
            this.id = id;
        }

        @Override
        public void publish(FleetMessage message) {
            check();
            synchronized (InMemoryFleet.this) {
                if (!(message.event() instanceof FleetEvent.Probed)) {
                    state.put(message.event().stateKey(), message);
                }
            }
            sent.add(message);
            for (Consumer<FleetMessage> l : listeners) {
                l.accept(FleetCodec.decode(FleetCodec.encode(message)));
            }
        }

        @Override
        public void listen(Consumer<FleetMessage> listener) {
            listeners.add(m -> {
                if (!cut) {
                    listener.accept(m);
                }
            });
        }

        @Override
        public List<FleetMessage> recent(Duration maxAge) {
            check();
            synchronized (InMemoryFleet.this) {
                Instant oldest = clock.instant().minus(maxAge);
                return state.values().stream().filter(m -> !m.observedAt().isBefore(oldest)).toList();
            }
        }

        @Override
        public void close() {
        }

        @Override
        public void heartbeat(Instance self) {
            check();
            synchronized (InMemoryFleet.this) {
                instances.put(self.id(), self);
            }
        }

        @Override
        public List<Instance> live(Duration liveness) {
            check();
            synchronized (InMemoryFleet.this) {
                Instant now = clock.instant();
                return instances.values().stream().filter(i -> i.lastSeen().plus(liveness).isAfter(now))
                        .sorted(Comparator.comparing(Instance::id)).toList();
            }
        }

        @Override
        public void leave(String who) {
            check();
            synchronized (InMemoryFleet.this) {
                instances.remove(who);
            }
        }

        @Override
        public boolean tryAcquire(OfferId offer, Duration ttl) {
            check();
            synchronized (InMemoryFleet.this) {
                Optional<String> h = holder(offer);
                if (h.isPresent() && !h.get().equals(id)) {
                    return false;
                }
                leases.put(offer, new Lease(id, clock.instant().plus(ttl)));
                return true;
            }
        }

        @Override
        public boolean renew(OfferId offer, Duration ttl) {
            check();
            synchronized (InMemoryFleet.this) {
                if (!holder(offer).map(id::equals).orElse(false)) {
                    return false;
                }
                leases.put(offer, new Lease(id, clock.instant().plus(ttl)));
                return true;
            }
        }

        @Override
        public void release(OfferId offer) {
            check();
            synchronized (InMemoryFleet.this) {
                if (holder(offer).map(id::equals).orElse(false)) {
                    leases.remove(offer);
                }
            }
        }

        @Override
        public Optional<String> holder(OfferId offer) {
            check();
            return InMemoryFleet.this.holder(offer);
        }

        @Override
        public void add(OfferId offer, OutcomeClass outcome, long count, Instant at) {
            check();
            synchronized (InMemoryFleet.this) {
                counts.computeIfAbsent(offer, o -> new EnumMap<>(OutcomeClass.class)).merge(outcome, count, Long::sum);
            }
        }

        @Override
        public Map<OutcomeClass, Long> counts(OfferId offer, Instant from, Instant to) {
            check();
            return InMemoryFleet.this.counts(offer);
        }
    }

    static List<String> ids(List<Instance> list) {
        List<String> out = new ArrayList<>();
        list.forEach(i -> out.add(i.id()));
        return out;
    }
}
