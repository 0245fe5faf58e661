package io.healthgate.health;

import io.healthgate.catalog.OfferId;

import java.time.Duration;
import java.util.Optional;

/**
 * Leases that shard probing across instances: an offer is probed only by the instance that holds
 * its lease. A lease lapses after its time to live unless renewed, so when an instance dies its
 * offers are taken over by others within one TTL. Each instance has one owner id.
 *
 * <p>Implementations block on the network: call them from the probe scheduler's executor, never
 * from an event loop. They throw an unchecked exception when the lease service is unreachable;
 * the caller decides whether to probe anyway.
 */
public interface ProbeLeases {

    /**
     * Takes the offer's lease for {@code ttl} if nobody holds it, or extends it if this owner
     * already does. Returns true when this owner holds it afterwards.
     */
    boolean tryAcquire(OfferId offer, Duration ttl);

    /** Extends the lease only if this owner still holds it; false when it lapsed or moved on. */
    boolean renew(OfferId offer, Duration ttl);

    /** Gives the lease up if this owner holds it (another owner's lease is never touched). */
    void release(OfferId offer);

    /** The owner holding the offer's lease now, if any. */
    Optional<String> holder(OfferId offer);
}
