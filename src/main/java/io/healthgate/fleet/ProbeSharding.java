package io.healthgate.fleet;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.ProbeLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Divides probing among live instances by lease, so each offer is probed by one instance for the
 * whole fleet. Rules, applied on every {@link #rebalance} pass (every third of the lease time):
 * <ul>
 *   <li>Each offer has one preferred instance among the live ones (rendezvous hashing: the
 *       highest hash of instance and offer), so offers spread evenly and a change of membership
 *       moves only the offers of the instance that came or went.</li>
 *   <li>The preferred instance takes the lease when it is free; the holder renews it each pass.
 *       A holder that is no longer preferred, while the preferred instance is alive, releases it
 *       so the preferred one takes it on its next pass.</li>
 *   <li>An offer nobody has held for two passes in a row is taken by whoever sees it first (its
 *       preferred instance may be gone before the registry noticed).</li>
 *   <li>A lease that lapses (its holder died) is free again after the lease time, so others take
 *       the offers of a dead instance within the lease time plus one pass.</li>
 *   <li>Before its first pass an instance probes nothing (it is about to learn its share). When
 *       the lease service cannot be reached, it probes everything itself: health must never go
 *       blind because Redis did.</li>
 * </ul>
 * Only {@link #owns} is read by the probe scheduler; it reads an immutable set, never the network.
 */
public final class ProbeSharding {
    private static final Logger log = LoggerFactory.getLogger(ProbeSharding.class);

    private final ProbeLeases leases;
    private final String self;
    private final Duration leaseTime;
    private volatile Set<OfferId> owned = Set.of();
    private volatile boolean fallback;
    private Set<OfferId> unheldLastPass = Set.of();

    public ProbeSharding(ProbeLeases leases, String self, Duration leaseTime) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.self = Objects.requireNonNull(self, "self");
        this.leaseTime = Objects.requireNonNull(leaseTime, "leaseTime");
    }

    /** True when this instance probes the offer now: it holds its lease, or leases are unreachable. */
    public boolean owns(OfferId offer) {
        return fallback || owned.contains(offer);
    }

    /** Leases held now (0 while falling back to probing everything). */
    public int held() {
        return fallback ? 0 : owned.size();
    }

    /** True while the lease service is unreachable and this instance probes every offer. */
    public boolean fallingBack() {
        return fallback;
    }

    /**
     * One pass over every offer (blocking: the fleet's own thread). {@code live} are the ids of
     * the live instances; this one is counted whether or not the registry lists it yet.
     *
     * @return false when the lease service failed (this instance then probes everything)
     */
    public synchronized boolean rebalance(Collection<OfferId> offers, Collection<String> live) {
        Set<String> members = new HashSet<>(live);
        members.add(self);
        List<String> sorted = members.stream().sorted().toList();
        Set<OfferId> mine = new HashSet<>();
        Set<OfferId> unheld = new HashSet<>();
        try {
            for (OfferId offer : offers) {
                String preferred = preferred(offer, sorted);
                boolean holding = owned.contains(offer);
                if (holding && !preferred.equals(self)) {
                    leases.release(offer);
                    continue;
                }
                if (holding && leases.renew(offer, leaseTime)) {
                    mine.add(offer);
                    continue;
                }
                if (preferred.equals(self) || unheldLastPass.contains(offer)) {
                    if (leases.tryAcquire(offer, leaseTime)) {
                        mine.add(offer);
                    }
                    continue;
                }
                if (leases.holder(offer).isEmpty()) {
                    unheld.add(offer);
                }
            }
        } catch (RuntimeException e) {
            if (!fallback) {
                log.warn("probe leases unreachable ({}); this instance probes every offer itself until they return", e.toString());
            }
            fallback = true;
            return false;
        }
        if (fallback) {
            log.info("probe leases reachable: this instance probes {} of {} offers", mine.size(), offers.size());
        }
        owned = Set.copyOf(mine);
        unheldLastPass = unheld;
        fallback = false;
        return true;
    }

    /** Gives every lease up (a clean stop), so the others take the offers on their next pass. */
    public synchronized void releaseAll() {
        for (OfferId offer : owned) {
            try {
                leases.release(offer);
            } catch (RuntimeException e) {
                log.debug("release of {} failed: {}", offer, e.toString());
                break;
            }
        }
        owned = Set.of();
    }

    /** Rendezvous hashing: the member with the highest mixed hash of (member, offer). */
    static String preferred(OfferId offer, List<String> members) {
        String best = null;
        long bestScore = Long.MIN_VALUE;
        for (String m : members) {
            long score = mix(m.hashCode() * 0x9E3779B97F4A7C15L + offer.gateway().hashCode() * 31L + offer.model().hashCode());
            if (best == null || score > bestScore) {
                best = m;
                bestScore = score;
            }
        }
        return best;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
